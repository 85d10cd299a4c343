// The calculator's Python, in a module Web Worker: Pyodide served by this site, the
// scoresheet wheel, and one Comlink method:
//
//   call(name, argsJson) -> replyJson     scoresheet.service.<name>(*json.loads(argsJson))
//
// Only the service's public functions can be called (the functions that module defines
// itself, not names it imports). The service reports a sheet's problems
// as data ({ok: false, problems}); any other Python exception rejects the call with an
// Error named "CalculatorError" and a one-line message (the traceback goes to
// console.debug). Progress goes to the page as plain messages {scoresheetStatus}; the
// page's client (client.mjs) is the only code meant to talk to this worker.
//
// Every address is relative to this file (runtime.mjs, written by the site build, says
// where the runtime files are), so the site works under any base path.
import * as Comlink from "../vendor/comlink.min.mjs";
import runtime from "./runtime.mjs";

const here = (relative) => new URL(relative, import.meta.url).href;

function status(state, message, progress = null, extra = {}) {
  self.postMessage({ scoresheetStatus: { state, message, progress, ...extra } });
}

class CalculatorError extends Error {
  constructor(message) {
    super(message);
    this.name = "CalculatorError";
  }
}

// Runs inside Python once: the bridge the worker calls. Returns (kind, text, detail):
// ("ok", reply JSON, "") or ("error", one-line message, traceback for console.debug).
const BRIDGE = String.raw`
import inspect, json, json.scanner, traceback
import scoresheet.service as _service

def _bridge():
    allowed = frozenset(
        name for name, value in vars(_service).items()
        if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == _service.__name__
    )
    # The pure-Python scanner: deep nesting ends in RecursionError, not in a crash of
    # the whole runtime (the C scanner recurses on WebAssembly's small C stack).
    decoder = json.JSONDecoder()
    decoder.scan_once = json.scanner.py_make_scanner(decoder)

    def call(name, args_json):
        if name not in allowed:
            return ("error", f"the calculator has no function {name!r}", "")
        try:
            args = decoder.decode(args_json)
            if not isinstance(args, list):
                return ("error", "the arguments must be a JSON array", "")
            reply = getattr(_service, name)(*args)
            return ("ok", json.dumps(reply, ensure_ascii=False, allow_nan=False), "")
        except RecursionError:
            return ("error", f"{name}: the input is nested too deeply", traceback.format_exc())
        except MemoryError:
            return ("error", f"{name}: the computation ran out of memory", traceback.format_exc())
        except Exception as error:
            text = str(error).strip().splitlines()
            summary = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
            return ("error", f"{name} failed ({summary})", traceback.format_exc())

    return call

_bridge
`;

