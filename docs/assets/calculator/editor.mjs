// The score-sheet editor: issues and their options, parties, and the grid of points
// (or weights and ratings). It draws the model and reports edits through `change`;
// it keeps no state of its own, so the controller can redraw it at any time (after an
// undo, an import, a rename) and put the focus back by each element's data-key.

import { h, yieldToPage } from "./dom.mjs";
import { edits, issueById, partyById, paths } from "./model.mjs";

/**
 * change(apply, {key, redraw}): `apply(model)` edits the live model. `key` groups the
 * keystrokes of one field into one undo step; `redraw` when other parts of the editor
 * show what changed (names appear in labels and headings).
 * Returns null when everything is drawn, or a promise of true once the rows of a large
 * sheet are all drawn (false if a newer drawing replaced this one first).
 */
export function renderEditor(container, model, change) {
  const structural = (apply) => () => change(apply, { redraw: true });
  // The sections are drawn at once; their rows (one per option) are queued and drawn
  // in slices of SLICE_MS, so a sheet of thousands of cells never blocks the page.
  const rows = [];
  container.replaceChildren(
    titleField(model, change),
    issuesSection(model, change, structural, rows),
    partiesSection(model, change, structural),
    gridSection(model, change, rows),
  );
  return drawRows(container, rows);
}

const SLICE_MS = 25;
const drawing = new WeakMap(); // container -> the rows of its latest drawing

/** Run the row builders in order, yielding to the page between slices. Resolves true
 * once all are drawn (at once for a sheet of ordinary size: null, nothing pending), or
 * false if a newer drawing of the same container took over. */
function drawRows(container, rows) {
  drawing.set(container, rows);
  let next = 0;
  const slice = () => {
    const start = performance.now();
    while (next < rows.length && performance.now() - start < SLICE_MS) rows[next++]();
  };
  slice();
  if (next === rows.length) return null;
  return (async () => {
    while (next < rows.length) {
      await yieldToPage();
      if (drawing.get(container) !== rows) return false;
      slice();
    }
    return true;
  })();
}

function textInput(attributes) {
  return h("input", { type: "text", autocomplete: "off", spellcheck: "false", ...attributes });
}

/** A number cell: text, so "1/3" and "0.5" are both accepted (the engine decides). */
function numberInput(attributes) {
  return textInput({ inputmode: "decimal", class: "ssc-number", size: 6, ...attributes });
}

/** `key` lets the controller give the focus back to the same button after a redraw
 * (moving an issue with the keyboard keeps the focus on its arrow). */
function iconButton(symbol, label, onclick, disabled, key) {
  return h("button", { type: "button", class: "ssc-icon", "aria-label": label, title: label, onclick, disabled, "data-key": key }, symbol);
}

/** A remove button for `items[index]` (each with an id). Its row goes with it, so the
 * focus moves to the next row's remove button, else the previous row's, else the
 * section's add button (`addKey`): a keyboard user stays where they were working
 * (the controller reads `data-then` when the focused button is gone after a redraw). */
function removeButton(label, onclick, items, index, addKey) {
  const then = [items[index + 1], items[index - 1]].filter(Boolean).map((item) => `remove:${item.id}`);
  const button = iconButton("✕", label, onclick, false, `remove:${items[index].id}`);
  button.dataset.then = [...then, addKey].join(" ");
  return button;
}

/** A name field. Names appear in labels and headings elsewhere, so an edit redraws the
 * editor, but not in the middle of an IME composition (that would break it). */
function nameInput(attributes, key, apply, change) {
  const send = (value) => change((m) => apply(m, value), { key, redraw: true });
  return textInput({
    ...attributes,
    class: "ssc-name", // Ctrl+Z here is the sheet's undo (calculator.mjs onKey)
    "data-key": key,
    oninput: (event) => event.isComposing || send(event.target.value),
    oncompositionend: (event) => send(event.target.value),
  });
}

function titleField(model, change) {
  return h(
    "label",
    { class: "ssc-title" },
    "Sheet title ",
    textInput({
      value: model.title,
      "data-key": "title",
      "data-path": paths.title(),
      oninput: (event) => change((m) => (m.title = event.target.value), { key: "title" }),
    }),
  );
}

