#!/usr/bin/env node
// Prepare the calculator's Python for a fast start in the browser, with the very
// Pyodide the site ships (same CPython 3.14 build: same bytecode, same memory layout).
//
//   node build_scripts/pyodide_compile.mjs PYODIDE_DIR WHEEL OUT_DIR
//
// Pyodide's stock python_stdlib.zip holds .py sources that CPython compiles again on
// every page load: most of a cold start. Writes to OUT_DIR:
//   - python_stdlib.zip: the stock zip with every module the calculator loads (found by
//     importing scoresheet.service and running each service function on small inputs)
//     as an unchecked-hash .pyc, which zipimport loads without looking for a source;
//     every other file as it was;
//   - the wheel, plus scoresheet/__pycache__/*.cpython-314.pyc (listed in RECORD);
//   - snapshot.bin.gz: a memory snapshot of Pyodide started from those two with the
//     calculator imported (Pyodide's private _makeSnapshot/_loadSnapshot options; the
//     worker falls back to a normal start if restoring it fails). Checked here by
//     restoring it and running the calculator. Stored sparse, then gzipped: most of
//     Pyodide's memory is zeros, and inflating only the rest is twice as fast. Layout
//     (little-endian uint32): magic, full length, run count, 0, then per run (offset,
//     length), then the runs' bytes; everything else is zero. The worker reads it with
//     docs/assets/calculator/snapshot.mjs, and so does the check here.
// Called by build_scripts/browser_assets.py, which caches OUT_DIR.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import { fillImage, SPARSE_MAGIC } from "../docs/assets/calculator/snapshot.mjs";

const [pyodideDir, wheel, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: pyodide_compile.mjs PYODIDE_DIR WHEEL OUT_DIR");
  process.exit(2);
}
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const lock = JSON.parse(fs.readFileSync(indexURL + "pyodide-lock.json", "utf8"));
const lockStub = { info: lock.info, packages: {} }; // what the worker passes too
const wheelName = path.basename(wheel);
const outStdlib = path.join(outDir, "python_stdlib.zip");
const outWheel = path.join(outDir, wheelName);
const outSnapshot = path.join(outDir, "snapshot.bin.gz");
let restored = null; // the snapshot as the worker's reader gets it from outSnapshot (step 2)
const quiet = { stdout: (line) => console.log(line), stderr: (line) => console.error(line) };
const PAGE = 4096;

function sparse(image) {
  const runs = []; // [offset, length] of the pages that are not all zero, merged
  const isZero = (start, end) => {
    for (let i = start; i < end; i++) if (image[i] !== 0) return false;
    return true;
  };
  for (let start = 0; start < image.length; start += PAGE) {
    const end = Math.min(start + PAGE, image.length);
    if (isZero(start, end)) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === start) last[1] += end - start;
    else runs.push([start, end - start]);
  }
  const head = 16 + 8 * runs.length;
  const out = new Uint8Array(head + runs.reduce((sum, [, length]) => sum + length, 0));
  const words = new DataView(out.buffer);
  [SPARSE_MAGIC, image.length, runs.length, 0].forEach((v, i) => words.setUint32(4 * i, v, true));
  let at = head;
  runs.forEach(([offset, length], i) => {
    words.setUint32(16 + 8 * i, offset, true);
    words.setUint32(20 + 8 * i, length, true);
    out.set(image.subarray(offset, offset + length), at);
    at += length;
  });
  return out;
}

// The image as the worker gets it: the stored file through the browser's gzip stream and
// the worker's own sparse reader.
async function restoredImage(file, size) {
  const image = new Uint8Array(size);
  const stream = new Blob([fs.readFileSync(file)]).stream().pipeThrough(new DecompressionStream("gzip"));
  await fillImage(stream, image);
  return image;
}

