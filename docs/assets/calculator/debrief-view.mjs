// The class results panel: its parts (built once), and the engine's debrief drawn into
// them. Pure rendering from the service's JSON (scoresheet/plain.py: outcome_data,
// summary_data); group names are other people's text, so they only ever become text
// nodes and attribute values. Headings are h3: the panel sits under the page's h2.

import { keptSheet } from "./built-in.mjs";
import { count, field, h, num, percent, uid } from "./dom.mjs";
import { table } from "./analysis.mjs";
import { NO_DEAL, csvLine, spreadsheetText } from "./outcomes-table.mjs";

/** A button-looking label for a hidden file input (styled as in the calculator's toolbar). */
function filePicker(label, accept, className, onPick) {
  const id = uid();
  const input = h("input", {
    id,
    type: "file",
    accept,
    class: className,
    onchange: (event) => {
      const [file] = event.target.files;
      event.target.value = ""; // picking the same file again fires change again
      if (file) onPick(file);
    },
  });
  return h("span", { class: "ssc-field ssc-file" }, h("label", { for: id, text: label }), input);
}

function button(text, className, onclick, attributes = {}) {
  return h("button", { type: "button", class: className, onclick, ...attributes }, text);
}

/**
 * The form for one group's outcome: its name and one select per issue, each with
 * "no deal". onAdd(group, options) gets options {issue: label}, or null for an impasse,
 * and returns true when the row was added (the form then clears the name for the next).
 */
function outcomeForm(issues, onAdd) {
  const nameId = uid();
  const name = h("input", { id: nameId, type: "text", class: "ssd-group", autocomplete: "off", placeholder: "e.g. Table 4" });
  const selects = issues.map((issue) =>
    h(
      "select",
      { id: uid(), class: "ssd-option", "data-issue": issue.name },
      issue.options.map((label, index) => h("option", { value: String(index), text: label })),
      h("option", { value: "", text: NO_DEAL }),
    ),
  );
  const submit = (event) => {
    event.preventDefault();
    const impasse = selects.some((select) => select.value === "");
    const options = impasse
      ? null
      : Object.fromEntries(issues.map((issue, i) => [issue.name, issue.options[Number(selects[i].value)]]));
    if (onAdd(name.value, options)) {
      name.value = "";
      name.focus();
    }
  };
  return h(
    "form",
    { class: "ssd-form", onsubmit: submit },
    h(
      "fieldset",
      { class: "ssc-section" },
      h("legend", { text: "Add one group's outcome" }),
      h(
        "div",
        { class: "ssc-row ssd-form-row" },
        field("Group", nameId, name),
        issues.map((issue, i) => field(issue.name, selects[i].id, selects[i])),
        h("button", { type: "submit", class: "ssc-primary ssd-add" }, "Add outcome"),
      ),
      h("p", {
        class: "ssc-hint",
        text: `Choose “${NO_DEAL}” on any issue for a group that reached no agreement. The row is added to the end of the table below.`,
      }),
    ),
  );
}

/**
 * Build the panel inside `root` (its embedded sheet stays). `actions`: add(group,
 * options) -> bool, upload(file), undo(), clear(), exportOutcomes(), exportResults(),
 * exportChart(format), saveSession(), loadSession(file), present().
 */
