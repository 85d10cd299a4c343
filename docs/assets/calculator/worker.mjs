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

// The snapshot is stored sparse (a header, a table of the runs of memory that are not
// zero, then those runs), then gzipped; a server that already decoded the gzip
// (Content-Encoding) hands over the sparse bytes. Layout: build_scripts/pyodide_compile.mjs.
const SPARSE_MAGIC = 0x53505953;

// Streams the snapshot into `image` (allocated at its full size) as it downloads, so
// that neither the compressed nor the sparse bytes are ever held whole.
async function inflateSnapshotInto(response, image) {
  const decoded = /gzip/i.test(response.headers.get("Content-Encoding") ?? "");
  const stream = decoded ? response.body : response.body.pipeThrough(new DecompressionStream("gzip"));
  let head = new Uint8Array(0); // until the header and the run table are complete
  let runs = null; // DataView of the run table
  let run = 0; // the run being filled,
  let filled = 0; // and how much of it is
  const reader = stream.getReader(); // not `for await`: Safari cannot iterate a stream
  for (;;) {
    let { done, value: chunk } = await reader.read();
    if (done) break;
    if (!runs) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      if (head.length < 16) continue;
      const words = new DataView(head.buffer);
      if (words.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("not a sparse snapshot");
      if (words.getUint32(4, true) !== image.length) throw new Error("the snapshot's size is not the expected one");
      const tableEnd = 16 + 8 * words.getUint32(8, true);
      if (head.length < tableEnd) continue;
      runs = new DataView(head.buffer, 16, tableEnd - 16);
      chunk = head.subarray(tableEnd);
    }
    while (chunk.length) {
      if (run * 8 >= runs.byteLength) throw new Error("the snapshot is longer than its run table");
      const offset = runs.getUint32(run * 8, true);
      const length = runs.getUint32(run * 8 + 4, true);
      const part = chunk.subarray(0, length - filled);
      image.set(part, offset + filled);
      filled += part.length;
      chunk = chunk.subarray(part.length);
      if (filled === length) [run, filled] = [run + 1, 0];
    }
  }
  if (!runs || run * 8 !== runs.byteLength) throw new Error("the snapshot is truncated");
  mark("snapshot inflated");
}

function unpackWheel(pyodide, bytes) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}

async function start() {
  mark("worker");
  status("loading", "Loading the Python runtime…", 0.05);
  const indexURL = here(runtime.indexURL);
  const useSnapshot = Boolean(runtime.snapshot && runtime.snapshotSize && self.DecompressionStream);
  const fetchWheel = () => {
    const bytes = fetchBytes(here(runtime.wheel)).then((response) => response.arrayBuffer());
    bytes.catch(() => {}); // reported where awaited
    return bytes;
  };
  // Everything the start needs downloads at once: the runtime (loadPyodide fetches its
  // files), the snapshot, or without one the wheel. The snapshot has the calculator
  // imported already, so its wheel waits until Python is ready (a browser opens only six
  // connections to an HTTP/1.1 server: the WebAssembly must not queue behind it).
  let wheel = useSnapshot ? null : fetchWheel();
  const download = useSnapshot ? fetchBytes(here(runtime.snapshot)) : null;
  download?.catch(() => {});
  // Pyodide's module script too: the snapshot path hands it to loadPyodide itself.
  const moduleScript = useSnapshot ? import(indexURL + "pyodide.asm.mjs") : null;
  moduleScript?.catch(() => {});
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  mark("pyodide.mjs");
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
  if (download) {
    // Fast path: Python's memory as it was right after importing the calculator (made at
    // build time from the same runtime, stdlib and wheel). loadPyodide waits for a
    // snapshot before it starts compiling the WebAssembly, so it gets an empty image of
    // the right size at once, and the module factory fills it while the compile runs.
    // Pyodide's private (_loadSnapshot) and experimental (createPyodideModule) options,
    // for the pinned version: any failure falls back to a normal start.
    try {
      const image = new Uint8Array(runtime.snapshotSize);
      const filled = download.then((response) => inflateSnapshotInto(response, image));
      filled.catch(() => {}); // reported through the factory below
      const createModule = async (settings) => {
        const module = (await moduleScript).default(settings);
        module.catch(() => {}); // if the snapshot fails, this one is dropped, not reported
        return (await Promise.all([module, filled]))[0];
      };
      pyodide = await loadPyodide({ ...options, _loadSnapshot: image, createPyodideModule: createModule });
      pyodide.runPython("import scoresheet.service");
      mark("python restored from snapshot");
    } catch (error) {
      console.debug("scoresheet worker: starting without the memory snapshot", error);
      pyodide = null;
    }
  }
  if (pyodide) {
    // The calculator is already imported; its files go to site-packages a second after
    // "ready" (for tracebacks and any module imported later), not between the page's
    // first calls.
    const later = (bytes) => {
      try {
        unpackWheel(pyodide, bytes);
      } catch (error) {
        console.debug("scoresheet worker: wheel not unpacked", error);
      }
    };
    fetchWheel().then(
      (bytes) => setTimeout(later, 1000, bytes),
      (error) => console.debug("scoresheet worker: wheel not fetched", error),
    );
  } else {
    wheel ??= fetchWheel();
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
// A WebAssembly download or compile that fails, Pyodide only logs ("wasm instantiation
// failed!") and then never settles either. Only Pyodide instantiates in this worker.
for (const name of ["instantiateStreaming", "instantiate"]) {
  const original = WebAssembly[name];
  WebAssembly[name] = function (...args) {
    const instantiated = original.apply(this, args);
    instantiated.catch((error) => failStart(error));
    return instantiated;
  };
}

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
