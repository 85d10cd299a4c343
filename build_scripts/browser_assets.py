"""The calculator's runtime in the built site: Pyodide, the ``scoresheet`` wheel, vendor libraries.

``copy_browser_assets(site_dir)`` runs after every site build (``on_post_build``, also
under ``mkdocs serve``) and writes::

    assets/pyodide/<version>/      Pyodide's runtime, as the npm package ships it, plus
                                   python_stdlib.<hash>.zip: the same standard library with
                                   the modules the calculator loads precompiled to .pyc,
                                   and snapshot.<hash>.bin.gz: Pyodide's memory with the
                                   calculator imported, sparse and gzipped (optional: the
                                   worker falls back to a normal start)
    assets/wheels/<hash>/          scoresheet-<version>-py3-none-any.whl (with its .pyc)
    assets/vendor/                 comlink, vega, vega-lite, vega-interpreter (Vega's
                                   expression interpreter: charts without `eval`, under
                                   the pages' Content Security Policy), vega-tooltip;
                                   licenses/
    assets/calculator/runtime.mjs  where the worker finds the above (relative addresses)
    assets/calculator/app.bundle.mjs  the calculator's UI modules (docs/assets/calculator/,
                                   copied by MkDocs) in one file, bundled by esbuild: the
                                   pages load this one file instead of some twenty modules,
                                   which on an HTTP/1.1 server (six connections per host)
                                   queued in front of the runtime's downloads. client.mjs
                                   stays a module of its own: the head script and the
                                   bundle share one instance of it (one worker per tab).

Every runtime file lives under a versioned or content-hashed folder, so a web server can
let browsers keep them for a year (see the README, "Deploying").

The wheel is built from ``calculator/`` with pip (as tests/pyodide/prepare.sh does), then
its modules and the standard library are compiled to bytecode by the very Pyodide the
site ships, running under Node, which also makes the memory snapshot
(``pyodide_compile.mjs``): CPython compiling the stdlib on every page load was most of a
cold start. Both steps are cached in ``.cache/browser-assets/`` under a hash of their
inputs, so a rebuild copies files only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("mkdocs.browser_assets")

RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide-lock.json",
    "python_stdlib.zip",
)
"""Pyodide 314's runtime. The calculator itself never fetches pyodide-lock.json or the
stock python_stdlib.zip (it passes a lock stub and its precompiled stdlib); they are
shipped so that the documented ``loadPyodide({indexURL})`` works against the site too."""

VENDOR = {
    "comlink.min.mjs": "comlink/dist/esm/comlink.min.mjs",
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
}
"""Site file name under assets/vendor/ -> file in node_modules (source maps go along)."""

VEGA_MODULES = {
    "vega-interpreter.mjs": (
        "vega-interpreter/build/vega-interpreter.js",
        "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';",
    ),
    "vega-tooltip.mjs": (
        "vega-tooltip/build/index.js",
        "import { isArray, isString, isObject } from 'vega-util';",
    ),
}
"""Site file name under assets/vendor/ -> (ES module in node_modules, its vega-util import).
Both import a few helpers from vega-util; the site serves them reading those from the
``vega`` global instead (vega.min.js, loaded first, exports all of vega-util)."""

LICENSED = ("pyodide", "comlink", "vega", "vega-lite", "vega-interpreter", "vega-tooltip")
CACHE_KEEP = 4
"""Compiled outputs kept in the cache (older ones are removed)."""


# The sparse snapshot's header starts with this word ("SYPS", little-endian), then the
# memory size; written by pyodide_compile.mjs, read by worker.mjs.
SPARSE_MAGIC = 0x53505953


class BrowserAssetsError(Exception):
    """The runtime could not be put together; the message says what to run."""


def copy_browser_assets(site_dir: Path, project_dir: Path | None = None) -> None:
    """Write the calculator's runtime files into the built site (see the module docstring)."""
    project = (project_dir or ROOT).resolve()
    node_modules = _node_modules(project)
    pyodide = node_modules / "pyodide"
    version = _package_version(pyodide)
    calculator = _calculator_sources(project)
    cache = calculator.parent / ".cache" / "browser-assets"

    stdlib, wheel, snapshot = _compiled(pyodide, calculator, cache)

    assets = site_dir / "assets"
    runtime_dir = assets / "pyodide" / version
    runtime_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        _copy(pyodide / name, runtime_dir / name)
    stdlib_name = f"python_stdlib.{_digest(stdlib.read_bytes())[:12]}.zip"
    _copy(stdlib, runtime_dir / stdlib_name)
    snapshot_name = f"snapshot.{_digest(snapshot.read_bytes())[:12]}.bin.gz"
    _copy(snapshot, runtime_dir / snapshot_name)
    wheel_dir = assets / "wheels" / _digest(wheel.read_bytes())[:12]
    wheel_dir.mkdir(parents=True, exist_ok=True)
    _copy(wheel, wheel_dir / wheel.name)

    vendor = assets / "vendor"
    (vendor / "licenses").mkdir(parents=True, exist_ok=True)
    for name, source in VENDOR.items():
        _copy(node_modules / source, vendor / name)
        source_map = node_modules / (source + ".map")
        if source_map.is_file():
            _copy(source_map, vendor / (name + ".map"))
    for name, (source, vega_util_import) in VEGA_MODULES.items():
        _write_vega_module(node_modules / source, vega_util_import, vendor / name)
    notices = []
    for package in LICENSED:
        meta = json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))
        licence = node_modules / package / "LICENSE"
        if licence.is_file():
            _copy(licence, vendor / "licenses" / f"{package}.txt")
        notices.append(f"{package} {meta['version']}: {meta.get('license', '?')}, {_homepage(meta)}")
    (vendor / "licenses" / "README.txt").write_text(
        "Third-party software this site serves (from the npm registry), with its licence:\n\n"
        + "\n".join(notices)
        + "\n\nPyodide bundles CPython (PSF License) and other libraries; see its homepage.\n",
        encoding="utf-8",
    )

    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    manifest = {
        "version": version,
        # Addresses relative to assets/calculator/, where the worker and this file live.
        "indexURL": f"../pyodide/{version}/",
        "stdlib": f"../pyodide/{version}/{stdlib_name}",
        "wheel": f"../wheels/{wheel_dir.name}/{wheel.name}",
        # Pyodide's memory right after importing the calculator (gzip); made from the two
        # files above. Tried first; the worker falls back to a normal start without it.
        "snapshot": f"../pyodide/{version}/{snapshot_name}",
        # Its size in memory: the worker allocates it up front and fills it while the
        # WebAssembly compiles (Pyodide needs the size before it creates the module).
        "snapshotSize": _snapshot_size(snapshot),
        # No package is ever loaded from a lock file: a stub saves fetching the real one.
        "lock": {"info": lock["info"], "packages": {}},
    }
    calculator_assets = assets / "calculator"
    calculator_assets.mkdir(parents=True, exist_ok=True)
    _bundle_ui(node_modules, calculator_assets)
    (calculator_assets / "runtime.mjs").write_text(
        "// Generated by build_scripts/browser_assets.py: the runtime files of this build.\n"
        f"export default {json.dumps(manifest, indent=2)};\n",
        encoding="utf-8",
    )


