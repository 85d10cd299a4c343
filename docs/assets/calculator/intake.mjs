// Sheets from outside: a JSON file, a GENIUS domain with its profiles, a share link.
// All of them are untrusted, so each goes through the engine (validate or the GENIUS
// import) before it replaces anything; when it fails, the user's sheet stays as it was
// and the message says why, field by field.

import { readText, readXml } from "./files.mjs";
import { choiceOf, fromSheet } from "./model.mjs";
import { decodeSheet, forgetSharedLocation, sharedInLocation } from "./share.mjs";

/** "path: message" lines for the reader, at most `limit` of them. */
export function problemLines(problems, limit = 8, source = "") {
  const prefix = source ? `${source}: ` : "";
  const lines = problems.slice(0, limit).map((p) => prefix + (p.path ? `${p.path}: ${p.message}` : p.message));
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more`);
  return lines;
}

/** Validate sheet JSON text and, if good, make it the sheet (undo brings the old one
 * back), with the package `labels` ({issue: option label}) current if given. */
async function adoptText(calc, text, what, labels = null) {
  const reply = await calc.request("validate", text);
  if (!reply) return false;
  if (!reply.ok) {
    calc.say([`${what} was not loaded; your sheet is unchanged.`, ...problemLines(reply.problems)], true);
    return false;
  }
  const model = fromSheet(reply.result);
  const choice = labels ? choiceOf(model, labels) : {};
  const loaded = Object.keys(choice).length ? `${what} is loaded with its package.` : `${what} is loaded.`;
  calc.replaceModel(model, `${loaded} Undo brings back your previous sheet.`, choice);
  return true;
}

export function importJson(calc, file) {
  return calc.track(async () => {
    let text;
    try {
      text = await readText(file);
    } catch (error) {
      calc.say(`${file.name} was not loaded: ${error.message}`, true);
      return;
    }
    await adoptText(calc, text, file.name);
  });
}

export function importGenius(calc, domain, profiles) {
  return calc.track(async () => {
    if (!domain || profiles.length < 2) {
      calc.say("Pick the domain file and at least two profile files (one per party).", true);
      return;
    }
    let texts;
    try {
      texts = await Promise.all([domain, ...profiles].map((file) => readXml(file)));
    } catch (error) {
      calc.say(`The GENIUS files were not loaded: ${error.message}`, true);
      return;
    }
    const [domainText, ...profileTexts] = texts;
    const pairs = profiles.map((file, i) => [file.name, profileTexts[i]]);
    const reply = await calc.request("import_genius_xml", domainText, pairs);
    if (!reply) return;
    if (!reply.ok) {
      calc.say(["The GENIUS domain was not loaded; your sheet is unchanged.", ...problemLines(reply.problems, 8, reply.source)], true);
      return;
    }
    calc.replaceModel(
      fromSheet(reply.result),
      `Imported the GENIUS domain ${domain.name} with ${profiles.length} profiles. Undo brings back your previous sheet.`,
    );
  });
}

/** The sheet in this page's #sheet= fragment, if any. Returns false when there is none. */
export function openSharedLink(calc) {
  const shared = sharedInLocation();
  if (shared === null) return false;
  // Read once: a reload then shows the saved work, not the link's sheet again.
  forgetSharedLocation();
  calc.track(async () => {
    let text;
    try {
      text = decodeSheet(shared.sheet);
    } catch (error) {
      calc.say(`The link's sheet was not loaded: ${error.message}.`, true);
      calc.schedule();
      return;
    }
    if (!(await adoptText(calc, text, "The shared sheet", shared.labels))) calc.schedule();
  });
  return true;
}
