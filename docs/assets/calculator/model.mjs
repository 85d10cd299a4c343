// The sheet being edited. Issues, options and parties get stable ids so that renaming
// one never loses the numbers attached to it, and so that two things may share a name
// while the user types (the engine then reports the duplicate at both fields, instead
// of a JavaScript object silently keeping one). Numbers stay the text the user typed:
// the engine, not this file, decides what is a number ("1/3" and "0.5" are; "lots" is
// not, and is reported at its field). No arithmetic on points happens here.

import { fieldPath } from "./paths.mjs";

/** An empty model; `seq` numbers the ids and is saved with the model. */
function emptyModel() {
  return { title: "", description: "", issues: [], parties: [], seq: 0 };
}

function nextId(model, prefix) {
  model.seq += 1;
  return `${prefix}${model.seq}`;
}

function own(object, key) {
  // Sheets are untrusted: read only own keys ("__proto__" is a legal issue name).
  return object && typeof object === "object" && Object.hasOwn(object, key) ? object[key] : undefined;
}

function text(value) {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : String(value);
}

/**
 * A model from sheet data (the JSON format of README.md), as the engine's `validate`
 * returns it or as the page embeds it. Anything missing becomes empty text, which the
 * engine then reports at its field.
 */
export function fromSheet(data) {
  const model = emptyModel();
  model.title = text(own(data, "title"));
  model.description = text(own(data, "description"));
  const issues = own(data, "issues") || {};
  for (const name of Object.keys(issues)) {
    const issue = { id: nextId(model, "i"), name, options: [] };
    for (const label of own(issues, name) || []) {
      issue.options.push({ id: nextId(model, "o"), label: text(label) });
    }
    model.issues.push(issue);
  }
  const parties = own(data, "parties") || {};
  for (const name of Object.keys(parties)) {
    const body = own(parties, name) || {};
    const weighted = own(body, "points") === undefined && own(body, "weights") !== undefined;
    const party = newParty(model, name, weighted ? "weights" : "points");
    party.reservation = text(own(body, "reservation"));
    for (const issue of model.issues) {
      const row = own(own(body, weighted ? "ratings" : "points"), issue.name);
      for (const option of issue.options) {
        (weighted ? party.ratings : party.points)[option.id] = text(own(row, option.label));
      }
      if (weighted) party.weights[issue.id] = text(own(own(body, "weights"), issue.name));
    }
    model.parties.push(party);
  }
  return model;
}

function newParty(model, name, mode = "points") {
  return { id: nextId(model, "p"), name, mode, reservation: "", points: {}, weights: {}, ratings: {} };
}

/** The sheet the calculator page offers as "blank": two parties, one issue, zeros. */
export function blankModel() {
  const model = emptyModel();
  model.title = "My negotiation";
  const issue = { id: nextId(model, "i"), name: "Issue 1", options: [] };
  for (const label of ["Option A", "Option B"]) issue.options.push({ id: nextId(model, "o"), label });
  model.issues.push(issue);
  for (const name of ["Us", "Them"]) {
    const party = newParty(model, name);
    for (const option of issue.options) party.points[option.id] = "0";
    model.parties.push(party);
  }
  return model;
}

// ---- Writing the sheet: JSON text with keys in the user's order and duplicates kept.

// A plain decimal is written as a JSON number (the engine reads it exactly); anything
// else as a string, which the engine parses ("1/3") or reports ("must be a number").
const PLAIN_NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,15})?$/;

function numberJson(value) {
  const trimmed = value.trim();
  return PLAIN_NUMBER.test(trimmed) ? trimmed : JSON.stringify(value);
}

function objectJson(pairs, indent, depth) {
  if (!pairs.length) return "{}";
  const pad = indent ? `\n${" ".repeat(indent * (depth + 1))}` : "";
  const end = indent ? `\n${" ".repeat(indent * depth)}` : "";
  const colon = indent ? ": " : ":";
  const items = pairs.map(([key, json]) => `${pad}${JSON.stringify(key)}${colon}${json(depth + 1)}`);
  return `{${items.join(",")}${end}}`;
}