def _node_modules(project: Path) -> Path:
    for candidate in (project / "node_modules", ROOT / "node_modules"):
        if (candidate / "pyodide" / "pyodide.asm.wasm").is_file():
            return candidate
    raise BrowserAssetsError("node_modules/pyodide is missing: run `npm ci` (or `make setup`)")


def _package_version(package: Path) -> str:
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    assert isinstance(version, str)
    return version


def _homepage(meta: dict[str, object]) -> str:
    homepage = meta.get("homepage")
    return homepage if isinstance(homepage, str) else f"https://www.npmjs.com/package/{meta['name']}"


def _calculator_sources(project: Path) -> Path:
    """calculator/ beside the site's sources, else where the installed scoresheet comes from."""
    candidates = [project / "calculator", ROOT / "calculator"]
    spec = find_spec("scoresheet")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).resolve().parents[1])
    for candidate in candidates:
        if (candidate / "pyproject.toml").is_file() and (candidate / "scoresheet" / "__init__.py").is_file():
            return candidate
    raise BrowserAssetsError("the calculator's sources (calculator/pyproject.toml) were not found")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree_digest(folder: Path) -> str:
    """Hash of a source tree: every file's path and bytes, build leftovers left out."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        skip = {"__pycache__", "build", "dist"}
        if not path.is_file() or skip & set(relative.parts) or path.suffix == ".pyc":
            continue
        if any(part.endswith(".egg-info") for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode() + b"\0" + _digest(path.read_bytes()).encode())
    return digest.hexdigest()


def _snapshot_size(snapshot: Path) -> int:
    """The memory size a sparse snapshot restores to (its header; see pyodide_compile.mjs)."""
    with gzip.open(snapshot, "rb") as stream:
        magic, size = struct.unpack("<II", stream.read(8))
    if magic != SPARSE_MAGIC:
        raise BrowserAssetsError(f"{snapshot}: not a sparse memory snapshot")
    return int(size)


def _compiled(pyodide: Path, calculator: Path, cache: Path) -> tuple[Path, Path, Path]:
    """(precompiled stdlib zip, precompiled wheel, snapshot), from the cache or built now."""
    compiler = Path(__file__).with_name("pyodide_compile.mjs")
    key = hashlib.sha256()
    key.update(_tree_digest(calculator).encode())
    key.update(_package_version(pyodide).encode())
    for name in ("python_stdlib.zip", "pyodide.asm.wasm"):
        key.update(_digest((pyodide / name).read_bytes()).encode())
    key.update(compiler.read_bytes())
    key.update((ROOT / "docs" / "assets" / "calculator" / "snapshot.mjs").read_bytes())  # the check's reader
    entry = cache / key.hexdigest()[:24]
    if entry.is_dir():
        wheels = list(entry.glob("scoresheet-*.whl"))
        if (entry / "python_stdlib.zip").is_file() and (entry / "snapshot.bin.gz").is_file() and wheels:
            os.utime(entry)  # most recently used: kept when the cache is pruned
            return entry / "python_stdlib.zip", wheels[0], entry / "snapshot.bin.gz"

    node = shutil.which("node")
    if node is None:
        raise BrowserAssetsError("node is not on PATH: the site build runs Pyodide under Node")
    cache.mkdir(parents=True, exist_ok=True)
    log.info("calculator runtime: building the scoresheet wheel, compiling for Pyodide (cached)")
    with tempfile.TemporaryDirectory(dir=cache, prefix="tmp-") as scratch:
        work = Path(scratch)
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--quiet",
             "--wheel-dir", str(work / "plain"), str(calculator)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        plain = list((work / "plain").glob("scoresheet-*.whl"))
        if built.returncode != 0 or len(plain) != 1:
            raise BrowserAssetsError(f"building the scoresheet wheel failed:\n{built.stdout}{built.stderr}")
        out = work / "out"
        out.mkdir()
        compiled = subprocess.run(
            [node, str(compiler), str(pyodide), str(plain[0]), str(out)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if compiled.returncode != 0:
            raise BrowserAssetsError(f"compiling for Pyodide failed:\n{compiled.stdout}{compiled.stderr}")
        for line in compiled.stdout.splitlines():
            log.info(line)
        try:
            out.rename(entry)  # atomic: a concurrent build sees all of it or nothing
        except OSError:
            if not entry.is_dir():
                raise
    _prune(cache)
    return entry / "python_stdlib.zip", entry / plain[0].name, entry / "snapshot.bin.gz"


def _prune(cache: Path) -> None:
    entries = sorted(
        (p for p in cache.iterdir() if p.is_dir() and not p.name.startswith("tmp-")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[CACHE_KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def _bundle_ui(node_modules: Path, calculator_assets: Path) -> None:
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists():
        raise BrowserAssetsError(f"{esbuild} is missing: run `npm ci` (or `make setup`)")
    entry = calculator_assets / "app.mjs"
    if not entry.is_file():
        raise BrowserAssetsError(f"{entry} is missing: the calculator's UI was not copied into the site")
    bundled = subprocess.run(
        [str(esbuild), str(entry), "--bundle", "--format=esm", "--minify", "--sourcemap",
         "--target=es2022", "--external:./client.mjs", "--log-level=warning",
         f"--outfile={calculator_assets / 'app.bundle.mjs'}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if bundled.returncode != 0 or bundled.stderr.strip():
        raise BrowserAssetsError(f"bundling the calculator's UI failed:\n{bundled.stdout}{bundled.stderr}")


def _write_vega_module(source: Path, vega_util_import: str, target: Path) -> None:
    if not source.is_file():
        raise BrowserAssetsError(f"{source} is missing: run `npm ci` (or `make setup`)")
    text = source.read_text(encoding="utf-8")
    if vega_util_import not in text:
        raise BrowserAssetsError(f"{source}: its vega-util import changed; update VEGA_MODULES")
    names = vega_util_import[len("import ") : vega_util_import.index(" from")]
    text = text.replace(vega_util_import, f"const {names} = globalThis.vega;", 1)
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    """Copy unless the target already holds the same bytes (size and mtime as a shortcut)."""
    if not source.is_file():
        raise BrowserAssetsError(f"{source} is missing: run `npm ci` (or `make setup`)")
    try:
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and int(old.st_mtime) == int(new.st_mtime):
            return
    except FileNotFoundError:
        pass
    shutil.copy2(source, target)
