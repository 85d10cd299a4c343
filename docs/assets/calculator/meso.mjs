// The MESO generator: ask the engine for several packages worth the same to one party
// but different across issues, and show them side by side with what each is worth to
// every party. The form lives across redraws so what the user typed stays put.

import { count, field, h, num, uid, whole } from "./dom.mjs";
import { clearProblems, markProblems } from "./paths.mjs";

/** What the offers are, in words; and why there are fewer than asked for, if so. */
function summary(meso, asked) {
  const found = meso.offers.length;
  const parts = [`${count(found, "offer", "offers")} worth ${num(meso.target)} ± ${num(meso.tolerance)} points to ${meso.party}`];
  if (found > 1) parts.push(`, differing in at least ${count(meso.min_issues_apart, "issue", "issues")} from each other`);
  if (found < asked) {
    parts.push(`. You asked for ${asked}, but only ${count(whole(meso.candidates), "package was", "packages were")} found in that range: widen the tolerance or change the points for more.`);
  } else {
    parts.push(` (${count(whole(meso.candidates), "package", "packages")} found in that range).`);
  }
  if (found > 1) parts.push(" Which one the other side picks tells you what it values.");
  return parts.join("");
}

export class MesoPanel {
  /** onGenerate({party, target, offers, tolerance, seed}); onAdopt(options). */
  constructor(onGenerate, onAdopt) {
    this.onAdopt = onAdopt;
    this.seed = 0;
    const ids = { party: uid(), target: uid(), offers: uid(), tolerance: uid() };
    this.party = h("select", { id: ids.party, name: "party", "data-path": "party", onchange: () => this.followTarget() });
    // Until the user types a target, it follows the chosen party's points in the current
    // package (emptied, it follows again).
    this.typed = false;
    this.points = new Map(); // party name -> its points in the current package (a Map: a party may be called "constructor")
    this.target = h("input", {
      id: ids.target,
      name: "target",
      type: "text",
      inputmode: "decimal",
      size: 8,
      "data-path": "target",
      required: true,
      oninput: () => (this.typed = this.target.value.trim() !== ""),
    });
    this.offers = h("input", { id: ids.offers, name: "offers", type: "number", min: 1, max: 8, value: "3", "data-path": "offers" });
    this.tolerance = h("input", { id: ids.tolerance, name: "tolerance", type: "text", inputmode: "decimal", size: 6, placeholder: "1% of range", "data-path": "tolerance" });
    const ask = (seed) => {
      this.seed = seed;
      onGenerate({
        party: this.party.value,
        target: this.target.value.trim(),
        offers: Number.parseInt(this.offers.value, 10) || 3,
        tolerance: this.tolerance.value.trim() || null,
        seed,
      });
    };
    this.form = h(
      "form",
      { class: "ssc-meso-form", onsubmit: (event) => (event.preventDefault(), ask(0)) },
      field("Offers from", ids.party, this.party),
      field("Worth to them (points)", ids.target, this.target),
      field("How many offers", ids.offers, this.offers),
      field("Tolerance (±points)", ids.tolerance, this.tolerance),
      h("button", { type: "submit", class: "ssc-primary" }, "Generate offers"),
      h("button", { type: "button", onclick: () => ask(this.seed + 1) }, "Other offers"),
    );
    this.results = h("div", { class: "ssc-meso-results" });
    this.element = h("div", {}, this.form, this.results);
  }

  /** Keep the party list in step with the sheet, keeping the user's choice. */
  setParties(names) {
    const current = this.party.value;
    this.party.replaceChildren(...names.map((name) => h("option", { value: name, text: name, selected: name === current })));
    this.followTarget();
  }

  /** A sensible target: the chosen party's points in the current package
   * (`parties`: the analysis's {party name: {points}}), unless the user typed one. */
  suggestTarget(parties) {
    this.points = new Map(Object.entries(parties).map(([name, scored]) => [name, scored.points]));
    this.followTarget();
  }

  followTarget() {
    const points = this.points.get(this.party.value);
    if (!this.typed && points !== undefined) this.target.value = num(points);
  }

  showProblems(problems) {
    clearProblems(this.form);
    return markProblems(this.form, problems);
  }

  /** `asked`: how many offers the user asked for (the engine may find fewer). */
  showResult(meso, asked) {
    clearProblems(this.form);
    const issues = Object.keys(meso.offers[0]?.options ?? {});
    const parties = Object.keys(meso.offers[0]?.parties ?? {});
    const header = h("tr", {}, h("th", { scope: "col", text: "" }), meso.offers.map((_, i) => h("th", { scope: "col", text: `Offer ${i + 1}` })));
    const rows = [
      ...issues.map((issue) =>
        h("tr", {}, h("th", { scope: "row", text: issue }), meso.offers.map((offer) => h("td", { text: offer.options[issue] }))),
      ),
      ...parties.map((party) =>
        h(
          "tr",
          { class: "ssc-value-row", "data-party": party },
          h("th", { scope: "row", text: `Worth to ${party}` }),
          meso.offers.map((offer) => h("td", { class: "ssc-points", text: num(offer.parties[party].points) })),
        ),
      ),
      h(
        "tr",
        {},
        h("th", { scope: "row", text: "" }),
        meso.offers.map((offer, i) =>
          h("td", {}, h("button", { type: "button", onclick: () => this.onAdopt(offer.options) }, `Make offer ${i + 1} current`)),
        ),
      ),
    ];
    this.results.replaceChildren(
      h("p", { class: "ssc-meso-summary", text: summary(meso, asked) }),
      h("div", { class: "ssc-scroll" }, h("table", { class: "ssc-table ssc-meso" }, h("thead", {}, header), h("tbody", {}, rows))),
    );
  }

  clearResult() {
    this.results.replaceChildren();
  }
}