// Imports the calculator and runs every service function once, so that every module
// it needs, even lazily, is loaded. Same code for compiling and for the snapshot.
const EXERCISE = String.raw`
import json, json.scanner, sysconfig, traceback, zipfile
import scoresheet.bridge as bridge
import scoresheet.service as service

SHEET = json.dumps({
    "version": 1, "title": "warm-up",
    "issues": {"Salary": ["low", "mid", "high"], "Start": ["June", "July"]},
    "parties": {
        "A": {"reservation": 10, "points": {"Salary": {"low": 0, "mid": 15, "high": 30},
                                             "Start": {"June": 0, "July": 40}}},
        "B": {"weights": {"Salary": 60, "Start": 40},
              "ratings": {"Salary": {"low": 1, "mid": "0.5", "high": 0}, "Start": {"June": 1, "July": "1/3"}}},
    },
})
DOMAIN = """<negotiation_template><utility_space><objective index="0" name="root" type="objective">
<issue index="1" name="Price" type="discrete" etype="discrete" vtype="discrete">
<item index="1" value="low"/><item index="2" value="high"/></issue></objective></utility_space>
</negotiation_template>"""
PROFILE = """<utility_space><objective index="0" name="root" type="objective">
<issue index="1" name="Price" type="discrete" etype="discrete" vtype="discrete">
<item index="1" value="low" evaluation="1"/><item index="2" value="high" evaluation="2"/></issue>
<weight index="1" value="1.0"/></objective></utility_space>"""
json.dumps([
    service.validate(SHEET),
    service.validate("{"),
    service.analyse(SHEET),
    service.analyse(SHEET, {"Salary": "high", "Start": "June"}),
    service.score_package(SHEET, {"Salary": "mid", "Start": "July"}),
    service.meso_offers(SHEET, "A", 30),
    service.trades_between(SHEET, "A", "B"),
    service.chart(SHEET, "A", "B"),
    service.import_genius_xml(DOMAIN, [("a.xml", PROFILE), ("b.xml", PROFILE)]),
    bridge.call("analyse", json.dumps([SHEET])),
    bridge.call("validate", "[" * 2000 + "]" * 2000),
    bridge.call("validate", "[1,"),
])
try:
    raise ValueError("warm-up")
except ValueError:
    traceback.format_exc()
`;

// 1. Compile, in a stock Pyodide.
{
  const py = await loadPyodide({ indexURL, ...quiet });
  py.FS.mkdirTree("/build");
  py.FS.writeFile("/build/stdlib.zip", fs.readFileSync(indexURL + "python_stdlib.zip"));
  py.FS.writeFile("/build/" + wheelName, fs.readFileSync(wheel));
  py.globals.set("WHEEL", "/build/" + wheelName);
  py.runPython(String.raw`
import sysconfig, zipfile
zipfile.ZipFile(WHEEL).extractall(sysconfig.get_path("purelib"))
`);
  py.runPython(EXERCISE);
  py.runPython(String.raw`
import base64, hashlib, importlib.util, sys, sysconfig, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

def compiled(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))

# Fixed timestamps and order: the same inputs give the same bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)

# Stdlib: the zip paths of the modules now loaded from it.
stdlib = "/lib/python%d%d.zip/" % sys.version_info[:2]
wanted = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(stdlib) and origin.endswith(".py"):
        wanted.add(origin[len(stdlib):])
with zipfile.ZipFile("/build/stdlib.zip") as src, \
        zipfile.ZipFile("/build/out_stdlib.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for info in src.infolist():
        data = src.read(info)
        if info.filename in wanted:
            entry = zipfile.ZipInfo(info.filename[:-3] + ".pyc", date_time=EPOCH)
            data = compiled(data, stdlib + info.filename)
        else:
            entry = zipfile.ZipInfo(info.filename, date_time=EPOCH)
        entry.compress_type = zipfile.ZIP_STORED if info.filename.endswith("/") else zipfile.ZIP_DEFLATED
        entry.external_attr = info.external_attr
        out.writestr(entry, data, compresslevel=9)
print(f"pyodide_compile: {len(wanted)} standard library modules the calculator loads precompiled")

# Wheel: __pycache__/<module>.cpython-314.pyc beside every module, listed in RECORD.
site_packages = sysconfig.get_path("purelib")
tag = sys.implementation.cache_tag
with zipfile.ZipFile(WHEEL) as src:
    infos = src.infolist()
    record_name = next(i.filename for i in infos if i.filename.endswith(".dist-info/RECORD"))
    added = []
    with zipfile.ZipFile("/build/out.whl", "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            if info.filename != record_name:
                out.writestr(info, src.read(info))
        for info in infos:
            name = info.filename
            if name.endswith(".py") and ".dist-info/" not in name:
                folder, _, base = name.rpartition("/")
                pyc_name = (folder + "/" if folder else "") + f"__pycache__/{base[:-3]}.{tag}.pyc"
                data = compiled(src.read(info), f"{site_packages}/{name}")
                out.writestr(zipfile.ZipInfo(pyc_name, date_time=EPOCH), data)
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                added.append(f"{pyc_name},sha256={digest},{len(data)}")
        record = src.read(record_name).decode().rstrip("\n").split("\n")
        record = [line for line in record if not line.startswith(record_name + ",")]
        out.writestr(src.getinfo(record_name), "\n".join(record + added + [record_name + ",,"]) + "\n")
print(f"pyodide_compile: {len(added)} calculator modules precompiled into the wheel")
`);
  fs.writeFileSync(outStdlib, py.FS.readFile("/build/out_stdlib.zip"));
  fs.writeFileSync(outWheel, py.FS.readFile("/build/out.whl"));
}

