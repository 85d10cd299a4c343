// Building DOM nodes from data. Sheets come from files, links and other people, so every
// string reaches the page as a text node or a property value: nothing here parses HTML.

/**
 * h("button", {type: "button", class: "x", onclick: fn}, "Label", child, ...)
 * Attributes starting with "on" become listeners; `text`, `value`, `checked`,
 * `disabled`, `selected`, `hidden` set properties; `dataset` an object of data-*;
 * anything else goes through setAttribute (which never interprets markup).
 */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (["text", "value", "checked", "disabled", "selected", "hidden", "multiple"].includes(name)) {
      node[name === "text" ? "textContent" : name] = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Append children: nodes as they are, strings and numbers as text, arrays flattened. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace all children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

let counter = 0;
/** A document-unique id, for label/aria-describedby wiring. */
export function uid(prefix = "ssc") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled control: the label above it (`id` is the control's). */
export function field(label, id, control) {
  return h("span", { class: "ssc-field" }, h("label", { for: id, text: label }), control);
}

/** "1 offer", "3 offers": `n` (a number, or its text from num()) with the word that agrees with it. */
export function count(n, one, many) {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

/** A count for reading, its thousands grouped: "10,240,000,000,000" packages. Past 2^53
 * the number JSON gave is rounded: "about 68,600,000,000,000,000", not made-up digits.
 * Not toLocaleString: its first call loads the locale's data, 18-20 ms of a page's start. */
export function whole(n) {
  if (Number.isSafeInteger(n)) return grouped(String(n));
  if (!Number.isFinite(n)) return "about ∞"; // a space of more than ~1.8e308 packages
  // Three significant digits, then zeros: "6.86e+16" -> "68600000000000000".
  const [mantissa, exponent = "0"] = n.toPrecision(3).split("e");
  const [units, decimals = ""] = mantissa.split(".");
  const zeros = Math.max(0, Number(exponent) - decimals.length);
  return `about ${grouped(units + decimals + "0".repeat(zeros))}`;
}

const grouped = (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ",");

/** Format a number from the engine (int or float) for reading, not for storage. */
export function num(value, places = 2) {
  if (value === null || value === undefined) return "–";
  if (Number.isInteger(value)) return String(value);
  const text = value.toFixed(places).replace(/\.?0+$/, "");
  return text === "-0" ? "0" : text;
}

/** A signed number: "+5", "-2", "0". */
export function signed(value) {
  const text = num(value);
  return value > 0 ? `+${text}` : text;
}

/** A share in percent: 0.8125 -> "81%". */
export function percent(value) {
  return value === null || value === undefined ? "–" : `${Math.round(value * 100)}%`;
}

/** Let the browser handle input and paint before the next step of a long piece of work,
 * so that no single task blocks the page for long (scheduler.yield where the browser has
 * it: the work resumes ahead of other queued tasks). */
export function yieldToPage() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
