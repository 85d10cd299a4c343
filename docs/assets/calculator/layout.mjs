// The parts of one calculator, built once when it mounts; the controller redraws
// their contents. Headings are h3 because the calculator sits under a page's h2.

import { keptSheet } from "./built-in.mjs";
import { h } from "./dom.mjs";

export function buildLayout(root, { toolbar, meso, counterpart = null, onCancel, onRecalculate }) {
  const parts = {
    status: h("p", { class: "ssc-status", role: "status", "aria-live": "polite" }),
    progress: h("progress", { class: "ssc-progress", max: 1, hidden: true, "aria-label": "Loading the calculator" }),
    cancel: h("button", { type: "button", class: "ssc-cancel", hidden: true, onclick: onCancel }, "Cancel"),
    recalculate: h("button", { type: "button", class: "ssc-recalc", hidden: true, onclick: onRecalculate }, "Recalculate"),
    // Outcomes of the user's actions (loaded, undone, not loaded: why). Live, so a screen
    // reader hears them; assertive for errors (set by the controller).
    message: h("div", { class: "ssc-message", "aria-live": "polite" }),
    editor: h("div", { class: "ssc-editor" }),
    unplaced: h("ul", { class: "ssc-problems" }),
    builder: h("div", { class: "ssc-builder" }),
    scores: h("div", { class: "ssc-scores-box" }),
    pair: h("p", { class: "ssc-pair" }),
    chart: h("div", { class: "ssc-chart" }),
    reference: h("div", { class: "ssc-reference" }),
    frontier: h("div"),
    efficiency: h("div", { class: "ssc-efficiency" }),
    trades: h("div", { class: "ssc-trades-box" }),
  };
  parts.analysis = h(
    "div",
    { class: "ssc-analysis" },
    h("h3", { text: "Build a package" }),
    h("p", { class: "ssc-hint", text: "Choose an option for every issue; every party's score follows as you choose." }),
    parts.builder,
    parts.scores,
    h("h3", { text: "Efficient frontier" }),
    parts.pair,
    parts.chart,
    h("p", {
      class: "ssc-hint",
      text: "Hover over a point to see its package; click it to make it the current package. Dashed lines are reservation values.",
    }),
    h("details", { class: "ssc-frontier-list" }, h("summary", { text: "Efficient packages as a list" }), parts.frontier),
    h("h4", { text: "Reference points" }),
    parts.reference,
    h("h3", { text: "Efficiency check" }),
    parts.efficiency,
    h("h3", { text: "Equivalent offers (MESO)" }),
    h("p", { class: "ssc-hint", text: "Several packages worth the same to one party, as different from each other as possible." }),
    meso.element,
    counterpart?.element,
    h("h3", { text: "Trades" }),
    parts.trades,
  );
  // The embedded sheet stays (Reset reads it again); the no-JavaScript note goes.
  root.replaceChildren(
    ...keptSheet(root),
    h("div", { class: "ssc-statusbar" }, parts.status, parts.progress, parts.cancel, parts.recalculate),
    parts.message,
    toolbar.element,
    h("details", { class: "ssc-editor-panel", open: true }, h("summary", { text: "Score sheet" }), parts.editor, parts.unplaced),
    parts.analysis,
  );
  return parts;
}
