#!/usr/bin/env bash
# Prepare everything tests/pyodide/run_tests.mjs needs:
#   - node_modules/pyodide at the version pinned in package-lock.json,
#   - the pinned wheels of requirements-pyodide.txt (hash-checked),
#   - a fresh wheel of calculator/ (package `scoresheet`),
# all in one wheel dir (default .cache/pyodide-wheels, or $PYODIDE_WHEEL_DIR).
# Idempotent: a second run with nothing changed downloads and builds nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REQS="$ROOT/tests/pyodide/requirements-pyodide.txt"
WHEELS="${PYODIDE_WHEEL_DIR:-$ROOT/.cache/pyodide-wheels}"
# Only pip is needed: the project venv's if there, else python3's.
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$PYTHON" ]] || PYTHON=python3
mkdir -p "$WHEELS" && WHEELS="$(cd "$WHEELS" && pwd)"  # absolute before cd
cd "$ROOT"

# 1. Pyodide runtime: `npm ci` only if missing or not the locked version.
want=$(node -p 'require("./package-lock.json").packages["node_modules/pyodide"].version')
have=$(node -p 'try{require("./node_modules/pyodide/package.json").version}catch{""}')
if [[ "$want" != "$have" ]]; then
  npm ci --no-audit --no-fund
fi

# Wheels with compiled parts (hypothesis._native) must be built for this
# Pyodide's ABI; read it from the runtime so a Pyodide bump can't mismatch.
abi=$(node -p 'require("./node_modules/pyodide/pyodide-lock.json").info.abi_version')
platform="pyemscripten_${abi}_wasm32"

# 2. Pinned wheels: keep a file if its sha256 matches the pin, else fetch it.
keep=()     # basenames that belong in $WHEELS
missing=()  # requirement lines to download
while read -r req hash; do
  [[ -z "$req" || "$req" == \#* ]] && continue
  name="${req%%==*}"; version="${req#*==}"; sha="${hash#--hash=sha256:}"
  norm=$(tr 'A-Z' 'a-z' <<<"$name" | sed 's/[-_.]\+/_/g')  # wheel filename form
  found=""
  for f in "$WHEELS/${norm}-${version}-"*.whl; do
    [[ -e "$f" ]] && [[ "$(sha256sum "$f" | cut -d' ' -f1)" == "$sha" ]] && found="$f"
  done
  if [[ -n "$found" ]]; then keep+=("$(basename "$found")"); else missing+=("$req $hash"); fi
done <"$REQS"

if ((${#missing[@]})); then
  echo "prepare.sh: downloading ${#missing[@]} wheel(s) for cp314/$platform" >&2
  tmpreq=$(mktemp); trap 'rm -f "$tmpreq"' EXIT
  printf '%s\n' "${missing[@]}" >"$tmpreq"
  # --require-hashes: a wheel that isn't byte-identical to the pin fails here.
  # --platform: pure wheels still match (py3-none-any); compiled ones get wasm32.
  "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
    --python-version 3.14 --implementation cp --abi cp314 --platform "$platform" \
    -d "$WHEELS" -r "$tmpreq"
  for line in "${missing[@]}"; do
    req="${line%% *}"; norm=$(tr 'A-Z' 'a-z' <<<"${req%%==*}" | sed 's/[-_.]\+/_/g')
    for f in "$WHEELS/${norm}-${req#*==}-"*.whl; do keep+=("$(basename "$f")"); done
  done
fi

# 3. Calculator wheel: rebuild only if some source file is newer than the wheel
# (find -newer also sees directories, so deleted/added files count too).
calc=$(ls "$WHEELS"/scoresheet-*.whl 2>/dev/null | head -n1 || true)
if [[ -z "$calc" || "${FORCE_BUILD:-}" == 1 ]] ||
   [[ -n "$(find calculator -name __pycache__ -prune -o -newer "$calc" -print -quit)" ]]; then
  out=$(mktemp -d); touch "$out/started"  # an edit made mid-build must still look newer
  # pip wheel = same PEP 517 isolated flit_core build as `python -m build
  # --wheel`, but needs only pip (no `build` package on a bare python3).
  "$PYTHON" -m pip wheel --no-deps --wheel-dir "$out" ./calculator >"$out/build.log" 2>&1 ||
    { cat "$out/build.log" >&2; echo "prepare.sh: calculator wheel build failed" >&2; exit 1; }
  rm -f "$WHEELS"/scoresheet-*.whl
  mv "$out"/scoresheet-*.whl "$WHEELS"/
  calc=$(ls "$WHEELS"/scoresheet-*.whl)
  touch -r "$out/started" "$calc"; rm -rf "$out"
  echo "prepare.sh: built $(basename "$calc")" >&2
fi
keep+=("$(basename "$calc")")

# run_tests.mjs loads every wheel in the dir: drop anything not pinned/built.
for f in "$WHEELS"/*.whl; do
  b=$(basename "$f")
  [[ " ${keep[*]} " == *" $b "* ]] || { echo "prepare.sh: removing stale $b" >&2; rm -f "$f"; }
done
echo "prepare.sh: ${#keep[@]} wheels ready in $WHEELS" >&2
