// Render Vega-Lite specs to static SVG at build time, with the same libraries the
// browser uses, so the printed chart and the interactive one are the same chart.
// Input on stdin: {"name": spec, ...}. Output on stdout: {"name": "<svg ...>", ...}.
import * as vega from "vega";
import * as vegaLite from "vega-lite";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const specs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const svgs = {};
for (const [name, spec] of Object.entries(specs)) {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  svgs[name] = await view.toSVG();
  view.finalize();
}
process.stdout.write(JSON.stringify(svgs));