// 2. Snapshot: start from the outputs exactly as the worker does, import, snapshot.
const options = { indexURL, stdLibURL: outStdlib, lockFileContents: lockStub, packageBaseUrl: indexURL, ...quiet };
const unpackWheel = (py) => {
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(fs.readFileSync(outWheel)), "wheel", { extractDir: sitePackages });
};
{
  const py = await loadPyodide({ ...options, _makeSnapshot: true });
  unpackWheel(py);
  py.runPython(EXERCISE);
  const notCompiled = py.runPython(String.raw`
import sys
stdlib = "/lib/python%d%d.zip/" % sys.version_info[:2]
[name for name, module in sys.modules.items()
 if (origin := getattr(getattr(module, "__spec__", None), "origin", None) or "").startswith(stdlib)
 and origin.endswith(".py")]
`).toJs();
  if (notCompiled.length) {
    console.error(`pyodide_compile: loaded from source, not bytecode: ${notCompiled.join(", ")}`);
    process.exit(1);
  }
  py.runPython("import gc; gc.collect()");
  const snapshot = py.makeMemorySnapshot();
  const packed = sparse(snapshot);
  const stored = zlib.gzipSync(packed, { level: 9 });
  fs.writeFileSync(outSnapshot, stored);
  restored = await restoredImage(outSnapshot, snapshot.length);
  if (Buffer.compare(restored, snapshot) !== 0) throw new Error("the stored snapshot does not read back as made");
  const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  console.log(`pyodide_compile: memory snapshot ${mib(snapshot.length)}, ${mib(packed.length)} not zero, ` +
    `${mib(stored.length)} stored`);
}

// 3. Check: the snapshot restores, with the worker's bridge imported, and the calculator answers.
{
  const py = await loadPyodide({ ...options, _loadSnapshot: restored });
  const answer = py.runPython(String.raw`
import json, sys
"scoresheet.bridge" in sys.modules and json.loads(
    sys.modules["scoresheet.bridge"].call("validate", json.dumps([json.dumps({"version": 1})]))[1]
)["ok"]
`);
  if (answer !== false) {
    console.error("pyodide_compile: the restored snapshot did not answer as expected");
    process.exit(1);
  }
}
