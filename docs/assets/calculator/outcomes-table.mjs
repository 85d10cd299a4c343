// The class's outcomes as the instructor keeps them: a table in text, one row per group,
// a header row naming the Group column and the issues, cells separated by tabs (pasted
// from a spreadsheet), commas or semicolons. The engine reads it (scoresheet/debrief.py);
// this file only writes: a row added through the form, in the table's own layout, and
// CSV cells for the files the debrief exports.

import { looseLabel, strip } from "./model.mjs";

/** Where the engine's lines end (Python's str.splitlines): a table uploaded with old Mac
 * line endings (CR alone) has as many rows here as there. */
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Header names the engine takes as the group's name, and what a new table calls it. */
const GROUP_COLUMNS = ["group", "team", "pair", "name"];
export const NO_DEAL = "no deal";

/** The separator of a header line, chosen as the engine chooses it. */
function delimiterOf(line) {
  if (line.includes("\t")) return "\t";
  const count = (character) => line.split(character).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/** The table's rows of cells as the engine reads them (debrief.py read_outcomes): its
 * non-blank lines joined by line breaks, read as CSV is by Python's csv module ("quoted"
 * cells, "" for a quote, a quote opening only at a cell's start), so that a quoted cell
 * may hold a line break (Alt+Enter in a spreadsheet) and its row is still one row. The
 * separator is the first line's (delimiterOf). `open`: a quote never closes (the
 * engine reads the rest of the table into that cell). */
function rowsOf(text) {
  const lines = text.split(LINE_BREAK).filter((line) => !blank(line));
  if (!lines.length) return { delimiter: ",", rows: [], open: false };
  const delimiter = delimiterOf(lines[0]);
  const joined = lines.join("\n");
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < joined.length; i += 1) {
    const character = joined[i];
    if (quoted) {
      if (character === '"' && joined[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"' && cell === "") {
      quoted = true;
    } else if (character === delimiter) {
      row.push(cell);
      cell = "";
    } else if (character === "\n") {
      rows.push([...row, cell]);
      [row, cell] = [[], ""];
    } else cell += character;
  }
  rows.push([...row, cell]);
  return { delimiter, rows, open: quoted };
}

/** A line with nothing but white space, as the engine's Python sees it. */
const blank = (line) => strip(line) === "";

/** A cell for a CSV (or tab-separated) line: quoted when it holds the separator, a
 * quote, a line break or spaces at either end. */
export function csvCell(value, delimiter = ",") {
  const text = String(value ?? "");
  const plain = !text.includes(delimiter) && !/["\r\n]/.test(text) && text === text.trim();
  return plain ? text : `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(cells, delimiter = ",") {
  return cells.map((cell) => csvCell(cell, delimiter)).join(delimiter);
}

/** A text cell for a spreadsheet: one that starts like a formula (=, +, -, @) is kept
 * as text, so that a group's name never runs as a formula where the file is opened. */
export function spreadsheetText(value) {
  const text = String(value ?? "");
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** How many groups' rows the table holds (its rows after the header). */
export function rowCount(text) {
  return Math.max(0, rowsOf(text).rows.length - 1);
}

/** The table's header (its names as the engine compares them) and the Group column's
 * index (-1 if none); null for a table with no row yet. */
function headerOf(rows) {
  if (!rows.length) return null;
  const header = rows[0].map(looseLabel);
  return { header, groupAt: header.findIndex((name) => GROUP_COLUMNS.includes(name)) };
}

/** The name typed in each row's Group cell ("" where none, or where there is no Group column). */
function typedNames(rows) {
  const table = headerOf(rows);
  if (!table) return [];
  return rows.slice(1).map((row) => (table.groupAt < 0 ? "" : strip(row[table.groupAt] ?? "")));
}

/** The name the engine gives a row added unnamed at the table's end: "Group n", n its
 * place among the rows, counting on past every name the table has (debrief.py
 * group_names, which this follows step by step). */
export function unusedGroupName(text) {
  const typed = [...typedNames(rowsOf(text).rows), ""];
  const taken = new Set(typed.filter(Boolean).map(looseLabel));
  let name = "";
  typed.forEach((typedName, index) => {
    if (typedName) return;
    let place = index + 1;
    while (taken.has(looseLabel(`Group ${place}`))) place += 1;
    name = `Group ${place}`;
    taken.add(looseLabel(name));
  });
  return name;
}

/**
 * The table with one more group's outcome at its end, in the table's own separator and
 * column order: `options` maps every issue to its label, or is null for no deal.
 * Returns {text} or, when the header cannot take the row or the group's name is taken,
 * {problem}.
 */
export function appendOutcome(text, issueNames, group, options) {
  const { delimiter, rows, open } = rowsOf(text);
  if (open) {
    // A row added after it would land inside the open cell, and never be read.
    return { problem: `A quote (") in row ${rows.length} of the table never closes: close it, or remove it, before adding outcomes with the form.` };
  }
  const table = headerOf(rows);
  if (!table) {
    const header = csvLine(["Group", ...issueNames]);
    const row = csvLine([group, ...issueNames.map((name) => (options ? options[name] : NO_DEAL))]);
    return { text: `${header}\n${row}\n` };
  }
  if (typedNames(rows).some((name) => name && looseLabel(name) === looseLabel(group))) {
    return { problem: `“${group.trim()}” is already a group in the table: give this one another name.` };
  }
  const { header } = table;
  let { groupAt } = table;
  const issueAt = new Map(issueNames.map((name) => [looseLabel(name), name]));
  const missing = issueNames.filter((name) => !header.some((cell, i) => i !== groupAt && cell === looseLabel(name)));
  if (missing.length) {
    const names = missing.map((name) => `“${name}”`).join(", ");
    return { problem: `The table's first row has no column for ${names}: fix its header row, or clear the table, before adding outcomes with the form.` };
  }
  // The text is kept as it was typed (its blank lines too), one row added at its end.
  const lines = text.replace(/\s+$/, "").split(LINE_BREAK);
  if (groupAt < 0) {
    // A table without a Group column gets one, at its end (the end of the header row's
    // last line: a quoted name may hold line breaks); earlier rows keep their numbers.
    const nonBlank = lines.flatMap((line, index) => (blank(line) ? [] : [index]));
    lines[nonBlank[rows[0].join("").split("\n").length - 1]] += `${delimiter}Group`;
    header.push("group");
    groupAt = header.length - 1;
  }
  const cells = header.map((name, i) => {
    if (i === groupAt) return group;
    const issue = issueAt.get(name);
    if (issue === undefined) return "";
    return options ? options[issue] : NO_DEAL;
  });
  lines.push(csvLine(cells, delimiter));
  return { text: `${lines.join("\n")}\n` };
}
