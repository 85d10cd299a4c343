// Drawing the engine's results: scores of the current package, efficiency with
// post-settlement proposals, reference points, frontier packages and trades. Pure
// rendering from the service's JSON (shapes in scoresheet/plain.py); every number was
// computed in Python, this file only formats it.

import { count, fill, h, num, percent, signed, whole } from "./dom.mjs";

/** A scrollable table: a caption, column headings, rows (tr nodes). The scroll box is a
 * named, focusable region so that keyboard users can scroll a wide table too. */
export function table(caption, columns, rows, attributes = {}, name = caption) {
  return h(
    "div",
    { class: "ssc-scroll", tabindex: "0", role: "region", "aria-label": name || "Table" },
    h(
      "table",
      { class: "ssc-table", ...attributes },
      caption ? h("caption", { text: caption }) : null,
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, rows),
    ),
  );
}

function yesNo(value) {
  return value ? "yes" : "no";
}

/** The package builder: one select per issue. onChoose(issueId, optionId). */
export function renderBuilder(container, model, choice, onChoose) {
  container.replaceChildren(
    ...model.issues.map((issue) => {
      const field = h(
        "select",
        {
          "data-issue": issue.id,
          "data-key": `choose:${issue.id}`,
          onchange: (event) => onChoose(issue.id, event.target.value),
        },
        issue.options.map((option) =>
          h("option", { value: option.id, text: option.label, selected: choice[issue.id] === option.id }),
        ),
      );
      return h("label", { class: "ssc-choice" }, h("span", { text: issue.name }), field);
    }),
  );
}

/** Every party's points, share of best and surplus for the current package. */
export function renderScores(container, scored) {
  const rows = Object.entries(scored.parties).map(([party, s]) =>
    h(
      "tr",
      { "data-party": party },
      h("th", { scope: "row", text: party }),
      h("td", { class: "ssc-points", text: num(s.points) }),
      h("td", { text: num(s.best) }),
      h("td", { text: percent(s.share_of_best) }),
      h("td", { text: s.surplus === null ? "no reservation" : signed(s.surplus) }),
      h("td", { class: s.acceptable ? "" : "ssc-bad", text: yesNo(s.acceptable) }),
    ),
  );
  container.replaceChildren(
    table(
      "The current package, for each party",
      ["Party", "Points", "Best possible", "Share of best", "Over reservation", "Acceptable"],
      rows,
      { class: "ssc-table ssc-scores" },
    ),
    h(
      "p",
      {},
      `Joint points: ${num(scored.joint)}. `,
      scored.acceptable
        ? "Every party accepts this package: it is in the bargaining zone."
        : "Some party is below its reservation value: it should walk away from this package.",
    ),
  );
}

function packageText(options) {
  return Object.entries(options)
    .map(([issue, option]) => `${issue}: ${option}`)
    .join("; ");
}

function adoptButton(options, onAdopt, label = "Make this the current package") {
  return h("button", { type: "button", class: "ssc-adopt", onclick: () => onAdopt(options) }, label);
}

/** Is the package efficient, what is left on the table, and the proposals (packages
 * every party likes at least as much). */
export function renderEfficiency(container, report, current, onAdopt) {
  const summary = report.efficient
    ? "The current package is efficient: no other package is at least as good for every party and better for one."
    : `The current package is not efficient: packages every party likes at least as much exist, worth up to ${num(report.left_on_table)} more joint points.`;
  // The gap is negative where this package scores more jointly than any package every
  // party accepts (it is below someone's reservation value).
  const gap =
    report.joint_gap === null
      ? "No package is acceptable to every party, so there is no bargaining zone."
      : report.joint_gap > 0
        ? `The best package in the bargaining zone has ${count(num(report.joint_gap), "more joint point", "more joint points")} than this one.`
        : report.joint_gap < 0
          ? `This package has ${count(num(-report.joint_gap), "joint point", "joint points")} more than the best package in the bargaining zone, but not every party accepts it.`
          : "No package in the bargaining zone has more joint points than this one.";
  const items = report.proposals.map((proposal, index) =>
    h(
      "li",
      { class: "ssc-proposal", "data-package": JSON.stringify(proposal.options) },
      h("p", {}, h("strong", { text: `Proposal ${index + 1}` }), proposal.efficient ? " (efficient)" : ""),
      h(
        "ul",
        { class: "ssc-changes" },
        proposal.changed_issues.map((issue) =>
          h("li", { text: `${issue}: ${current[issue] ?? "?"} → ${proposal.options[issue]}` }),
        ),
      ),
      h(
        "p",
        { class: "ssc-gains" },
        "Gains: ",
        Object.entries(proposal.gains)
          .map(([party, gain]) => `${party} ${signed(gain)}`)
          .join(", "),
        ` (joint ${signed(proposal.joint_gain)})`,
      ),
      adoptButton(proposal.options, onAdopt, `Adopt proposal ${index + 1}`),
    ),
  );
  fill(
    container,
    h("p", { class: report.efficient ? "ssc-good" : "ssc-bad", text: summary }),
    h("p", { text: gap }),
    items.length
      ? h(
          "div",
          {},
          h("p", {
            text: "Post-settlement proposals: keep the current package as the fallback, and consider these, which every party likes at least as much (fewest changes first).",
          }),
          h("ol", { class: "ssc-proposals" }, items),
          report.search_complete ? null : h("p", { class: "ssc-hint", text: "The sheet is large: these are a sample." }),
        )
      : null,
  );
}

