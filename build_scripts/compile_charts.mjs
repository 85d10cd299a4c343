// Compile Vega-Lite specs to Vega at build time, for the pages' first charts
// (build_scripts/charts.py, ChartCompiler), with the same Vega-Lite the browser loads and
// the browser's own sizing and placeholder theme (docs/assets/calculator/chart-theme.mjs).
// One spec per line on stdin; one line per spec on stdout, in order:
// {"vega": spec} or {"error": "message"}.
import { createInterface } from "node:readline";
import * as vegaLite from "vega-lite";
import { precompile } from "../docs/assets/calculator/chart-theme.mjs";

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  let answer;
  try {
    answer = { vega: precompile(vegaLite, JSON.parse(line)) };
  } catch (error) {
    answer = { error: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
