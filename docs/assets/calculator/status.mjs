// What the root's data-state and status line say, from the runtime's state and this
// calculator's own work. One function, so the rules are in one place:
//   error   the runtime failed to start, or the last calculation failed
//   loading the runtime is starting (or restarting after a cancel)
//   busy    this calculator waits for a result (debounce included) or draws one
//   ready   otherwise

import { h } from "./dom.mjs";

export function describeStatus({ runtime, busy, failure, cancelled, note }) {
  if (runtime.state === "error") {
    return { state: "error", text: `The calculator could not start: ${runtime.message}` };
  }
  if (runtime.state === "loading") {
    const text = runtime.message || "Loading the calculator…";
    return { state: "loading", text: cancelled ? `Cancelled. Restarting the calculator: ${text}` : text };
  }
  if (busy) return { state: "busy", text: "Calculating…" };
  if (failure) return { state: "error", text: `The calculation failed: ${failure} Change the sheet or press Recalculate to try again.` };
  if (cancelled) {
    return {
      state: "ready",
      text: "Cancelled: the calculation was stopped and the calculator restarted. The results shown may not match the sheet; press Recalculate to run it again.",
    };
  }
  return { state: "ready", text: note || "Ready." };
}

/** Show the state on a panel: the root's data-state, its status line and the runtime's
 * loading progress (`parts`: {status, progress}). Returns the state. */
export function showStatus(root, parts, runtime, flags) {
  const { state, text } = describeStatus({ runtime, ...flags });
  const { status, progress } = parts;
  if (root.dataset.state !== state) root.dataset.state = state;
  if (status.textContent !== text) status.textContent = text;
  const loaded = runtime.progress;
  progress.hidden = runtime.state !== "loading" || typeof loaded !== "number";
  if (typeof loaded === "number") progress.value = loaded;
  return state;
}

/** A message for the reader in `element`: an outcome, or with `problem` an error
 * (said assertively). `lines`: a string or several. */
export function showMessage(element, lines, problem = false) {
  const list = Array.isArray(lines) ? lines : [lines];
  element.classList.toggle("ssc-message-error", problem);
  element.setAttribute("aria-live", problem ? "assertive" : "polite");
  element.replaceChildren(...list.map((line) => h("p", { text: line })));
}
