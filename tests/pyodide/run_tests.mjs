#!/usr/bin/env node
// Run tests/calculator with pytest inside real Pyodide (CPython 3.14 on
// WebAssembly) under Node, against the *built wheel* of calculator/ -- the
// same bytes the static site loads in the browser.
//
//   bash tests/pyodide/prepare.sh                      # fill the wheel dir
//   node tests/pyodide/run_tests.mjs [--wheels=DIR] [pytest args...]
//
// Wheel dir: --wheels=DIR, else $PYODIDE_WHEEL_DIR, else <repo>/.cache/pyodide-wheels.
// Every *.whl there is installed. Exit code: pytest's (0-5), or 3 when the
// harness itself fails (a wheel won't load, scoresheet not from the wheel...).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HARNESS_ERROR = 3; // pytest's INTERNAL_ERROR
const die = (msg) => {
  console.error(`run_tests.mjs: ${msg}`);
  process.exit(HARNESS_ERROR);
};

const args = process.argv.slice(2);
let wheelDir = process.env.PYODIDE_WHEEL_DIR || path.join(ROOT, ".cache/pyodide-wheels");
if (args[0]?.startsWith("--wheels=")) wheelDir = args.shift().slice("--wheels=".length);
wheelDir = path.resolve(wheelDir);
const wheels = fs.existsSync(wheelDir)
  ? fs.readdirSync(wheelDir).filter((f) => f.endsWith(".whl")).sort()
  : [];
for (const need of ["scoresheet-", "pytest-", "hypothesis-"])
  if (!wheels.some((w) => w.startsWith(need)))
    die(`no ${need}*.whl in ${wheelDir}: run tests/pyodide/prepare.sh`);

// Host env goes through (CI=true makes hypothesis pick its "ci" profile, as
// natively), minus PYTHON* (PYTHONPATH could put the source tree on sys.path);
// HOME and TMPDIR must name dirs of Pyodide's in-memory filesystem.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith("PYTHON")),
);
Object.assign(env, {
  HOME: "/home/pyodide",
  TMPDIR: "/tmp",
  // Hypothesis' storage dir (.hypothesis/, its example database) defaults to
  // the cwd, which is the NODEFS-mounted repo: keep it in in-memory /tmp.
  HYPOTHESIS_STORAGE_DIRECTORY: "/tmp/.hypothesis",
});
if (process.stdout.isTTY) env.COLUMNS = String(process.stdout.columns);

const t0 = Date.now();
const py = await loadPyodide({ env });
// Unbuffered byte passthrough keeps pytest's progress dots and colours.
const passthrough = (stream) => ({
  write: (buf) => (stream.write(Buffer.from(buf)), buf.length),
  isatty: !!stream.isTTY,
});
py.setStdout(passthrough(process.stdout));
py.setStderr(passthrough(process.stderr));

// Install wheels straight into site-packages (unpackArchive's default
// extractDir is the cwd). A corrupt archive throws here.
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
for (const w of wheels) {
  try {
    const data = new Uint8Array(fs.readFileSync(path.join(wheelDir, w))); // not a Buffer
    py.unpackArchive(data, "wheel", { extractDir: sitePackages });
  } catch (e) {
    die(`cannot unpack ${w}: ${e.message}`);
  }
}

// Mount the repo (read-write: NODEFS has no read-only mode) at its own path,
// so tracebacks show real paths and tests find their files as natively. Also
// the shared/ folder that sits beside the clone (locally and in CI), where
// tests read large data from (test_genius: ../shared/data/genius).
for (const dir of [ROOT, path.join(path.dirname(ROOT), "shared")]) {
  if (!fs.existsSync(dir)) continue;
  py.FS.mkdirTree(dir);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, dir);
}

py.globals.set("ROOT", ROOT);
py.globals.set("PYODIDE_VERSION", py.version);
py.globals.set("STARTUP_S", (Date.now() - t0) / 1000);
py.globals.set("WHEELS", py.toPy(wheels));
py.globals.set("ARGS", py.toPy(args));
let currentTest = "";  // names the test if Pyodide dies mid-run
py.globals.set("note_test", (nodeid) => { currentTest = nodeid; });
let code;
try {
  code = py.runPython(String.raw`
import os, re, sys, importlib.metadata as md
os.chdir(ROOT)
sys.dont_write_bytecode = True  # no __pycache__ (nor pytest's rewritten .pyc) in the mounted repo

class HarnessError(Exception):
    pass

# Every wheel must show up as an installed distribution.
have = {re.sub(r"[-_.]+", "_", d.metadata["Name"]).lower() for d in md.distributions()}
for w in WHEELS:
    if w.split("-")[0].lower() not in have:
        raise HarnessError(f"wheel {w} is not installed")

# Bind scoresheet to the wheel before any conftest can edit sys.path.
# (hypothesis is not imported here: pytest would then warn that it can't
# assert-rewrite its plugin. PyodidePlugin imports it, so a wasm ABI mismatch
# in hypothesis._native still fails the run, as an INTERNALERROR.)
import pytest, scoresheet

def check_scoresheet_from_wheel(when):
    site = os.path.dirname(os.path.dirname(pytest.__file__)) + os.sep
    bad = [f"{n}: {getattr(m, '__file__', None)}" for n, m in list(sys.modules.items())
           if (n == "scoresheet" or n.startswith("scoresheet."))
           and not str(getattr(m, "__file__", "")).startswith(site)]
    if bad:
        raise HarnessError(f"{when}: scoresheet not imported from the wheel:\n  " + "\n  ".join(bad))

check_scoresheet_from_wheel("before pytest")
print(f"pyodide {PYODIDE_VERSION} (Python {sys.version.split()[0]}) ready in {STARTUP_S:.1f}s; "
      f"scoresheet {md.version('scoresheet')} from {scoresheet.__file__}", flush=True)

class PyodidePlugin:
    # Runs after conftests and --hypothesis-profile have picked a profile: keep
    # that profile, but no on-disk database, and no deadline -- wasm timing is
    # not native timing, and a deadline miss would be a flaky failure here.
    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config):
        from hypothesis import settings
        settings.register_profile("pyodide", settings(settings.default, database=None, deadline=None))
        settings.load_profile("pyodide")

    def pytest_runtest_logstart(self, nodeid, location):
        note_test(nodeid)

# Default to the whole suite unless a path (possibly with ::nodeid) was given.
args = list(ARGS)
if not any(not a.startswith("-") and os.path.exists(a.split("::")[0]) for a in args):
    args.append("tests/calculator")
code = int(pytest.main(["-p", "no:cacheprovider", *args], plugins=[PyodidePlugin()]))
check_scoresheet_from_wheel("after pytest")
code
`);
} catch (e) {
  // HarnessError from the checks above, any Python error outside pytest, or a
  // fatal Pyodide crash (e.g. the wasm stack overflowing), which kills the run.
  const where = currentTest ? ` in ${currentTest}` : "";
  die((e.pyodide_fatal_error ? `Pyodide crashed (fatal error)${where}: ` : "") + e.message);
}
// Nothing printed after pytest: its summary stays the closing line CI reads.
process.exitCode = code;