const obj = (pairs, indent) => (depth) => objectJson(pairs, indent, depth);
const raw = (json) => () => json;

/** The model as sheet JSON text (README.md format); `indent` for files people read. */
export function toSheetText(model, indent = 0) {
  const issues = model.issues.map((issue) => [issue.name, raw(JSON.stringify(issue.options.map((o) => o.label)))]);
  const perOption = (table) =>
    obj(
      model.issues.map((issue) => [
        issue.name,
        obj(issue.options.map((o) => [o.label, raw(numberJson(table[o.id] ?? ""))]), indent),
      ]),
      indent,
    );
  const parties = model.parties.map((party) => {
    const body = [];
    if (party.reservation.trim() !== "") body.push(["reservation", raw(numberJson(party.reservation))]);
    if (party.mode === "weights") {
      body.push(["weights", obj(model.issues.map((i) => [i.name, raw(numberJson(party.weights[i.id] ?? ""))]), indent)]);
      body.push(["ratings", perOption(party.ratings)]);
    } else {
      body.push(["points", perOption(party.points)]);
    }
    return [party.name, obj(body, indent)];
  });
  const top = [["version", raw("1")]];
  if (model.title) top.push(["title", raw(JSON.stringify(model.title))]);
  if (model.description) top.push(["description", raw(JSON.stringify(model.description))]);
  top.push(["issues", obj(issues, indent)], ["parties", obj(parties, indent)]);
  return objectJson(top, indent, 0) + (indent ? "\n" : "");
}

// ---- Paths of fields, as the engine names them in its problems.

export const paths = {
  title: () => "title",
  issues: () => "issues",
  parties: () => "parties",
  issue: (issue) => fieldPath("issues", issue.name),
  option: (issue, index) => fieldPath("issues", issue.name, index),
  party: (party) => fieldPath("parties", party.name),
  reservation: (party) => fieldPath("parties", party.name, "reservation"),
  weight: (party, issue) => fieldPath("parties", party.name, "weights", issue.name),
  value: (party, issue, option) =>
    fieldPath("parties", party.name, party.mode === "weights" ? "ratings" : "points", issue.name, option.label),
};

// ---- Edits. Each takes the model and changes it in place; the caller snapshots first.

function move(list, index, by) {
  const target = index + by;
  if (target < 0 || target >= list.length) return;
  [list[index], list[target]] = [list[target], list[index]];
}

/** White space as the engine's Python sees it (str.split, str.strip): JavaScript's \s and
 * trim() leave out \x1c-\x1f, and take U+FEFF, which Python keeps. */
const SPACE = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const ENDS = new RegExp(`^${SPACE}+|${SPACE}+$`, "g");
const RUNS = new RegExp(`${SPACE}+`);

/** `text` without white space at either end, as Python's str.strip() leaves it. */
export function strip(text) {
  return text.replace(ENDS, "");
}

/** A name as the engine compares names (model.py loose_label): case and spacing ignored.
 * Lower, upper, then lower case comes near Python's casefold ("Straße", "STRASSE" and
 * "STRAẞE" alike). */
export function looseLabel(text) {
  return strip(text).split(RUNS).join(" ").toLowerCase().toUpperCase().toLowerCase();
}

function uniqueName(taken, base) {
  // The engine refuses two names that differ only in capitals or spacing, so "option 1"
  // takes "Option 1" too.
  const names = new Set(taken.map(looseLabel));
  for (let n = 1; ; n += 1) {
    const name = `${base} ${n}`;
    if (!names.has(looseLabel(name))) return name;
  }
}

