// What a page's build gives a root in <template>s, as JSON: the sheet (every calculator
// and class-results root; the Reset buttons read it again, so it stays in the root) and,
// for a calculator, the first reply to that sheet and the reply's chart compiled to Vega
// (build_scripts: the case templates and initial_analysis.py).

export const BUILT_IN = Object.freeze({
  sheet: "scoresheet-initial",
  analysis: "scoresheet-initial-analysis",
  chart: "scoresheet-initial-chart",
});

/** JSON in the root's own <template class="`name`">, or null. */
export function builtIn(root, name) {
  const holder = root.querySelector(`:scope > .${name}`);
  if (!(holder instanceof HTMLTemplateElement)) return null;
  try {
    return JSON.parse(holder.content.textContent);
  } catch {
    return null;
  }
}

/** The sheet a page embeds in its root, or null. */
export function initialSheet(root) {
  return builtIn(root, BUILT_IN.sheet);
}

/** The root's embedded sheet, to keep when the root's content is replaced. */
export function keptSheet(root) {
  return [...root.children].filter((child) => child.classList.contains(BUILT_IN.sheet));
}
