// Field paths, written exactly as the engine writes them (scoresheet/errors.py
// `field_path`), so that a problem the engine reports can be shown at the input it is
// about: every input carries `data-path`, and problems are matched by that string.

import { h, uid } from "./dom.mjs";

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** fieldPath("parties", "Seller", "points", "Salary", "$90k") -> 'parties.Seller.points.Salary["$90k"]' */
export function fieldPath(prefix, ...parts) {
  let out = prefix;
  for (const part of parts) {
    if (typeof part === "number") out += `[${part}]`;
    else if (PLAIN_KEY.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The path one level up: 'a.b["c d"]' -> 'a.b'; '' at the top. */
export function parentPath(path) {
  const match = /(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(path);
  if (!match) return "";
  return path.slice(0, match.index);
}

/** Remove every mark left by `markProblems` inside `scope`. */
export function clearProblems(scope) {
  for (const node of scope.querySelectorAll(".ssc-problem")) node.remove();
  for (const node of scope.querySelectorAll("[aria-invalid]")) {
    node.removeAttribute("aria-invalid");
    const described = (node.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && !id.startsWith("ssc-problem-"));
    if (described.length) node.setAttribute("aria-describedby", described.join(" "));
    else node.removeAttribute("aria-describedby");
  }
}

/**
 * Show each problem at the element whose data-path is the problem's path, or the
 * nearest ancestor path that has one. Returns the problems no element took, for a
 * general list. Messages are text nodes: they quote the user's own labels.
 */
export function markProblems(scope, problems) {
  const byPath = new Map();
  for (const node of scope.querySelectorAll("[data-path]")) {
    const list = byPath.get(node.dataset.path) || [];
    list.push(node);
    byPath.set(node.dataset.path, list);
  }
  const unplaced = [];
  for (const problem of problems) {
    let path = problem.path || "";
    let targets = byPath.get(path);
    while (!targets && path) {
      path = parentPath(path);
      targets = byPath.get(path);
    }
    if (!targets) {
      unplaced.push(problem);
      continue;
    }
    // The message names the field when it landed on an ancestor of the real path.
    const text = path === problem.path ? problem.message : `${problem.path}: ${problem.message}`;
    for (const target of targets) showAt(target, text);
  }
  return unplaced;
}

function showAt(target, text) {
  const id = uid("ssc-problem");
  const message = h("span", { class: "ssc-problem", id, text });
  if (target.matches("input, select, textarea")) {
    target.setAttribute("aria-invalid", "true");
    const described = target.getAttribute("aria-describedby");
    target.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
    target.after(message);
  } else {
    // A fieldset's legend must stay its first child to render as its caption.
    const legend = target.querySelector(":scope > legend");
    if (legend) legend.after(message);
    else target.prepend(message);
  }
}