export const edits = {
  addIssue(model) {
    const issue = { id: nextId(model, "i"), name: uniqueName(model.issues.map((i) => i.name), "Issue"), options: [] };
    model.issues.push(issue);
    for (const party of model.parties) party.weights[issue.id] = "0";
    edits.addOption(model, issue.id);
    edits.addOption(model, issue.id);
    return issue;
  },
  removeIssue(model, issueId) {
    model.issues = model.issues.filter((issue) => issue.id !== issueId);
  },
  moveIssue(model, issueId, by) {
    move(model.issues, model.issues.findIndex((i) => i.id === issueId), by);
  },
  addOption(model, issueId) {
    const issue = model.issues.find((i) => i.id === issueId);
    const option = { id: nextId(model, "o"), label: uniqueName(issue.options.map((o) => o.label), "Option") };
    issue.options.push(option);
    // New cells start at zero, a number the user can see and change, never missing.
    for (const party of model.parties) {
      party.points[option.id] = "0";
      party.ratings[option.id] = "0";
    }
    return option;
  },
  removeOption(model, issueId, optionId) {
    const issue = model.issues.find((i) => i.id === issueId);
    issue.options = issue.options.filter((o) => o.id !== optionId);
  },
  moveOption(model, issueId, optionId, by) {
    const issue = model.issues.find((i) => i.id === issueId);
    move(issue.options, issue.options.findIndex((o) => o.id === optionId), by);
  },
  addParty(model) {
    const party = newParty(model, uniqueName(model.parties.map((p) => p.name), "Party"));
    for (const issue of model.issues) {
      for (const option of issue.options) party.points[option.id] = "0";
    }
    model.parties.push(party);
    return party;
  },
  removeParty(model, partyId) {
    model.parties = model.parties.filter((p) => p.id !== partyId);
  },
  moveParty(model, partyId, by) {
    move(model.parties, model.parties.findIndex((p) => p.id === partyId), by);
  },
  setMode(model, partyId, mode) {
    // Points and weights x ratings are kept side by side: switching back and forth
    // loses nothing. Cells never filled in the new mode start at zero.
    const party = model.parties.find((p) => p.id === partyId);
    party.mode = mode;
    for (const issue of model.issues) {
      if (mode === "weights") party.weights[issue.id] ??= "0";
      for (const option of issue.options) (mode === "weights" ? party.ratings : party.points)[option.id] ??= "0";
    }
  },
};

/** The choice ({issue id: option id}) that `labels` ({issue name: option label}) makes in
 * `model`: issues it does not name, and labels the issue lacks, are passed over. */
export function choiceOf(model, labels) {
  const choice = {};
  for (const issue of model.issues) {
    const label = own(labels, issue.name);
    const option = issue.options.find((o) => o.label === label);
    if (option) choice[issue.id] = option.id;
  }
  return choice;
}

export function issueById(model, id) {
  return model.issues.find((issue) => issue.id === id);
}

export function partyById(model, id) {
  return model.parties.find((party) => party.id === id);
}

/** A deep copy (models are plain data). */
export function copy(model) {
  return structuredClone(model);
}

/** True when `data` looks like a model this code saved (localStorage is not trusted). */
export function isModel(data) {
  const strings = (...values) => values.every((v) => typeof v === "string");
  const table = (t) => t && typeof t === "object" && Object.values(t).every((v) => typeof v === "string");
  return (
    data &&
    typeof data === "object" &&
    strings(data.title, data.description) &&
    Number.isInteger(data.seq) &&
    Array.isArray(data.issues) &&
    Array.isArray(data.parties) &&
    data.issues.every(
      (i) =>
        i && strings(i.id, i.name) && Array.isArray(i.options) && i.options.every((o) => o && strings(o.id, o.label)),
    ) &&
    data.parties.every(
      (p) =>
        p &&
        strings(p.id, p.name, p.reservation) &&
        ["points", "weights"].includes(p.mode) &&
        table(p.points) &&
        table(p.weights) &&
        table(p.ratings),
    )
  );
}
