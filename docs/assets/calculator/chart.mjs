// The frontier chart: the engine writes the Vega-Lite spec (the same one the build
// renders to SVG), Vega draws it. The Vega scripts are large, so they are loaded only
// when a calculator first draws a chart, from the site's own copy (never a CDN).
//
// Vega is driven directly rather than through vega-embed, which runs parse, dataflow and
// drawing as one chain of promises: one main-thread task of 150-300 ms for a chart of a
// thousand packages on a slow machine. Here each step is a task of its own.

// app.mjs and this file live at <site>/assets/calculator/: the site root is two up.
import { chartConfig, sizedSpec, themed, THEME_PLACEHOLDERS } from "./chart-theme.mjs";
import { yieldToPage } from "./dom.mjs";

const SITE_ROOT = new URL("../..", import.meta.url);
const VEGA = "assets/vendor/vega.min.js";
// Vega-Lite's compiler (it reads the `vega` global as it runs): loaded only when a spec
// is compiled in the page. A first chart compiled by the build draws without it, and
// its 260 KB are then run in an idle moment (warmUpCompiler), not while the page loads.
const VEGA_LITE = "assets/vendor/vega-lite.min.js";
// ES modules that read vega-util from the `vega` global (build_scripts/browser_assets.py).
const MODULES = ["assets/vendor/vega-interpreter.mjs", "assets/vendor/vega-tooltip.mjs"];

let loading = null;
let loadingCompiler = null;
let charts = 0; // charts asked for so far on this page (a warm-up is not needed after one)
let compiles = 0; // Vega-Lite compiles so far on this page
let compilerWarmUp = false; // planned already
const QUIET_MS = 2000; // before the compiler's warm-up (warmUpCompiler)

function loadScript(path) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(path, SITE_ROOT).href;
    script.async = false;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`the chart library ${path} did not load`));
    document.head.append(script);
  });
}

/**
 * The chart library, once its scripts have run (once per page lifetime): {vega,
 * interpreter, Tooltip}. Vega compiles expressions with `new Function` unless given its
 * interpreter: the pages' Content Security Policy forbids eval, so every chart parses to
 * an AST and interprets it. Tooltip is vega-tooltip's handler (it escapes the text it
 * shows).
 */
export function loadVega() {
  loading ??= (async () => {
    await loadScript(VEGA);
    const [{ expressionInterpreter }, { Handler }] = await Promise.all(
      MODULES.map((path) => import(new URL(path, SITE_ROOT).href)),
    );
    return { vega: window.vega, interpreter: expressionInterpreter, Tooltip: Handler };
  })().catch((error) => {
    loading = null; // a later chart may try again
    throw error;
  });
  return loading;
}

/** The chart library with Vega-Lite's compiler: {vega, vegaLite, interpreter, Tooltip}. */
export function loadCompiler() {
  loadingCompiler ??= (async () => {
    // Asked for together, the two scripts download in parallel and run in order
    // (async = false): Vega's script is in the page before Vega-Lite's (loadVega adds it
    // at once, before its first await).
    const [library] = await Promise.all([loadVega(), loadScript(VEGA_LITE)]);
    return { ...library, vegaLite: window.vegaLite };
  })().catch((error) => {
    loadingCompiler = null;
    throw error;
  });
  return loadingCompiler;
}

/** Colours from Material's palette, so the chart reads in light and dark schemes. */
function pageTheme(element) {
  const style = getComputedStyle(element);
  const variable = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: variable("--md-default-fg-color", "#222"),
    light: variable("--md-default-fg-color--light", "#666"),
    lightest: variable("--md-default-fg-color--lightest", "#ddd"),
    font: style.fontFamily,
  };
}

function isDark() {
  return document.body.getAttribute("data-md-color-scheme") === "slate";
}

/**
 * Draw `spec` into `element`; `onPick(row)` gets the data row of a clicked mark
 * ({x, y, kind, label, package}). `height` (px) replaces the spec's, e.g. to fill a
 * projector's screen. `precompiled` is `spec` compiled at build time
 * (chart-theme.mjs's precompile): drawn without Vega-Lite. Returns a function that
 * frees the view.
 */
export async function drawChart(element, spec, onPick, { height, precompiled } = {}) {
  charts += 1;
  const fromBuild = Boolean(precompiled && !height);
  const { vega, vegaLite, interpreter, Tooltip } = await (fromBuild ? loadVega() : loadCompiler());
  await yieldToPage(); // loading Vega may have been a long task of its own
  // Read the page once, before anything is drawn (a layout of a large editor can take
  // tens of milliseconds: a task of its own).
  const theme = pageTheme(element);
  const width = element.clientWidth;
  await yieldToPage();
  const compiled = fromBuild
    ? themed(precompiled, spec, theme)
    : compile(vegaLite, sizedSpec(spec, height), chartConfig(theme));
  startAtWidth(compiled, width || spec.width);
  const runtime = vega.parse(compiled, undefined, { ast: true });
  await yieldToPage();
  const view = new vega.View(runtime, {
    renderer: "svg",
    expr: interpreter,
    logger: vega.logger(vega.Warn),
  });
  view.tooltip(new Tooltip({ theme: isDark() ? "dark" : "light" }).call);
  view.hover();
  await yieldToPage();
  // The dataflow first, with nothing to draw into (scales, layout, every mark's
  // encoding: the bulk of the work), then the drawing, each a task of its own.
  await view.runAsync();
  await yieldToPage();
  await view.initialize(element).runAsync();
  view.addEventListener("click", (_event, item) => {
    const row = item && item.datum;
    if (row && typeof row.package === "string" && row.package) onPick(row);
  });
  return () => view.finalize();
}

