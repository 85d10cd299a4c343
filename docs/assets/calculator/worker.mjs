// The calculator's Python, in a module Web Worker: Pyodide served by this site, the
// scoresheet wheel, and one Comlink method:
//
//   call(name, argsJson) -> replyJson     scoresheet.service.<name>(*json.loads(argsJson))
//
// Calls go through scoresheet.bridge (Python): only the service's public functions can
// be called. The service reports a sheet's problems as data ({ok: false, problems}); any
// other Python exception rejects the call with an Error named "CalculatorError" and a
// one-line message (the traceback goes to console.debug). Progress goes to the page as
// plain messages {scoresheetStatus}; the page's client (client.mjs) is the only code
// meant to talk to this worker.
//
// Every address is relative to this file (runtime.mjs, written by the site build, says
// where the runtime files are), so the site works under any base path.
import * as Comlink from "../vendor/comlink.min.mjs";
import runtime from "./runtime.mjs";
import { forgetSnapshot, keepSnapshot, openSnapshot } from "./snapshot.mjs";

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

// Milliseconds since the worker started, per loading step (posted with "ready").
const timings = {};
const mark = (step) => (timings[step] = Math.round(performance.now()));

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${response.url}`);
  return response;
}

// The bridge's call function, imported already in the snapshot: no Python source is
// compiled while the page waits.
function bridgeOf(pyodide) {
  const module = pyodide.pyimport("scoresheet.bridge");
  const call = module.call.copy(); // a proxy of its own: a borrowed one goes with the module's
  module.destroy();
  return call;
}

function unpackWheel(pyodide, bytes) {
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}

// Started from a page's head (main.html: address ending "#held"), the worker downloads
// at once but compiles Pyodide, inflates the snapshot and restores Python only once the
// page says Material's bundle has run, or HOLD_MS pass: on two cores, that work beside
// the bundle had made the theme's start one main-thread task of 100-165 ms; held, 58-80
// ms, and the calculator was ready no later (bench_browser.py's undriven visits,
// 2026-11-30). A worker the page's client starts itself (after instant navigation) is
// not held.
const HOLD_MS = 1000;
const themeStarted = new Promise((resolve) => {
  if (new URL(import.meta.url).hash !== "#held") return resolve("not held");
  const onGo = (event) => {
    if (!event.data?.scoresheetThemeStarted) return;
    self.removeEventListener("message", onGo);
    resolve("theme started");
  };
  self.addEventListener("message", onGo);
  setTimeout(() => resolve("hold timed out"), HOLD_MS);
});

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
  const snapshotURL = useSnapshot ? here(runtime.snapshot) : null;
  const snapshot = useSnapshot ? openSnapshot(snapshotURL, fetchBytes) : null; // kept from a visit before, or downloading
  snapshot?.catch(() => {});
  // Pyodide's module script too (the snapshot path hands it to loadPyodide itself), but
  // importing it compiles 1.2 MB of JavaScript: not while the theme starts.
  const moduleScript = useSnapshot ? themeStarted.then(() => import(indexURL + "pyodide.asm.mjs")) : null;
  moduleScript?.catch(() => {});
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  mark("pyodide.mjs");
  mark(await themeStarted); // the downloads above go on meanwhile
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
  let bridge = null;
  if (snapshot) {
    // Fast path: Python's memory as it was right after importing the calculator (made at
    // build time from the same runtime, stdlib and wheel). loadPyodide waits for a
    // snapshot before it starts compiling the WebAssembly, so it gets an empty image of
    // the right size at once, and the module factory fills it while the compile runs.
    // Pyodide's private (_loadSnapshot) and experimental (createPyodideModule) options,
    // for the pinned version: any failure falls back to a normal start.
    try {
      const image = new Uint8Array(runtime.snapshotSize);
      const filled = snapshot.then((opened) => opened.fillInto(image));
      filled.then(() => mark("snapshot inflated")).catch(() => {}); // failures: reported through the factory below
      const createModule = async (settings) => {
        const module = (await moduleScript).default(settings);
        module.catch(() => {}); // if the snapshot fails, this one is dropped, not reported
        return (await Promise.all([module, filled]))[0];
      };
      pyodide = await loadPyodide({ ...options, _loadSnapshot: image, createPyodideModule: createModule });
      bridge = bridgeOf(pyodide); // a snapshot without the calculator falls back too
      mark("python restored from snapshot");
      if (!(await snapshot).kept) {
        // For the reader's next visit, once the page's first calls are answered.
        const head = await filled;
        whenIdle(() => keepSnapshot(snapshotURL, image, head).catch((error) => {
          console.debug("scoresheet worker: snapshot not kept for later visits", error);
        }));
      }
    } catch (error) {
      console.debug("scoresheet worker: starting without the memory snapshot", error);
      pyodide = null;
      // A kept copy that did not restore is dropped: the next visit downloads it again.
      if ((await snapshot.catch(() => null))?.kept) forgetSnapshot(snapshotURL).catch(() => {});
    }
  }
  if (pyodide) {
    // The calculator is already imported; its files go to site-packages once the page
    // has stopped calling (for tracebacks and any module imported later).
    const later = (bytes) => {
      try {
        unpackWheel(pyodide, bytes);
      } catch (error) {
        console.debug("scoresheet worker: wheel not unpacked", error);
      }
    };
    fetchWheel().then(
      (bytes) => whenIdle(() => later(bytes)),
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
  bridge ??= bridgeOf(pyodide);
  mark("calculator imported");
  return { pyodide, bridge };
}

// Work that can wait (unpacking the wheel, keeping the snapshot: copies of megabytes)
// runs once the page has not called for IDLE_MS, so that it never lands between a
// reader's computations nor beside them on a two-core machine.
const IDLE_MS = 2000;
const idleWork = [];
let idleTimer = null;

function whenIdle(work) {
  idleWork.push(work);
  postponeIdleWork();
}

function postponeIdleWork() {
  clearTimeout(idleTimer);
  if (idleWork.length) idleTimer = setTimeout(runIdleWork, IDLE_MS);
}

function runIdleWork() {
  for (const work of idleWork.splice(0)) work();
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
    answer = python.bridge(name, argsJson); // synchronous: idle work waits from its end
  } catch (error) {
    // Only a failure of the runtime itself gets here (Python errors are caught in the
    // bridge); after a fatal error the runtime is unusable: the page replaces the worker.
    console.debug(`scoresheet worker: ${name} failed`, error);
    if (error?.pyodide_fatal_error) {
      self.postMessage({ scoresheetRestart: "The calculator stopped unexpectedly and was restarted." });
    }
    throw new CalculatorError(`The calculator failed while running ${name}: ${oneLine(error)}`);
  } finally {
    postponeIdleWork();
  }
  const [kind, text, detail] = answer.toJs();
  answer.destroy();
  if (kind === "ok") return text;
  if (detail) console.debug(`scoresheet worker: ${name} failed\n${detail}`);
  throw new CalculatorError(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
}

Comlink.expose(Object.freeze({ call }));
