// "Read the other side": the user's beliefs about the counterpart and the evidence seen
// during the negotiation, turned by the engine (service.counterpart_estimate and
// counterpart_meso) into an estimate of what the other side values: weight ranges, the
// likely frontier, packages to propose, and MESOs that teach the most. The state is
// saved with the sheet by the calculator (`toJSON`); all numbers come from Python.

import { field, h, num, percent, uid } from "./dom.mjs";
import { drawChart } from "./chart.mjs";
import { toSheetText } from "./model.mjs";
import {
  beliefsFor,
  droppedFor,
  evidenceFor,
  packageText,
  pickParties,
  readState,
  setAside,
} from "./counterpart-state.mjs";

const DIRECTIONS = [
  ["unknown", "Not known"],
  ["ascending", "Later options (down the list)"],
  ["descending", "Earlier options (up the list)"],
];

function describe(entry) {
  if (entry.kind === "preferred") {
    return `They preferred offer ${entry.chosen + 1} of ${entry.offers.length}: ${packageText(entry.offers[entry.chosen])}`;
  }
  if (entry.kind === "matters_more") return `They said ${entry.more} matters more than ${entry.less}`;
  return `They ${entry.kind} ${packageText(entry.package)}`;
}

function range(bounds) {
  return bounds ? `${num(bounds.low)} to ${num(bounds.high)}` : "–";
}

function spread(stat) {
  return stat ? `${num(stat.mean)} (${num(stat.low)}–${num(stat.high)})` : "–";
}

