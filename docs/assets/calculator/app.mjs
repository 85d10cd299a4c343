// Entry point: find every calculator root (and every class-results root of a teaching
// note) on the page and bring it to life. Material's instant navigation swaps page
// content without reloading, and this module runs only once, so roots are mounted from
// Material's `document$` (which emits for the first page and for every page navigated
// to), and panels whose root left the page are released. A root is never mounted twice.

import { BUILT_IN } from "./built-in.mjs";
import { Calculator } from "./calculator.mjs";
import { Debrief } from "./debrief.mjs";
import { loadCompiler, loadVega, warmUpCharts } from "./chart.mjs";

const mounted = new Map(); // root element -> Calculator or Debrief
let warming = null; // the chart library's load and warm-up, once per page lifetime

const KINDS = [
  // A share link (#sheet=...) is meant for the page's first calculator.
  { selector: ".scoresheet-calculator", make: (root, index) => new Calculator(root, { readLink: index === 0 }), name: "calculator" },
  { selector: ".scoresheet-debrief", make: (root) => new Debrief(root), name: "class results panel" },
];

function mountAll() {
  // Every panel draws a chart once its first results arrive from the worker: fetch and
  // run the chart library now, while Pyodide starts in the worker, not after. (A failure
  // here is reported when a chart is drawn, which tries again.) Where a calculator's
  // first chart came compiled with the page, that chart is drawn at once with Vega alone:
  // no compiler and no warm-up drawing now, which would compile, the very work the build
  // took off the page's load (chart.mjs warms the compiler up later, when it is quiet).
  if (KINDS.some(({ selector }) => document.querySelector(selector)) && !warming) {
    const precompiled = document.querySelector(`.scoresheet-calculator > .${BUILT_IN.chart}`);
    warming = (precompiled ? loadVega() : loadCompiler().then(warmUpCharts)).catch(() => {});
  }
  for (const [root, panel] of mounted) {
    if (!root.isConnected) {
      panel.destroy();
      mounted.delete(root);
    }
  }
  for (const { selector, make, name } of KINDS) {
    [...document.querySelectorAll(selector)].forEach((root, index) => {
      if (mounted.has(root)) return;
      const panel = make(root, index);
      mounted.set(root, panel);
      try {
        panel.mount();
      } catch (error) {
        root.dataset.state = "error";
        root.textContent = `The ${name} could not start: ${error.message}`;
      }
    });
  }
}

// Ctrl+Z with nothing focused (the page itself) undoes in the page's only calculator.
document.addEventListener("keydown", (event) => {
  if (event.target !== document.body) return;
  const calculators = [...mounted.values()].filter((panel) => panel instanceof Calculator);
  if (calculators.length !== 1) return;
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z") {
    event.preventDefault();
    calculators[0].undo();
  }
});

if (window.document$) {
  // In a task of its own, after Material's: its page set-up and the panels' first render
  // would otherwise block the page as one long task.
  window.document$.subscribe(() => setTimeout(mountAll, 0));
} else {
  // Without Material's bundle (a plain page, a test harness), the page is the document.
  mountAll();
}
