// Entry point: find every calculator root on the page and bring it to life. Material's
// instant navigation swaps page content without reloading, and this module runs only
// once, so roots are mounted from Material's `document$` (which emits for the first
// page and for every page navigated to), and calculators whose root left the page are
// released. A root is never mounted twice.

import { Calculator } from "./calculator.mjs";

const mounted = new Map(); // root element -> Calculator

function mountAll() {
  for (const [root, calculator] of mounted) {
    if (!root.isConnected) {
      calculator.destroy();
      mounted.delete(root);
    }
  }
  const roots = [...document.querySelectorAll(".scoresheet-calculator")];
  roots.forEach((root, index) => {
    if (mounted.has(root)) return;
    // A share link (#sheet=...) is meant for the page's first calculator.
    const calculator = new Calculator(root, { readLink: index === 0 });
    mounted.set(root, calculator);
    try {
      calculator.mount();
    } catch (error) {
      root.dataset.state = "error";
      root.textContent = `The calculator could not start: ${error.message}`;
    }
  });
}

// Ctrl+Z with nothing focused (the page itself) undoes in the page's only calculator.
document.addEventListener("keydown", (event) => {
  if (event.target !== document.body || mounted.size !== 1) return;
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z") {
    event.preventDefault();
    mounted.values().next().value.undo();
  }
});

if (window.document$) {
  window.document$.subscribe(mountAll);
} else {
  // Without Material's bundle (a plain page, a test harness), the page is the document.
  mountAll();
}