function compile(vegaLite, spec, config) {
  compiles += 1;
  return vegaLite.compile(spec, { config }).spec;
}

/** The compiled spec's width starts at `width` instead of reading the container, which
 * Vega would do during the dataflow (there is no container yet). Resizes still follow
 * the container. */
function startAtWidth(compiled, width) {
  const signal = compiled.signals?.find((s) => s.name === "width");
  if (signal && Number.isFinite(width) && width > 0) signal.init = String(width);
}

// A chart of the same make as the engine's (chart.py: a cloud, an efficient line and its
// points with tooltips, labelled markers, a reservation rule), three points small.
const WARM_UP = {
  data: {
    values: [
      { x: 0, y: 2, kind: "efficient", label: "", package: "a" },
      { x: 2, y: 0, kind: "efficient", label: "", package: "b" },
      { x: 1, y: 1, kind: "marker", label: "m", package: "c" },
      { x: 0, y: 0, kind: "package", label: "", package: "d" },
    ],
  },
  layer: [
    { transform: [{ filter: "datum.kind == 'package'" }], mark: { type: "circle", aria: false, tooltip: null, invalid: null }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } },
    {
      transform: [{ filter: "datum.kind == 'efficient'" }],
      layer: [
        { mark: { type: "line", aria: false, invalid: null }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } },
        { mark: { type: "point", filled: true, invalid: null }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, tooltip: [{ field: "x" }, { field: "package" }] } },
      ],
    },
    { transform: [{ filter: "datum.kind == 'marker'" }], mark: { type: "text", invalid: null }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "label" } } },
    { data: { values: [{ value: 1 }] }, mark: { type: "rule" }, encoding: { x: { field: "value", type: "quantitative" } } },
  ],
};

/** Draw a tiny chart off screen and throw it away, while the page waits for Python
 * anyway: the first real chart then runs on compiled, not cold, code (~60 ms sooner).
 * Not when a real chart was asked for already (a page's built-in first results): that
 * one warms the code, and a warm-up beside it would only compete with it. */
export async function warmUpCharts() {
  if (charts > 0) return;
  // Out of the page's layout (no height, fixed, off screen) and out of print, so that
  // nothing on screen or on paper moves while it exists.
  const box = document.createElement("div");
  box.className = "ssc-offscreen";
  box.setAttribute("aria-hidden", "true");
  document.body.append(box);
  try {
    const dispose = await drawChart(box, WARM_UP, () => {});
    dispose();
  } finally {
    box.remove();
  }
}

/** Vega-Lite's first compile runs on cold code (~100 ms on a slow machine). A page whose
 * first chart came compiled from the build has not run it yet, and would on the reader's
 * first edit: compile a tiny chart instead, 2 s after `root`'s calculator got ready, in
 * an idle moment while it is ready (not busy computing a result it will draw: that draw
 * compiles anyway), not while the page loads (a long task then was what the build's
 * compile took away). Given up when `root` leaves the page (instant navigation): the
 * next page's calculator plans its own. */
export function warmUpCompiler(root) {
  if (compiles > 0 || compilerWarmUp) return;
  compilerWarmUp = true;
  const whenIdle = window.requestIdleCallback ?? ((work) => setTimeout(work, 0));
  const attempt = () => whenIdle(async () => {
    if (compiles > 0) return;
    if (!root.isConnected) {
      compilerWarmUp = false;
      return;
    }
    if (root.dataset.state !== "ready") {
      setTimeout(attempt, QUIET_MS);
      return;
    }
    const library = await loadCompiler().catch(() => null);
    if (library && compiles === 0) compile(library.vegaLite, sizedSpec(WARM_UP), chartConfig(THEME_PLACEHOLDERS));
  });
  setTimeout(attempt, QUIET_MS);
}

/** Colours for a chart that leaves the page (slides, documents): dark on white,
 * whatever the page's colour scheme. */
const FILE_CONFIG = {
  ...chartConfig({ text: "#222222", light: "#555555", lightest: "#e4e4e4", font: "Helvetica, Arial, sans-serif" }),
  background: "#ffffff",
};

/** `spec` drawn off the page at its own size, as an SVG or PNG Blob (`format`). */
export async function chartFile(spec, format, scale = 3) {
  const { vega, vegaLite, interpreter } = await loadCompiler();
  const runtime = vega.parse(compile(vegaLite, spec, FILE_CONFIG), undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: "none", expr: interpreter });
  try {
    if (format === "svg") return new Blob([await view.toSVG()], { type: "image/svg+xml" });
    const canvas = await view.toCanvas(scale);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not make the PNG"))), "image/png"),
    );
  } finally {
    view.finalize();
  }
}

/** Parse a chart row's package text ("Issue: Option; Issue: Option") against `issues`
 * ([{name, options: [label]}], in sheet order): the labels, or null. Labels may
 * themselves contain "; " or ": ", so every split is tried against the known names. */
export function parsePackageText(text, issues) {
  const walk = (position, index) => {
    if (index === issues.length) return position === text.length ? [] : null;
    const prefix = `${index ? "; " : ""}${issues[index].name}: `;
    if (!text.startsWith(prefix, position)) return null;
    const start = position + prefix.length;
    for (const label of issues[index].options) {
      if (!text.startsWith(label, start)) continue;
      const rest = walk(start + label.length, index + 1);
      if (rest) return [label, ...rest];
    }
    return null;
  };
  return walk(0, 0);
}