export class CounterpartPanel {
  /** `host`: the Calculator (request, track, save, say, adoptOptions, pickRow,
   * choiceLabels, analysed); `saved`: what toJSON returned last time. */
  constructor(host, saved) {
    this.host = host;
    this.state = readState(saved);
    this.token = 0;
    this.mesoToken = 0;
    this.signature = null;
    this.snapshot = null; // the last valid sheet (the calculator's analysed snapshot)
    this.meso = null; // the offers on the table: [{options, value, expected, predicted}]
    const ids = { user: uid(), them: uid(), low: uid(), high: uid(), target: uid(), offers: uid(), more: uid(), less: uid() };
    this.user = h("select", { id: ids.user, class: "ssc-cp-user", onchange: () => this.setParty("user", this.user.value) });
    this.them = h("select", { id: ids.them, class: "ssc-cp-them", onchange: () => this.setParty("counterpart", this.them.value) });
    const text = (id, key, cls) =>
      h("input", { id, class: cls, type: "text", inputmode: "decimal", size: 6, onchange: (event) => this.setText(key, event.target.value) });
    this.low = text(ids.low, "low", "ssc-cp-res-low");
    this.high = text(ids.high, "high", "ssc-cp-res-high");
    this.target = text(ids.target, "target", "ssc-cp-target");
    this.target.placeholder = "optional";
    this.offerCount = h("input", { id: ids.offers, class: "ssc-cp-offer-count", type: "number", min: 2, max: 6, value: "3" });
    this.more = h("select", { id: ids.more, class: "ssc-cp-more" });
    this.less = h("select", { id: ids.less, class: "ssc-cp-less" });
    this.beliefs = h("div", { class: "ssc-cp-beliefs" });
    this.evidenceList = h("ol", { class: "ssc-cp-evidence", "aria-label": "Evidence recorded, oldest first" });
    this.mesoBox = h("div", { class: "ssc-cp-meso" });
    this.conflict = h("div", { class: "ssc-cp-conflict", "aria-live": "polite" });
    this.problems = h("ul", { class: "ssc-problems ssc-cp-problems" });
    this.ranges = h("div", { class: "ssc-cp-ranges" });
    this.chart = h("div", { class: "ssc-chart ssc-cp-chart" });
    this.proposals = h("div", { class: "ssc-cp-proposals" });
    this.body = h(
      "div",
      { class: "ssc-counterpart" },
      h("p", {
        class: "ssc-hint",
        text: "You know your own points; theirs are hidden. Say what you believe, record what they say and choose as the negotiation goes on, and the estimate below follows. Nothing leaves this browser.",
      }),
      h("div", { class: "ssc-row ssc-cp-row" }, field("You are", ids.user, this.user), field("The other side", ids.them, this.them)),
      h("h4", { text: "What you believe" }),
      this.beliefs,
      h(
        "div",
        { class: "ssc-row ssc-cp-row" },
        field("Their reservation at least", ids.low, this.low),
        field("Their reservation at most", ids.high, this.high),
        field("Your target (points)", ids.target, this.target),
      ),
      h("p", {
        class: "ssc-hint",
        // One target, two defaults (counterpart_estimate.py): say both, as the placeholder cannot.
        text: "Their points run from 0 to 100 (their best package). Ranks: 1 for the issue they care about most; leave blank if you don't know. Your target: the proposals below are worth at least that to you, and suggested offers about that; left blank, proposals start at your reservation value and offers are worth what the best proposal is worth to you.",
      }),
      h("h4", { text: "Equivalent offers to learn from" }),
      h(
        "div",
        { class: "ssc-row ssc-cp-row ssc-cp-controls" },
        field("Offers per round", ids.offers, this.offerCount),
        h("button", { type: "button", class: "ssc-primary ssc-cp-suggest", onclick: () => this.suggest() }, "Suggest offers"),
      ),
      this.mesoBox,
      h("h4", { text: "What you have seen" }),
      h(
        "div",
        { class: "ssc-row ssc-cp-row ssc-cp-controls" },
        field("They said", ids.more, this.more),
        field("matters more than", ids.less, this.less),
        h("button", { type: "button", class: "ssc-cp-record-more", onclick: () => this.recordMore() }, "Record"),
      ),
      h(
        "p",
        { class: "ssc-cp-responses ssc-cp-controls" },
        h("button", { type: "button", class: "ssc-cp-accepted", onclick: () => this.recordResponse("accepted") }, "They accepted the current package"),
        " ",
        h("button", { type: "button", class: "ssc-cp-rejected", onclick: () => this.recordResponse("rejected") }, "They rejected the current package"),
      ),
      this.evidenceList,
      this.conflict,
      this.problems,
      h("h4", { text: "The estimate" }),
      this.ranges,
      this.chart,
      h("p", { class: "ssc-hint", text: "Your points across, their expected points up, with 10–90% bars; darker points are more likely efficient. Click one to make it the current package." }),
      this.proposals,
    );
    // Folded until the reader opens it (and then open on every visit): the estimate is
    // the calculator's heaviest computation, not worth making while nobody looks.
    this.element = h(
      "details",
      { class: "ssc-cp-section", open: this.state.open, ontoggle: () => this.toggled() },
      h("summary", {}, h("h3", { text: "Read the other side" })),
      this.body,
    );
    this.stale = true; // the estimate shown is not for the current sheet
    this.lowerStatus("Waiting for a complete sheet.");
  }

  toggled() {
    if (this.element.open === this.state.open) return;
    this.state.open = this.element.open;
    this.host.save();
    if (this.state.open && this.stale && this.snapshot) this.host.track(() => this.estimate());
  }

  toJSON() {
    return this.state;
  }

  lowerStatus(text) {
    this.ranges.replaceChildren(h("p", { class: "ssc-hint", text }));
  }

  // ---- The sheet changed (a successful analysis): redraw the form if its shape changed

  /** Called by the calculator after each good analysis; returns when the estimate is drawn. */
  async update(snapshot) {
    this.snapshot = snapshot;
    const issues = this.issues();
    const names = snapshot.parties.map((p) => p.name);
    const signature = JSON.stringify([issues, names]);
    if (signature !== this.signature) {
      this.signature = signature;
      this.renderForm();
    }
    this.stale = true;
    if (!this.element.open) {
      this.lowerStatus("The estimate is made when you open this section.");
      return;
    }
    await this.estimate();
  }

