// The page's side of the calculator: one worker per browser tab (worker.mjs, Pyodide
// inside), shared by every calculator on the page and kept across Material's instant
// navigation (module scope).
//
//   const calc = getCalculator();      // starts loading the worker on first call
//   calc.state                         // "loading" | "ready" | "busy" | "error"
//   const off = calc.onStatus(fn);     // fn({state, message, progress}) now and on change
//   await calc.ready;                  // resolves when ready (rejects if loading fails)
//   const reply = await calc.call("analyse", sheetJson, choice);
//       // the service's reply: {ok: true, result} or {ok: false, source, problems}
//       // rejects: Error named "CancelledError" (cancel()), "CalculatorError" (failure)
//   calc.cancel();                     // stops running calls, starts a fresh worker
//
// Arguments are plain JSON values, passed in order to scoresheet.service.<name>.
import * as Comlink from "../vendor/comlink.min.mjs";

const SHARED = Symbol.for("scoresheet.calculator");
// {worker, created, events, stop}: a worker started by the page's head script (theme/main.html).
const EARLY = Symbol.for("scoresheet.earlyWorker");

function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

class Calculator {
  #worker = null;
  #remote = null;
  #pending = new Set(); // {reject} of calls in flight
  #listeners = new Set();
  #status = { state: "loading", message: "Loading the calculator…", progress: 0 };
  #loaded = false; // the current worker said it is ready
  #ready = null;
  #settleReady = null; // null once #ready has settled

  constructor() {
    this.#start();
  }

  get state() {
    return this.#status.state;
  }

  get ready() {
    return this.#ready;
  }

  // Not part of the interface: when the current worker was created and became ready
  // (page clock, ms since navigation) and its own loading steps (worker clock, ms since
  // it started), for benchmarks and monitoring.
  timings = null;
  #created = 0;

  onStatus(fn) {
    this.#listeners.add(fn);
    fn({ ...this.#status });
    return () => this.#listeners.delete(fn);
  }

  async call(name, ...args) {
    if (this.#status.state === "error") {
      throw namedError("CalculatorError", this.#status.message);
    }
    let argsJson;
    try {
      argsJson = JSON.stringify(args);
    } catch (error) {
      throw namedError("CalculatorError", `The calculator takes plain JSON values only (${error.message}).`);
    }
    const remote = this.#remote;
    return new Promise((resolve, reject) => {
      const entry = { reject };
      this.#pending.add(entry);
      this.#update();
      remote.call(name, argsJson).then(
        (replyJson) => this.#finish(entry, () => resolve(JSON.parse(replyJson))),
        (error) => this.#finish(entry, () => reject(this.#readable(error))),
      );
    });
  }

  cancel() {
    this.#replace(namedError("CancelledError", "The calculation was cancelled."));
  }

  #finish(entry, settle) {
    if (!this.#pending.delete(entry)) return; // already rejected by cancel()
    settle();
    this.#update();
  }

  #readable(error) {
    if (error?.name === "CalculatorError" || error?.name === "CancelledError") {
      return namedError(error.name, error.message);
    }
    return namedError("CalculatorError", `The calculator failed: ${error?.message ?? error}`);
  }

  #replace(reason) {
    this.#worker?.terminate();
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const { reject } of pending) reject(reason);
    this.#start();
  }

  #start() {
    if (!this.#settleReady) {
      // A new promise only once the last one has settled: whoever awaits `ready` while a
      // worker is replaced goes on when the new one is ready.
      let settle;
      this.#ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
      this.#ready.catch(() => {}); // a failed start is reported through the status too
      this.#settleReady = settle;
    }
    this.#loaded = false;
    // The page may have started the worker already, while it was still being parsed
    // (theme/main.html), keeping what the worker said meanwhile: take it over once.
    const early = globalThis[EARLY];
    delete globalThis[EARLY];
    this.#created = early?.created ?? performance.now();
    const worker = early?.worker ?? new Worker(new URL("./worker.mjs", import.meta.url), { type: "module", name: "scoresheet" });
    this.#worker = worker;
    this.#remote = Comlink.wrap(worker);
    worker.addEventListener("message", (event) => {
      if (worker !== this.#worker) return;
      const data = event.data;
      if (data?.scoresheetStatus) this.#fromWorker(data.scoresheetStatus);
      if (data?.scoresheetRestart) {
        this.#replace(namedError("CalculatorError", data.scoresheetRestart));
      }
    });
    worker.addEventListener("error", (event) => {
      // The worker's script itself failed (missing file, syntax, blocked): no messages.
      if (worker !== this.#worker) return;
      event.preventDefault();
      const detail = event.message ? `: ${event.message}` : "";
      this.#fromWorker({ state: "error", message: `The calculator could not be loaded${detail}.` });
    });
    this.#set({ state: "loading", message: "Loading the calculator…", progress: 0 });
    if (early) {
      early.stop(); // no more buffering: the listeners above take over from here
      for (const event of early.events) worker.dispatchEvent(event);
    }
  }

  #fromWorker(status) {
    if (status.state === "ready") {
      this.#loaded = true;
      this.timings = { created: this.#created, ready: performance.now(), worker: status.timings ?? {} };
      this.#settleReady?.resolve(this);
      this.#settleReady = null;
      this.#update();
      return;
    }
    if (status.state === "error") {
      this.#loaded = false;
      this.#settleReady?.reject(namedError("CalculatorError", status.message));
      this.#settleReady = null;
      const pending = [...this.#pending];
      this.#pending.clear();
      for (const { reject } of pending) reject(namedError("CalculatorError", status.message));
    }
    this.#set({ state: status.state, message: status.message, progress: status.progress ?? null });
  }

  // ready <-> busy, from the number of calls in flight
  #update() {
    if (!this.#loaded || this.#status.state === "error") return;
    if (this.#pending.size) this.#set({ state: "busy", message: "Calculating…", progress: null });
    else this.#set({ state: "ready", message: "Ready", progress: 1 });
  }

  #set(status) {
    const old = this.#status;
    if (old.state === status.state && old.message === status.message && old.progress === status.progress) {
      return;
    }
    this.#status = status;
    for (const fn of [...this.#listeners]) {
      try {
        fn({ ...status });
      } catch (error) {
        reportError(error); // reported as uncaught, and the other listeners still run
      }
    }
  }
}

export function getCalculator() {
  globalThis[SHARED] ??= new Calculator();
  return globalThis[SHARED];
}
