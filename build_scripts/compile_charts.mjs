// Compile Vega-Lite specs to Vega at build time, for the pages' first charts
// (build_scripts/charts.py, ChartCompiler), with the same Vega-Lite the browser loads and
// the browser's own sizing and placeholder theme (docs/assets/calculator/chart-theme.mjs).
// One spec per line on stdin; one line per spec on stdout, in order:
// {"vega": spec or null (left to the browser)} or {"error": "message"}. Vega-Lite's
// warnings are errors here: the engine's specs should not cause any.
import { createInterface } from "node:readline";
import * as vegaLite from "vega-lite";
import { precompile } from "../docs/assets/calculator/chart-theme.mjs";

let warnings = [];
const say = (...parts) => warnings.push(parts.join(" "));
const logger = { level() { return this; }, warn: say, error: say, info() {}, debug() {} };

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  let answer;
  warnings = [];
  try {
    const vega = precompile(vegaLite, JSON.parse(line), { logger });
    answer = warnings.length ? { error: `Vega-Lite warned: ${warnings.join("; ")}` } : { vega };
  } catch (error) {
    answer = { error: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