  issues() {
    return (this.snapshot?.issues ?? []).map((issue) => ({ name: issue.name, options: issue.options.map((o) => o.label) }));
  }

  parties() {
    return pickParties(this.state, (this.snapshot?.parties ?? []).map((p) => p.name));
  }

  renderForm() {
    const names = this.snapshot.parties.map((p) => p.name);
    const [user, them] = this.parties();
    const options = (select, list, current) =>
      select.replaceChildren(...list.map((name) => h("option", { value: name, text: name, selected: name === current })));
    options(this.user, names, user);
    options(this.them, names.filter((n) => n !== user), them);
    const issues = this.issues();
    options(this.more, issues.map((i) => i.name), issues[0]?.name);
    options(this.less, issues.map((i) => i.name), issues[1]?.name);
    this.low.value = this.state.reservation.low;
    this.high.value = this.state.reservation.high;
    this.target.value = this.state.target;
    const rows = issues.map((issue) => {
      const belief = this.state.issues[issue.name] ?? { prefers: "unknown", rank: "" };
      const prefers = h(
        "select",
        {
          class: "ssc-cp-prefers",
          "data-issue": issue.name,
          "aria-label": `What they prefer on ${issue.name}`,
          onchange: (event) => this.setBelief(issue.name, { prefers: event.target.value }),
        },
        DIRECTIONS.map(([value, label]) => h("option", { value, text: label, selected: belief.prefers === value })),
        h(
          "optgroup",
          { label: "Their favourite option" },
          issue.options.map((option) =>
            h("option", { value: `favourite:${option}`, text: `${option} is their favourite`, selected: belief.prefers === `favourite:${option}` }),
          ),
        ),
      );
      const rank = h("input", {
        class: "ssc-cp-rank",
        "data-issue": issue.name,
        type: "number",
        min: 1,
        max: issues.length,
        size: 3,
        value: belief.rank,
        "aria-label": `How much ${issue.name} matters to them (rank, 1 = most)`,
        onchange: (event) => this.setBelief(issue.name, { rank: event.target.value }),
      });
      return h("tr", { "data-issue": issue.name }, h("th", { scope: "row", text: issue.name }), h("td", {}, prefers), h("td", {}, rank));
    });
    this.beliefs.replaceChildren(
      h(
        "div",
        { class: "ssc-scroll" },
        h(
          "table",
          { class: "ssc-table ssc-cp-belief-table" },
          h("caption", { text: "What they prefer on each issue" }),
          h("thead", {}, h("tr", {}, ["Issue", "They prefer", "Rank"].map((c) => h("th", { scope: "col", text: c })))),
          h("tbody", {}, rows),
        ),
      ),
    );
    this.renderEvidence();
  }

  renderEvidence(statements = null) {
    const texts = new Map((statements ?? []).map((s) => [s.path, s.text]));
    this.evidenceList.replaceChildren(
      ...this.state.evidence.map((entry, index) => {
        const path = `evidence[${index}]`;
        return h(
          "li",
          { class: entry.aside ? "ssc-cp-aside" : "", "data-path": path },
          h("span", { class: "ssc-cp-statement", text: describe(entry) }),
          entry.aside ? h("span", { class: "ssc-hint", text: " (set aside)" }) : null,
          " ",
          h(
            "button",
            { type: "button", class: "ssc-cp-toggle", onclick: () => this.toggleAside(path, !entry.aside) },
            entry.aside ? "Use again" : "Set aside",
          ),
          " ",
          h("button", { type: "button", class: "ssc-cp-remove", "aria-label": `Remove: ${texts.get(path) ?? describe(entry)}`, onclick: () => this.removeEvidence(index) }, "Remove"),
        );
      }),
    );
    const beliefsAside = this.state.droppedBeliefs;
    if (beliefsAside.length) {
      this.evidenceList.append(
        ...beliefsAside.map((path) =>
          h(
            "li",
            { class: "ssc-cp-aside", "data-path": path },
            h("span", { class: "ssc-cp-statement", text: `Belief set aside: ${texts.get(path) ?? path}` }),
            " ",
            h("button", { type: "button", class: "ssc-cp-toggle", onclick: () => this.toggleAside(path, false) }, "Use again"),
          ),
        ),
      );
    }
  }

