// How a chart on the page is compiled from the engine's Vega-Lite spec: its size and its
// colours. Shared by the browser (chart.mjs) and the site build
// (build_scripts/compile_charts.mjs), which compiles each page's first chart to Vega
// ahead of time: Vega-Lite's first compile on cold code was the page's longest task of
// its own while loading (110-215 ms). No DOM here: it runs under Node too.
//
// The build cannot know the reader's colours and font (light or dark scheme, the
// browser's fonts), so it compiles with THEME_PLACEHOLDERS and the page swaps in its
// own with `themed()`. Vega-Lite copies each config value whole into the marks it
// styles (text marks get their colour inline, outside `config`); a test checks that the
// swap gives exactly what compiling with the page's values gives.

/** Values that no page theme has, each replaced whole. */
export const THEME_PLACEHOLDERS = Object.freeze({
  text: "#e0e0e1",
  light: "#e0e0e2",
  lightest: "#e0e0e3",
  font: "ssc-chart-font",
});

/** Where a precompiled spec keeps the data that its source spec already carries. */
export const SOURCE_DATA = "ssc:source-data";

/** Vega-Lite config for `theme` ({text, light, lightest, font}): the page's palette. */
export function chartConfig({ text, light, lightest, font }) {
  return {
    background: null,
    font,
    title: { color: text, font, fontWeight: "normal", fontSize: 13, subtitleColor: light, subtitleFont: font },
    axis: {
      labelColor: light,
      titleColor: text,
      domainColor: light,
      tickColor: light,
      gridColor: lightest,
      labelFont: font,
      titleFont: font,
    },
    text: { color: text },
  };
}

/** `spec` filling the width available (phones, sidebars) instead of its fixed 420 px;
 * `height` (px), if given, replaces its own (a projector's screen). */
export function sizedSpec(spec, height) {
  const sized = { ...spec, width: "container", autosize: { type: "fit-x", contains: "padding" } };
  if (height) sized.height = height;
  return sized;
}

/** The Vega spec for `spec` compiled with the placeholder theme, its copies of the
 * source data replaced by SOURCE_DATA (the page has them in `spec`). Null where `themed`
 * could not be trusted: a sheet whose text holds a placeholder, or a placeholder inside a
 * longer string (a Vega-Lite that writes config values into expressions). `options` go
 * to Vega-Lite (a logger). */
export function precompile(vegaLite, spec, options = {}) {
  const placeholders = Object.values(THEME_PLACEHOLDERS);
  const given = JSON.stringify(spec);
  if (placeholders.some((placeholder) => given.includes(placeholder))) return null;
  const compiled = vegaLite.compile(sizedSpec(spec), { ...options, config: chartConfig(THEME_PLACEHOLDERS) }).spec;
  const source = spec.data?.values;
  for (const data of compiled.data ?? []) {
    if (Array.isArray(source) && data.values === source) data.values = SOURCE_DATA;
  }
  const text = JSON.stringify(compiled);
  const whole = (placeholder) => text.split(placeholder).length === text.split(JSON.stringify(placeholder)).length;
  return placeholders.every(whole) ? compiled : null;
}

/** A precompiled spec (`precompile`) made ready to draw: `theme`'s values in place of
 * the placeholders, the source data of `spec` back in. A new object. */
export function themed(compiled, spec, theme) {
  const swap = new Map(Object.entries(THEME_PLACEHOLDERS).map(([key, value]) => [value, theme[key]]));
  const walk = (value) => {
    if (typeof value === "string") return swap.has(value) ? swap.get(value) : value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    }
    return value;
  };
  const ready = walk(compiled);
  for (const data of ready.data ?? []) {
    if (data.values === SOURCE_DATA) data.values = spec.data.values;
  }
  return ready;
}