// Milliseconds since the worker started, per loading step (posted with "ready").
const timings = {};
const mark = (step) => (timings[step] = Math.round(performance.now()));

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${response.url}`);
  return response;
}

// The snapshot is stored sparse (only the runs of memory that are not zero), then
// gzipped; a server that already decoded the gzip (Content-Encoding) hands over the
// sparse bytes. Layout: see build_scripts/pyodide_compile.mjs.
const SPARSE_MAGIC = 0x53505953;

// Downloads only: inflating runs on this worker's thread, so it waits until Pyodide's
// own module is in and its downloads have started (see start()).
async function fetchSnapshot(url) {
  const response = await fetchBytes(url);
  const decoded = /gzip/i.test(response.headers.get("Content-Encoding") ?? "");
  return { decoded, bytes: await response.arrayBuffer() };
}

async function inflateSnapshot({ decoded, bytes }) {
  const body = new Blob([bytes]).stream();
  const inflated = decoded ? body : body.pipeThrough(new DecompressionStream("gzip"));
  const packed = new Uint8Array(await new Response(inflated).arrayBuffer());
  const words = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (words.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("not a sparse snapshot");
  const image = new Uint8Array(words.getUint32(4, true));
  const count = words.getUint32(8, true);
  let at = 16 + 8 * count;
  for (let i = 0; i < count; i++) {
    const offset = words.getUint32(16 + 8 * i, true);
    const length = words.getUint32(20 + 8 * i, true);
    image.set(packed.subarray(at, at + length), offset);
    at += length;
  }
  mark("snapshot inflated");
  return image;
}

function unpackWheel(pyodide, bytes) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}

async function start() {
  mark("worker");
  status("loading", "Loading the Python runtime…", 0.05);
  const indexURL = here(runtime.indexURL);
  // Everything downloads at once: the runtime (below), the wheel, the snapshot.
  const wheel = fetchBytes(here(runtime.wheel)).then((response) => response.arrayBuffer());
  wheel.catch(() => {}); // reported where awaited
  const download = runtime.snapshot && self.DecompressionStream ? fetchSnapshot(here(runtime.snapshot)) : null;
  download?.catch(() => {});
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  mark("pyodide.mjs");
  const snapshot = download?.then(inflateSnapshot); // awaited inside loadPyodide
  snapshot?.catch(() => {});
  status("loading", "Starting Python…", 0.3);
  const options = {
    indexURL,
    stdLibURL: here(runtime.stdlib), // with the calculator's modules precompiled
    lockFileContents: runtime.lock, // a stub: no package is loaded from a lock file
    packageBaseUrl: indexURL,
    stdout: (line) => console.debug(`[python] ${line}`),
    stderr: (line) => console.debug(`[python] ${line}`),
  };

  let pyodide = null;
  if (snapshot) {
    // Fast path: Python's memory as it was right after importing the calculator (made at
    // build time from the same runtime, stdlib and wheel). Pyodide's private API, so
    // any failure falls back to a normal start.
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
      pyodide.runPython("import scoresheet.service");
      mark("python restored from snapshot");
    } catch (error) {
      console.debug("scoresheet worker: starting without the memory snapshot", error);
      pyodide = null;
    }
  }
  if (pyodide) {
    // The calculator is already imported; its files go to site-packages after "ready"
    // (for tracebacks and any module imported later).
    const later = (bytes) => {
      try {
        unpackWheel(pyodide, bytes);
      } catch (error) {
        console.debug("scoresheet worker: wheel not unpacked", error);
      }
    };
    wheel.then(
      (bytes) => setTimeout(later, 0, bytes),
      (error) => console.debug("scoresheet worker: wheel not fetched", error),
    );
  } else {
    pyodide = await loadPyodide(options);
    mark("python started");
    status("loading", "Loading the calculator…", 0.85);
    unpackWheel(pyodide, await wheel);
    mark("wheel unpacked");
  }
  const makeBridge = pyodide.runPython(BRIDGE);
  const bridge = makeBridge();
  makeBridge.destroy();
  mark("calculator imported");
  return { pyodide, bridge };
}

// Pyodide leaves some failures unhandled (a runtime file that fails to download) and
// then never settles: while loading, any unhandled rejection is a failed start.
let failStart;
const startFailed = new Promise((_, reject) => (failStart = reject));
const onUnhandled = (event) => {
  event.preventDefault();
  failStart(event.reason);
};
self.addEventListener("unhandledrejection", onUnhandled);

const started = Promise.race([start(), startFailed]);
started.finally(() => self.removeEventListener("unhandledrejection", onUnhandled)).catch(() => {});
started.then(
  () => status("ready", "Ready", 1, { timings }),
  (error) => {
    console.debug("scoresheet worker: start failed", error);
    status("error", `The calculator could not start: ${oneLine(error)}`);
  },
);

function oneLine(error) {
  const text = String(error?.message ?? error).trim();
  return text.split("\n").find((line) => line.trim()) ?? "unknown error";
}

async function call(name, argsJson) {
  if (typeof name !== "string") throw new CalculatorError("The function name must be a string.");
  if (typeof argsJson !== "string") throw new CalculatorError("The arguments must be JSON text.");
  let python;
  try {
    python = await started;
  } catch (error) {
    throw new CalculatorError(`The calculator could not start: ${oneLine(error)}`);
  }
  let answer;
  try {
    answer = python.bridge(name, argsJson);
  } catch (error) {
    // Only a failure of the runtime itself gets here (Python errors are caught in the
    // bridge); after a fatal error the runtime is unusable: the page replaces the worker.
    console.debug(`scoresheet worker: ${name} failed`, error);
    if (error?.pyodide_fatal_error) {
      self.postMessage({ scoresheetRestart: "The calculator stopped unexpectedly and was restarted." });
    }
    throw new CalculatorError(`The calculator failed while running ${name}: ${oneLine(error)}`);
  }
  const [kind, text, detail] = answer.toJs();
  answer.destroy();
  if (kind === "ok") return text;
  if (detail) console.debug(`scoresheet worker: ${name} failed\n${detail}`);
  throw new CalculatorError(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
}

Comlink.expose(Object.freeze({ call }));