function issuesSection(model, change, structural, rows) {
  const list = h("ol", { class: "ssc-issues" });
  model.issues.forEach((issue, index) => {
    const options = h("ol", { class: "ssc-options" });
    issue.options.forEach((option, position) => {
      const name = `${issue.name}: option ${position + 1}`;
      rows.push(() => options.append(
        h(
          "li",
          {},
          nameInput(
            { value: option.label, "aria-label": name, "data-path": paths.option(issue, position) },
            `option:${option.id}`,
            (m, value) => (issueById(m, issue.id).options.find((o) => o.id === option.id).label = value),
            change,
          ),
          iconButton(
            "↑",
            `Move ${name} up`,
            structural((m) => edits.moveOption(m, issue.id, option.id, -1)),
            position === 0,
            `up:${option.id}`,
          ),
          iconButton(
            "↓",
            `Move ${name} down`,
            structural((m) => edits.moveOption(m, issue.id, option.id, 1)),
            position === issue.options.length - 1,
            `down:${option.id}`,
          ),
          removeButton(
            `Remove ${name} (${option.label})`,
            structural((m) => edits.removeOption(m, issue.id, option.id)),
            issue.options,
            position,
            `add-option:${issue.id}`,
          ),
        ),
      ));
    });
    list.append(
      h(
        "li",
        { class: "ssc-issue" },
        h(
          "div",
          { class: "ssc-row" },
          h(
            "label",
            {},
            `Issue ${index + 1} `,
            nameInput(
              { value: issue.name, "data-path": paths.issue(issue) },
              `issue:${issue.id}`,
              (m, value) => (issueById(m, issue.id).name = value),
              change,
            ),
          ),
          iconButton("↑", `Move issue ${issue.name} up`, structural((m) => edits.moveIssue(m, issue.id, -1)), index === 0, `up:${issue.id}`),
          iconButton(
            "↓",
            `Move issue ${issue.name} down`,
            structural((m) => edits.moveIssue(m, issue.id, 1)),
            index === model.issues.length - 1,
            `down:${issue.id}`,
          ),
          removeButton(`Remove issue ${issue.name}`, structural((m) => edits.removeIssue(m, issue.id)), model.issues, index, "add-issue"),
        ),
        options,
        h(
          "button",
          { type: "button", class: "ssc-add", "data-key": `add-option:${issue.id}`, onclick: structural((m) => edits.addOption(m, issue.id)) },
          `Add an option to ${issue.name}`,
        ),
      ),
    );
  });
  return h(
    "fieldset",
    { class: "ssc-section", "data-path": paths.issues() },
    h("legend", { text: "Issues and their options" }),
    list,
    h("button", { type: "button", class: "ssc-add", "data-key": "add-issue", onclick: structural(edits.addIssue) }, "Add an issue"),
  );
}