export function buildDebriefLayout(root, { issues, parties, actions }) {
  const tableId = uid();
  const hintId = uid();
  const problemsId = uid();
  const chartPair = parties.length > 2 ? ` The chart shows ${parties[0]} across and ${parties[1]} up; the table has every party.` : "";
  const parts = {
    status: h("p", { class: "ssc-status", role: "status", "aria-live": "polite" }),
    progress: h("progress", { class: "ssc-progress", max: 1, hidden: true, "aria-label": "Loading the calculator" }),
    message: h("div", { class: "ssc-message", "aria-live": "polite" }),
    table: h("textarea", {
      id: tableId,
      class: "ssd-table",
      rows: 10,
      spellcheck: "false",
      autocomplete: "off",
      wrap: "off",
      "aria-describedby": `${hintId} ${problemsId}`,
      placeholder: csvLine(["Group", ...issues.map((i) => i.name)]) + "\n" + csvLine(["Table 1", ...issues.map((i) => i.options[0])]),
    }),
    problems: h("ul", { id: problemsId, class: "ssc-problems ssd-problems" }),
    undo: button("Undo", "ssd-undo", actions.undo, { disabled: true, title: "Bring back the table as it was before the last change" }),
    figures: h("div", { class: "ssd-figures" }),
    outcomes: h("div", { class: "ssd-outcomes" }),
    headline: h("p", { class: "ssd-headline" }),
    chart: h("div", { class: "ssc-chart ssd-chart" }),
    present: button("Present", "ssd-present", actions.present, { "aria-pressed": "false", title: "Show the chart full screen, for projecting (Esc to leave)" }),
  };
  parts.panel = h(
    "div",
    { class: "ssd-panel", role: "region", "aria-label": "The class's deals against the efficient frontier" },
    h(
      "div",
      { class: "ssc-row ssd-chart-tools" },
      parts.present,
      button("Download SVG", "ssd-export-svg", () => actions.exportChart("svg")),
      button("Download PNG", "ssd-export-png", () => actions.exportChart("png")),
    ),
    parts.headline,
    parts.chart,
    h("p", {
      class: "ssc-hint",
      text: `Diamonds are the groups' deals, labelled with their names; the line joins the efficient packages; dashed lines are reservation values. Click a diamond to find its row in the table.${chartPair}`,
    }),
  );
  root.replaceChildren(
    ...keptSheet(root),
    h("div", { class: "ssc-statusbar" }, parts.status, parts.progress),
    parts.message,
    h("h3", { text: "The class's outcomes" }),
    outcomeForm(issues, actions.add),
    h("label", { for: tableId, class: "ssd-table-label", text: "Outcomes table" }),
    parts.table,
    h("p", {
      id: hintId,
      class: "ssc-hint",
      text: "One row per group, under a header row naming Group and the issues. Paste rows copied from a spreadsheet, type comma-separated rows, or upload a CSV file; option names match whatever their case and spacing. Rows that cannot be read are listed below by row number (the header is row 1) and left out; the others count.",
    }),
    h(
      "div",
      { class: "ssc-row ssd-table-tools" },
      filePicker("Upload CSV", ".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain", "ssd-upload", actions.upload),
      parts.undo,
      button("Clear table", "ssd-clear", actions.clear),
    ),
    parts.problems,
    h("h3", { text: "Class figures" }),
    parts.figures,
    h("h3", { text: "The class against the frontier" }),
    parts.panel,
    h("h3", { text: "Results by group" }),
    parts.outcomes,
    h("h3", { text: "Files" }),
    h(
      "div",
      { class: "ssc-row ssd-files" },
      button("Download outcomes (CSV)", "ssd-export-outcomes", actions.exportOutcomes),
      button("Download results (CSV)", "ssd-export-results", actions.exportResults),
      button("Save session", "ssd-save", actions.saveSession),
      filePicker("Load session", ".json,application/json", "ssd-load", actions.loadSession),
    ),
    h("p", {
      class: "ssc-hint",
      text: "Outcomes: the table as read, ready to paste or upload again. Results: every group's points and verdicts, then the class figures. A session file holds the whole table, to carry it to another browser; this browser keeps it anyway until you clear it.",
    }),
  );
  return parts;
}

/** Problems with the table's rows, as "row N, column X: message". */
export function renderRowProblems(container, problems) {
  container.replaceChildren(
    ...problems.map((p) => h("li", { class: "ssc-problem ssd-problem", "data-path": p.path, text: `${p.path}: ${p.message}` })),
  );
}

function listOrNone(names) {
  return names.length ? names.join(", ") : "no";
}

/** Each group's outcome: what it agreed, every party's points and the verdicts. */
export function renderOutcomes(container, outcomes, issues, parties) {
  if (!outcomes.length) {
    container.replaceChildren(h("p", { class: "ssc-hint", text: "No outcomes yet: add them above." }));
    return;
  }
  const rows = outcomes.map((o) =>
    h(
      "tr",
      { "data-group": o.group, class: o.deal ? (o.efficient ? "" : "ssd-inefficient") : "ssd-impasse" },
      h("th", { scope: "row", text: o.group }),
      issues.map((issue) => h("td", { text: o.deal ? o.options[issue.name] : NO_DEAL })),
      parties.map((party) => h("td", { class: "ssd-num", text: o.deal ? num(o.scores[party]) : "–" })),
      h("td", { class: "ssd-num", text: o.deal ? num(o.joint) : "–" }),
      o.deal
        ? [
            h("td", { class: o.efficient ? "ssc-good" : "ssc-bad", text: o.efficient ? "yes" : "no" }),
            h("td", { class: "ssd-num", text: num(o.left_on_table) }),
            h("td", { class: o.below_reservation.length ? "ssc-bad" : "", text: listOrNone(o.below_reservation) }),
            h("td", { class: o.lost_compatible.length ? "ssc-bad" : "", text: listOrNone(o.lost_compatible) }),
          ]
        : h("td", { colspan: 4, class: "ssc-hint", text: "no deal: each side takes its alternative" }),
    ),
  );
  container.replaceChildren(
    table(
      "",
      [
        "Group",
        ...issues.map((i) => i.name),
        ...parties.map((p) => `${p} points`),
        "Joint points",
        "Efficient",
        "Left on the table",
        "Below reservation value",
        "Compatible issues lost",
      ],
      rows,
      { class: "ssc-table ssd-results" },
      "Results by group",
    ),
  );
}