  // ---- Changes

  changed({ form = false, keepMeso = false } = {}) {
    if (!keepMeso) this.clearMeso();
    if (form) this.renderForm();
    else this.renderEvidence();
    this.host.save();
    this.host.track(() => this.estimate());
  }

  setParty(key, value) {
    this.state[key] = value;
    this.changed({ form: true });
  }

  setText(key, value) {
    if (key === "target") this.state.target = value;
    else this.state.reservation[key] = value;
    this.changed();
  }

  setBelief(issue, change) {
    const current = this.state.issues[issue] ?? { prefers: "unknown", rank: "" };
    this.state.issues[issue] = { ...current, ...change };
    // A changed belief is a new statement: whatever was set aside of the old ones goes.
    this.state.droppedBeliefs = [];
    this.changed();
  }

  record(entry, message) {
    this.state.evidence.push(entry);
    this.host.say(message);
    this.changed();
  }

  recordMore() {
    const more = this.more.value;
    const less = this.less.value;
    if (!more || more === less) {
      this.host.say("Choose two different issues.", true);
      return;
    }
    this.record({ kind: "matters_more", more, less }, `Recorded: they said ${more} matters more than ${less}.`);
  }

  recordResponse(kind) {
    const snapshot = this.host.analysed?.snapshot;
    const labels = snapshot && this.host.choiceLabels(snapshot);
    if (!labels) {
      this.host.say("Build a package first (choose an option for every issue).", true);
      return;
    }
    this.record({ kind, package: labels }, `Recorded: they ${kind} ${packageText(labels)}.`);
  }

  recordPick(index) {
    if (!this.meso) return;
    const offers = this.meso.map((offer) => offer.options);
    this.record({ kind: "preferred", offers, chosen: index }, `Recorded: they picked offer ${index + 1}. Suggest offers again for the next round.`);
    this.suggestButton()?.focus();
  }

  suggestButton() {
    return this.element.querySelector(".ssc-cp-suggest");
  }

  removeEvidence(index) {
    this.state.evidence.splice(index, 1);
    this.host.say("The statement is removed.");
    this.changed();
    this.suggestButton()?.focus();
  }

  toggleAside(path, aside) {
    setAside(this.state, path, aside);
    this.host.say(aside ? "Set aside: the estimate no longer uses that statement." : "The statement is used again.");
    this.changed();
    this.suggestButton()?.focus();
  }

  // ---- Asking the engine

  args() {
    const [user, them] = this.parties();
    return [
      toSheetText(this.snapshot),
      user,
      beliefsFor(this.state, them, this.issues()),
      evidenceFor(this.state),
      droppedFor(this.state),
      this.state.target.trim() || null,
    ];
  }

  async estimate() {
    if (!this.snapshot) return;
    const token = ++this.token;
    this.stale = false;
    if (this.snapshot.parties.length < 2) {
      this.lowerStatus("The sheet needs your party and one for the other side.");
      return;
    }
    const reply = await this.host.request("counterpart_estimate", ...this.args());
    if (token !== this.token || !reply) return;
    if (!reply.ok) {
      this.showProblems(reply.problems);
      return;
    }
    this.showProblems([]);
    const result = reply.result;
    this.renderEvidence([...result.consistency.statements, ...result.consistency.dropped]);
    this.renderConflict(result.consistency);
    this.body.dataset.consistent = String(result.consistency.consistent);
    if (!result.consistency.consistent) {
      this.lowerStatus("No estimate while the statements contradict each other.");
      this.proposals.replaceChildren();
      this.disposeChart?.();
      this.disposeChart = null;
      this.chart.replaceChildren();
      return;
    }
    this.renderRanges(result);
    this.renderProposals(result);
    await this.drawChart(result.chart, token);
  }

