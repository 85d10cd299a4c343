#!/usr/bin/env node
// Precompile Python for the browser, with the very Pyodide the site ships (same
// CPython 3.14 build, so the bytecode's magic number and layout match exactly).
//
//   node build_scripts/pyodide_compile.mjs PYODIDE_DIR WHEEL OUT_STDLIB_ZIP OUT_WHEEL
//
// Pyodide's stock python_stdlib.zip holds .py sources, which CPython compiles again on
// every page load: most of a cold start. Here Pyodide starts once under Node, installs
// the calculator wheel, imports scoresheet.service and runs each service function on a
// small sheet, so that sys.modules lists every module the calculator needs. Then:
//   - OUT_STDLIB_ZIP: the stock zip with each of those modules as an unchecked-hash .pyc
//     (zipimport loads it without looking for a source), every other file as it was;
//   - OUT_WHEEL: the calculator wheel plus scoresheet/__pycache__/*.cpython-314.pyc
//     (unchecked-hash, listed in RECORD).
// Called by build_scripts/browser_assets.py, which caches the outputs.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheel, outStdlib, outWheel] = process.argv.slice(2);
if (!outWheel) {
  console.error("usage: pyodide_compile.mjs PYODIDE_DIR WHEEL OUT_STDLIB_ZIP OUT_WHEEL");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
py.setStdout({ batched: (line) => console.log(line) });
py.setStderr({ batched: (line) => console.error(line) });
py.FS.mkdirTree("/build");
py.FS.writeFile("/build/stdlib.zip", fs.readFileSync(path.join(pyodideDir, "python_stdlib.zip")));
py.FS.writeFile("/build/" + path.basename(wheel), fs.readFileSync(wheel));
py.globals.set("WHEEL", "/build/" + path.basename(wheel));

py.runPython(String.raw`
import hashlib, base64, importlib.util, json, sys, sysconfig, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

site_packages = sysconfig.get_path("purelib")
zipfile.ZipFile(WHEEL).extractall(site_packages)

# Exercise the calculator so that every module it imports, even lazily, is loaded.
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
replies = [
    service.validate(SHEET),
    service.validate("{"),
    service.analyse(SHEET),
    service.analyse(SHEET, {"Salary": "high", "Start": "June"}),
    service.score_package(SHEET, {"Salary": "mid", "Start": "July"}),
    service.meso_offers(SHEET, "A", 30),
    service.trades_between(SHEET, "A", "B"),
    service.chart(SHEET, "A", "B"),
    service.import_genius_xml(DOMAIN, [("a.xml", PROFILE), ("b.xml", PROFILE)]),
]
json.dumps(replies)
import traceback  # the worker formats unexpected errors with it

def compiled(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))

# Stdlib: module name -> path inside the zip, for the modules now loaded from it.
stdlib = "/lib/python%d%d.zip/" % sys.version_info[:2]
wanted = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(stdlib) and origin.endswith(".py"):
        wanted.add(origin[len(stdlib):])

# Fixed timestamps and order: the same inputs give the same bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)
count = 0
with zipfile.ZipFile("/build/stdlib.zip") as src, \
        zipfile.ZipFile("/build/out_stdlib.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for info in src.infolist():
        data = src.read(info)
        if info.filename in wanted:
            entry = zipfile.ZipInfo(info.filename[:-3] + ".pyc", date_time=EPOCH)
            data = compiled(data, stdlib + info.filename)
            count += 1
        else:
            entry = zipfile.ZipInfo(info.filename, date_time=EPOCH)
        entry.compress_type = zipfile.ZIP_STORED if info.filename.endswith("/") else zipfile.ZIP_DEFLATED
        entry.external_attr = info.external_attr
        out.writestr(entry, data, compresslevel=9)
print(f"pyodide_compile: {count} of {len(wanted)} stdlib modules the calculator loads precompiled")

# Wheel: add __pycache__/<name>.cpython-314.pyc for every module of the package.
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
        record += added + [record_name + ",,"]
        out.writestr(src.getinfo(record_name), "\n".join(record) + "\n")
print(f"pyodide_compile: {len(added)} calculator modules precompiled into the wheel")
`);

fs.writeFileSync(outStdlib, py.FS.readFile("/build/out_stdlib.zip"));
fs.writeFileSync(outWheel, py.FS.readFile("/build/out.whl"));
