#!/usr/bin/env node
// The frontier benchmark (bench_frontier.py) inside Pyodide under Node, from the
// calculator's wheel: the Python the browser runs. Needs tests/pyodide/prepare.sh first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const wheelDir = path.join(ROOT, ".cache/pyodide-wheels");
const wheel = fs.readdirSync(wheelDir).find((f) => f.startsWith("scoresheet-") && f.endsWith(".whl"));
if (!wheel) throw new Error(`no scoresheet wheel in ${wheelDir}: run tests/pyodide/prepare.sh`);

const py = await loadPyodide();
py.setStdout({ batched: (line) => console.log(line) });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(fs.readFileSync(path.join(wheelDir, wheel))), "wheel", { extractDir: sitePackages });
const benchDir = path.join(ROOT, "tests/benchmarks");
py.FS.mkdirTree(benchDir);
py.FS.mount(py.FS.filesystems.NODEFS, { root: benchDir }, benchDir);
py.globals.set("BENCH", benchDir);
py.runPython(`
import sys
sys.path.insert(0, BENCH)
import bench_frontier
bench_frontier.main(["--no-brute", *${JSON.stringify(process.argv.slice(2))}])
`);