function partiesSection(model, change, structural) {
  const rows = model.parties.map((party, index) =>
    h(
      "tr",
      {},
      h(
        "td",
        {},
        nameInput(
          { value: party.name, "aria-label": `Party ${index + 1} name`, "data-path": paths.party(party) },
          `party:${party.id}`,
          (m, value) => (partyById(m, party.id).name = value),
          change,
        ),
      ),
      h(
        "td",
        {},
        modeSelect(party, (mode) => change((m) => edits.setMode(m, party.id, mode), { redraw: true })),
      ),
      h(
        "td",
        {},
        numberInput({
          value: party.reservation,
          placeholder: "none",
          "aria-label": `${party.name}: reservation value`,
          "data-key": `reservation:${party.id}`,
          "data-path": paths.reservation(party),
          oninput: (event) =>
            change((m) => (partyById(m, party.id).reservation = event.target.value), { key: `reservation:${party.id}` }),
        }),
      ),
      h(
        "td",
        { class: "ssc-actions" },
        iconButton("↑", `Move party ${party.name} up`, structural((m) => edits.moveParty(m, party.id, -1)), index === 0, `up:${party.id}`),
        iconButton(
          "↓",
          `Move party ${party.name} down`,
          structural((m) => edits.moveParty(m, party.id, 1)),
          index === model.parties.length - 1,
          `down:${party.id}`,
        ),
        removeButton(`Remove party ${party.name}`, structural((m) => edits.removeParty(m, party.id)), model.parties, index, "add-party"),
      ),
    ),
  );
  return h(
    "fieldset",
    { class: "ssc-section ssc-parties", "data-path": paths.parties() },
    h("legend", { text: "Parties" }),
    h(
      "div",
      { class: "ssc-scroll" },
      h(
        "table",
        { class: "ssc-table" },
        h("thead", {}, h("tr", {}, ...["Name", "Scoring", "Reservation value", "Order"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, rows),
      ),
    ),
    h("button", { type: "button", class: "ssc-add", "data-key": "add-party", onclick: structural(edits.addParty) }, "Add a party"),
  );
}

function modeSelect(party, onchange) {
  const field = h(
    "select",
    {
      "aria-label": `${party.name}: how points are entered`,
      "data-key": `mode:${party.id}`,
      onchange: (event) => onchange(event.target.value),
    },
    h("option", { value: "points", text: "Points per option", selected: party.mode === "points" }),
    h("option", { value: "weights", text: "Issue weight × option rating", selected: party.mode === "weights" }),
  );
  return field;
}

function gridSection(model, change, rows) {
  const head = h(
    "tr",
    {},
    h("th", { scope: "col", text: "Issue / option" }),
    model.parties.map((party) =>
      h("th", { scope: "col" }, party.name, h("br"), h("small", { text: party.mode === "weights" ? "weight × rating" : "points" })),
    ),
  );
  // A sheet may hold thousands of cells (20 issues x 20 options x 6 parties): each is a
  // clone of one input with four attributes set, and one listener on the table serves
  // them all.
  const template = numberInput({});
  const cellEdits = new WeakMap(); // input -> (model, value) => void: what typing in it changes
  const cell = (value, label, key, path, edit) => {
    const input = template.cloneNode(false);
    cellEdits.set(input, edit);
    input.value = value ?? "";
    input.setAttribute("aria-label", label);
    input.dataset.key = key;
    input.dataset.path = path;
    const td = document.createElement("td");
    td.append(input);
    return td;
  };
  const body = h("tbody");
  // The rows, in order, an issue's row then its options', as the queue reaches them.
  for (const issue of model.issues) {
    rows.push(() =>
      body.append(
        h(
          "tr",
          { class: "ssc-issue-row" },
          h("th", { scope: "row", text: issue.name }),
          model.parties.map((party) =>
            party.mode !== "weights"
              ? h("td")
              : cell(party.weights[issue.id], `${party.name}: weight of ${issue.name}`, `weight:${party.id}:${issue.id}`, paths.weight(party, issue), (m, value) => (partyById(m, party.id).weights[issue.id] = value)),
          ),
        ),
      ),
    );
    for (const option of issue.options) {
      rows.push(() => {
        const row = h("tr", {}, h("th", { scope: "row", class: "ssc-option-name", text: option.label }));
        for (const party of model.parties) {
          const weighted = party.mode === "weights";
          const table = weighted ? "ratings" : "points";
          const label = `${party.name}: ${weighted ? "rating" : "points"} for ${issue.name}: ${option.label}`;
          const edit = (m, value) => (partyById(m, party.id)[table][option.id] = value);
          row.append(cell(party[table][option.id], label, `${table}:${party.id}:${option.id}`, paths.value(party, issue, option), edit));
        }
        body.append(row);
      });
    }
  }
  const grid = h("table", { class: "ssc-table ssc-grid" }, h("thead", {}, head), body);
  grid.addEventListener("input", ({ target }) => {
    const edit = cellEdits.get(target);
    if (edit) change((m) => edit(m, target.value), { key: target.dataset.key });
  });
  return h(
    "fieldset",
    { class: "ssc-section ssc-grid-section" },
    h("legend", { text: "What each option is worth to each party" }),
    h(
      "p",
      { class: "ssc-hint" },
      "Numbers may be whole, decimal or fractions such as 1/3. With weights, an option is worth the issue's weight times its rating (a rating of 1 is the best option).",
    ),
    h("div", { class: "ssc-scroll" }, grid),
  );
}