/** The class figures as [key, label, text, value] rows, shared by the page and the CSV. */
function figureRows(summary, outcomes, parties) {
  const s = summary;
  const breaches = parties
    .map((party) => [party, outcomes.filter((o) => o.deal && o.below_reservation.includes(party)).length])
    .filter(([, breached]) => breached > 0)
    .map(([party, breached]) => `${party}: ${breached}`);
  const ofMaximum = s.mean_joint !== null && s.joint_maximum ? ` (${percent(s.mean_joint / s.joint_maximum)} of the joint maximum)` : "";
  return [
    ["outcomes", "Groups", String(s.outcomes), s.outcomes],
    ["deals", "Deals", String(s.deals), s.deals],
    ["impasses", "Impasses (no deal)", String(s.impasses), s.impasses],
    ["efficient_deals", "Efficient deals", s.deals ? `${s.efficient_deals} of ${s.deals} (${percent(s.efficient_share)})` : "–", s.efficient_deals],
    ["efficient_share", "Share of deals that are efficient", percent(s.efficient_share), s.efficient_share],
    ["mean_joint", "Mean joint points of the deals", s.mean_joint === null ? "–" : `${num(s.mean_joint)}${ofMaximum}`, s.mean_joint],
    ["joint_maximum", "Joint maximum (in the bargaining zone)", s.joint_maximum === null ? "none: no zone of agreement" : num(s.joint_maximum), s.joint_maximum],
    ["mean_left_on_table", "Mean value left on the table per deal", num(s.mean_left_on_table), s.mean_left_on_table],
    ["below_reservation", "Deals below a party's reservation value", `${s.below_reservation}${breaches.length ? ` (${breaches.join(", ")})` : ""}`, s.below_reservation],
    ["lose_lose", "Lose-lose deals (a compatible issue lost)", String(s.lose_lose), s.lose_lose],
  ];
}

/** The class figures, as a table of label and value (each cell's data-value is the raw number). */
export function renderFigures(container, summary, outcomes, parties) {
  const rows = figureRows(summary, outcomes, parties).map(([key, label, text, value]) =>
    h(
      "tr",
      { "data-figure": key },
      h("th", { scope: "row", text: label }),
      h("td", { class: "ssd-num", "data-value": JSON.stringify(value), text }),
    ),
  );
  container.replaceChildren(table("", ["Figure", "Value"], rows, { class: "ssc-table ssd-figure-table" }, "The class's figures"));
}

/** One line to project above the chart. */
export function headline(summary) {
  const s = summary;
  if (!s.outcomes) return "No outcomes yet.";
  const parts = [`${count(s.deals, "deal", "deals")}, ${count(s.impasses, "impasse", "impasses")}`];
  if (s.deals) {
    parts.push(`${s.efficient_deals} of ${s.deals} efficient`);
    if (s.mean_joint !== null) parts.push(`mean joint points ${num(s.mean_joint)}${s.joint_maximum === null ? "" : ` of a possible ${num(s.joint_maximum)}`}`);
  }
  return `${parts.join("; ")}.`;
}

/** The results as CSV: a row per group with its points and verdicts, then the class figures. */
export function resultsCsv(result, issues, parties) {
  const full = (value) => (value === null || value === undefined ? "" : num(value, 6));
  const lines = [
    csvLine([
      "Group",
      "Deal",
      ...issues.map((i) => i.name),
      ...parties.map((p) => `${p} points`),
      "Joint points",
      "Efficient",
      "Left on the table",
      "Below reservation value",
      "Compatible issues lost",
    ]),
    ...result.outcomes.map((o) =>
      csvLine([
        spreadsheetText(o.group),
        o.deal ? "yes" : "no",
        ...issues.map((i) => spreadsheetText(o.deal ? o.options[i.name] : NO_DEAL)),
        ...parties.map((p) => (o.deal ? full(o.scores[p]) : "")),
        o.deal ? full(o.joint) : "",
        o.deal ? (o.efficient ? "yes" : "no") : "",
        o.deal ? full(o.left_on_table) : "",
        spreadsheetText(o.below_reservation.join("; ")),
        spreadsheetText(o.lost_compatible.join("; ")),
      ]),
    ),
    "",
    csvLine(["Figure", "Value"]),
    ...figureRows(result.summary, result.outcomes, parties).map(([, label, , value]) =>
      csvLine([label, typeof value === "number" ? full(value) : ""]),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