  showProblems(problems) {
    this.problems.replaceChildren(
      ...problems.slice(0, 30).map((p) => h("li", { class: "ssc-problem", text: p.path ? `${p.path}: ${p.message}` : p.message })),
    );
  }

  renderConflict(consistency) {
    const contradiction = consistency.contradiction;
    if (!contradiction) {
      this.conflict.replaceChildren();
      return;
    }
    // Evidence is named as the panel lists it (with its package); beliefs as the engine says.
    const say = (s) => {
      const match = /^evidence\[(\d+)\]$/.exec(s.path);
      const entry = match && this.state.evidence[Number(match[1])];
      return entry ? `${describe(entry)} (statement ${Number(match[1]) + 1})` : s.text;
    };
    this.conflict.replaceChildren(
      h("p", { class: "ssc-bad", text: "These statements contradict each other:" }),
      h("ul", { class: "ssc-cp-conflict-list" }, contradiction.conflict.map((s) => h("li", { "data-path": s.path, text: say(s) }))),
      h("p", { text: "Set aside one of these to go on:" }),
      h(
        "ul",
        { class: "ssc-cp-drops" },
        contradiction.drop.map((set) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "ssc-cp-drop",
                "data-paths": set.map((s) => s.path).join(" "),
                onclick: () => {
                  for (const s of set) setAside(this.state, s.path, true);
                  this.host.say(`Set aside: ${set.map(say).join("; ")}.`);
                  this.changed();
                  this.suggestButton()?.focus();
                },
              },
              `Set aside: ${set.map(say).join("; ")}`,
            ),
          ),
        ),
      ),
    );
  }

  renderRanges(result) {
    const { weights, reservation } = result.consistency;
    const rows = Object.entries(weights).map(([issue, bounds]) =>
      h(
        "tr",
        { "data-issue": issue, "data-low": String(bounds.low), "data-high": String(bounds.high) },
        h("th", { scope: "row", text: issue }),
        h("td", { class: "ssc-cp-range", text: range(bounds) }),
        h("td", { text: spread(result.stakes[issue]) }),
      ),
    );
    rows.push(
      h(
        "tr",
        { class: "ssc-cp-reservation-row" },
        h("th", { scope: "row", text: "Their reservation value" }),
        h("td", { text: range(reservation) }),
        h("td", { text: spread(result.reservation) }),
      ),
    );
    this.ranges.replaceChildren(
      h(
        "div",
        { class: "ssc-scroll" },
        h(
          "table",
          { class: "ssc-table ssc-cp-weights" },
          h("caption", { text: `What each issue can be worth to ${result.counterpart} (of 100), from ${result.samples} consistent sheets` }),
          h("thead", {}, h("tr", {}, ["Issue", "Possible weight", "Expected stake (10–90%)"].map((c) => h("th", { scope: "col", text: c })))),
          h("tbody", {}, rows),
        ),
      ),
    );
  }

  renderProposals(result) {
    const rows = result.proposals.map((p) =>
      h(
        "tr",
        { class: "ssc-cp-proposal" },
        h("td", { class: "ssc-package-text", text: packageText(p.options) }),
        h("td", { class: "ssc-points", text: num(p.scores[result.user]) }),
        h("td", { text: spread(p.counterpart) }),
        h("td", { class: "ssc-cp-efficient", text: percent(p.efficient) }),
        h("td", { text: percent(p.accepted) }),
        h("td", {}, h("button", { type: "button", onclick: () => this.host.adoptOptions(p.options) }, "Make current")),
      ),
    );
    this.proposals.replaceChildren(
      rows.length
        ? h(
            "div",
            { class: "ssc-scroll" },
            h(
              "table",
              { class: "ssc-table ssc-cp-proposal-table" },
              h("caption", { text: `Packages to propose now: most expected joint value, worth at least ${num(result.target)} to you` }),
              h(
                "thead",
                {},
                h("tr", {}, ["Package", "Your points", "Their expected points (10–90%)", "Chance it is efficient", "Chance they accept", "Action"].map((c) => h("th", { scope: "col", text: c }))),
              ),
              h("tbody", {}, rows),
            ),
          )
        : h("p", { text: `No package is worth ${num(result.target)} to you: lower your target.` }),
    );
  }

  async drawChart(spec, token) {
    if (!spec) return;
    try {
      const dispose = await drawChart(this.chart, spec, (row) => this.host.pickRow(row));
      if (token !== this.token) return dispose();
      this.disposeChart?.();
      this.disposeChart = dispose;
    } catch (error) {
      this.chart.replaceChildren(h("p", { class: "ssc-bad", text: `The chart could not be drawn: ${error.message}` }));
    }
  }

  // ---- MESOs

  clearMeso() {
    this.meso = null;
    this.mesoToken += 1;
    this.mesoBox.replaceChildren();
  }

  suggest() {
    if (!this.snapshot) return Promise.resolve();
    return this.host.track(async () => {
      const token = ++this.mesoToken;
      const args = this.args();
      const count = Math.min(6, Math.max(2, Number.parseInt(this.offerCount.value, 10) || 3));
      const reply = await this.host.request("counterpart_meso", ...args, count, null, this.state.evidence.length);
      if (token !== this.mesoToken || !reply) return;
      if (!reply.ok) {
        this.meso = null;
        this.mesoBox.replaceChildren(...reply.problems.map((p) => h("p", { class: "ssc-bad", text: p.message })));
        return;
      }
      this.renderMeso(reply.result);
    });
  }

  renderMeso(plan) {
    this.meso = plan.offers;
    const [user, them] = this.parties();
    const issues = this.issues().map((i) => i.name);
    const header = h("tr", {}, h("th", { scope: "col", text: "" }), plan.offers.map((_, i) => h("th", { scope: "col", text: `Offer ${i + 1}` })));
    const rows = [
      ...issues.map((issue) => h("tr", {}, h("th", { scope: "row", text: issue }), plan.offers.map((o) => h("td", { text: o.options[issue] })))),
      h("tr", { class: "ssc-value-row" }, h("th", { scope: "row", text: `Worth to ${user}` }), plan.offers.map((o) => h("td", { class: "ssc-points", text: num(o.value) }))),
      h("tr", {}, h("th", { scope: "row", text: `Expected for ${them}` }), plan.offers.map((o) => h("td", { text: num(o.expected) }))),
      h("tr", {}, h("th", { scope: "row", text: "Predicted share of picks" }), plan.offers.map((o) => h("td", { text: percent(o.predicted) }))),
      h(
        "tr",
        {},
        h("th", { scope: "row", text: "" }),
        plan.offers.map((_, i) =>
          h("td", {}, h("button", { type: "button", class: "ssc-cp-pick", "data-offer": String(i), onclick: () => this.recordPick(i) }, `They picked offer ${i + 1}`)),
        ),
      ),
    ];
    this.mesoBox.replaceChildren(
      h("p", {
        text: `Put these ${plan.offers.length} offers on the table together: each is worth about ${num(plan.target)} (± ${num(plan.tolerance)}) to you, and whichever they pick rules out much of what they might value. Then record their pick.`,
      }),
      h("div", { class: "ssc-scroll" }, h("table", { class: "ssc-table ssc-cp-meso-table" }, h("thead", {}, header), h("tbody", {}, rows))),
    );
  }

  destroy() {
    this.disposeChart?.();
    this.token += 1;
    this.mesoToken += 1;
  }
}