/** Joint maximum, Nash and Kalai-Smorodinsky packages, each with its scores. */
export function renderReference(container, reference, parties, onAdopt) {
  const named = [
    ["Joint maximum", reference.joint_maximum],
    ["Nash bargaining solution", reference.nash],
    ["Kalai-Smorodinsky solution", reference.kalai_smorodinsky],
  ];
  const rows = named.map(([name, point]) =>
    h(
      "tr",
      {},
      h("th", { scope: "row", text: name }),
      point === null
        ? h("td", { colspan: parties.length + 2, text: "none: no package is acceptable to every party" })
        : [
            parties.map((party) => h("td", { text: num(point.scores[party]) })),
            h("td", {}, h("span", { class: "ssc-package-text", text: packageText(point.packages[0]) }), " ", adoptButton(point.packages[0], onAdopt, "Make current")),
          ],
    ),
  );
  container.replaceChildren(
    table("Reference points for a debrief (among packages every party accepts)", ["Solution", ...parties, "Package"], rows),
  );
}

/** The efficient packages as a table: a keyboard and screen-reader way into the chart. */
export function renderFrontierList(container, frontier, onAdopt, limit = 60) {
  const rows = frontier.points.slice(0, limit).map((point) =>
    h(
      "tr",
      {},
      frontier.parties.map((party) => h("td", { text: num(point.scores[party]) })),
      h(
        "td",
        {},
        h("span", { class: "ssc-package-text", text: packageText(point.packages[0]) }),
        point.package_count > 1 ? ` (and ${point.package_count - 1} more with these scores)` : "",
        " ",
        adoptButton(point.packages[0], onAdopt, "Make current"),
      ),
    ),
  );
  const more = frontier.points.length > limit ? ` The first ${limit} are listed.` : "";
  container.replaceChildren(
    h("p", {
      text: `${whole(frontier.frontier_points)} efficient points (${whole(frontier.efficient_packages)} efficient packages) out of ${whole(frontier.package_space)} packages.${more}`,
    }),
    table("", [...frontier.parties, "Package"], rows, { class: "ssc-table ssc-frontier" }),
  );
}

/** Issue kinds, priorities, trade ratios and logrolls for one pair of parties. */
export function renderTrades(container, trades) {
  const [first, second] = trades.parties;
  const rows = trades.issues.map((t) =>
    h(
      "tr",
      {},
      h("th", { scope: "row", text: t.issue }),
      h("td", { class: `ssc-kind-${t.kind}`, text: t.kind }),
      // An issue worth nothing to a party (stake 0) has no rank and no favourite there.
      h("td", { text: `${t.priority[first] ?? "–"} (${num(t.stakes[first])})` }),
      h("td", { text: `${t.priority[second] ?? "–"} (${num(t.stakes[second])})` }),
      h("td", { text: t.favourites[first] ?? "no preference" }),
      h("td", { text: t.favourites[second] ?? "no preference" }),
      h("td", { text: t.trade_ratio === null ? "free" : num(t.trade_ratio) }),
    ),
  );
  const logrolls = trades.logrolls.map((r) =>
    h("li", {
      text: `${first} concedes ${r.concedes[first]}, ${second} concedes ${r.concedes[second]}: ${first} ${signed(r.gains[first])}, ${second} ${signed(r.gains[second])}.`,
    }),
  );
  container.replaceChildren(
    table(
      `Issues between ${first} and ${second}`,
      [
        "Issue",
        "Kind",
        `Priority for ${first} (stake)`,
        `Priority for ${second} (stake)`,
        `${first} prefers`,
        `${second} prefers`,
        `Trade ratio (${second} gains per point ${first} gives)`,
      ],
      rows,
      { class: "ssc-table ssc-trades" },
    ),
    logrolls.length
      ? h("div", {}, h("p", { text: "Logrolls: trades where each side concedes what matters less to it." }), h("ul", {}, logrolls))
      : h("p", { text: "No logroll between these two: no pair of issues where each gives up what matters less to it." }),
  );
}
