// Class results on a teaching note: the instructor enters every group's outcome (form,
// pasted rows, a CSV file) into one table; the engine (service.debrief) reads it, keeps
// the rows it can read, reports the others by row and column, and assesses every deal
// against the frontier. The table is the session: kept in localStorage on every change,
// saved to and loaded from a file, and the source of every result and export.

import { getCalculator } from "./client.mjs";
import { initialSheet } from "./built-in.mjs";
import { Store } from "./storage.mjs";
import { History } from "./history.mjs";
import { showMessage, showStatus } from "./status.mjs";
import { count, h } from "./dom.mjs";
import { download, fileName, readText } from "./files.mjs";
import { chartFile, drawChart } from "./chart.mjs";
import { problemLines } from "./intake.mjs";
import { appendOutcome, csvLine, rowCount, unusedGroupName } from "./outcomes-table.mjs";
import { buildDebriefLayout, headline, renderFigures, renderOutcomes, renderRowProblems, resultsCsv } from "./debrief-view.mjs";

const DEBOUNCE_MS = 300;
const SESSION_FORMAT = "scoresheet-debrief";
const SESSION_VERSION = 1;

/** The spec without the layers that would draw nothing (no deals yet): an empty layer
 * is an image without a name to a screen reader, and a warning to Vega. */
function withoutEmptyLayers(spec) {
  const kinds = new Set(spec.data.values.map((row) => row.kind));
  const layer = spec.layer.filter((part) => {
    const only = /^datum\.kind == '(\w+)'$/.exec(part.transform?.[0]?.filter ?? "");
    return !only || kinds.has(only[1]);
  });
  return { ...spec, layer };
}

/** A mark's offset (px, or a Vega expression {expr}) times `factor`. */
function scaled(offset, factor) {
  if (typeof offset === "number") return offset * factor;
  return offset && typeof offset.expr === "string" ? { expr: `(${offset.expr}) * ${factor}` } : offset;
}

/** The chart in type large enough to read from the back of a room. */
function projected(spec) {
  const bigger = {
    // Captions move out with the bigger type, on whichever side the engine put them.
    text: (mark) => ({ fontSize: 16, dx: scaled(mark.dx, 9 / 7), dy: scaled(mark.dy, 9 / 7) }),
    point: () => ({ size: 220 }),
  };
  const layer = spec.layer.map((part) => {
    const change = typeof part.mark === "object" ? bigger[part.mark.type] : undefined;
    return change ? { ...part, mark: { ...part.mark, ...change(part.mark) } } : part;
  });
  const config = { axis: { labelFontSize: 14, titleFontSize: 16 }, title: { fontSize: 18 } };
  return { ...spec, layer, config: { ...config, ...spec.config } };
}

export class Debrief {
  constructor(root) {
    this.root = root;
    this.calc = getCalculator();
    this.runtime = { state: "loading", message: "Starting the calculator…", progress: null };
    this.store = new Store(root.dataset.storageKey);
    this.history = new History();
    this.sheet = initialSheet(root);
    this.text = ""; // the outcomes table: the session
    this.typing = false; // an undo step is open for the keystrokes being typed
    this.pending = 0;
    this.timer = null;
    this.token = 0;
    this.chartToken = 0;
    this.running = null; // the analysis in flight, for exports to wait on
    this.failure = null;
    this.note = "";
    this.result = null; // the last debrief read from the table
    this.spec = null;
    this.presenting = false;
  }

  mount() {
    if (!this.sheet || typeof this.sheet.issues !== "object" || typeof this.sheet.parties !== "object") {
      throw new Error("this page embeds no score sheet");
    }
    this.sheetText = JSON.stringify(this.sheet);
    this.issues = Object.entries(this.sheet.issues).map(([name, options]) => ({ name, options: options.map(String) }));
    this.parties = Object.keys(this.sheet.parties);
    this.title = this.sheet.title || "class";
    this.parts = buildDebriefLayout(this.root, {
      issues: this.issues,
      parties: this.parties,
      actions: {
        add: (group, options) => this.addOutcome(group, options),
        upload: (file) => this.upload(file),
        undo: () => this.undo(),
        clear: () => this.setTable("", "The table is cleared; Undo brings it back."),
        exportOutcomes: () => this.exportOutcomes(),
        exportResults: () => this.exportResults(),
        exportChart: (format) => this.exportChart(format),
        saveSession: () => this.saveSession(),
        loadSession: (file) => this.loadSession(file),
        present: () => this.present(!this.presenting),
      },
    });
    const saved = this.store.read();
    if (typeof saved?.table === "string" && saved.table.trim()) {
      this.text = saved.table;
      this.say("The class results you entered earlier in this browser are back.");
    }
    this.parts.table.value = this.text;
    this.parts.table.addEventListener("input", () => this.typed());
    this.parts.table.addEventListener("blur", () => (this.typing = false));
    this.parts.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.presenting) {
        event.preventDefault();
        this.present(false);
      }
    });
    this.onFullscreen = () => {
      if (this.presenting && document.fullscreenElement !== this.parts.panel) this.present(false);
    };
    document.addEventListener("fullscreenchange", this.onFullscreen);
    this.onResize = () => {
      if (this.presenting) this.redrawChart(); // a later drawing replaces an earlier one
    };
    window.addEventListener("resize", this.onResize);
    this.unsubscribe = this.calc.onStatus((status) => {
      this.runtime = status;
      this.refreshStatus();
    });
    this.paletteWatch = new MutationObserver(() => this.redrawChart());
    this.paletteWatch.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    this.schedule(0);
  }

  destroy() {
    this.unsubscribe?.();
    this.paletteWatch?.disconnect();
    document.removeEventListener("fullscreenchange", this.onFullscreen);
    window.removeEventListener("resize", this.onResize);
    document.documentElement.classList.remove("ssd-presenting-page");
    clearTimeout(this.timer);
    this.disposeChart?.();
    this.token += 1;
  }

  // ---- The table

  /** The user typed or pasted into the table: one undo step per stretch of typing. */
  typed() {
    if (!this.typing) {
      this.history.push(this.text);
      this.say([]); // a note about the last change ("Added Table 4 as row 2") is old news now
    }
    this.typing = true;
    this.text = this.parts.table.value;
    this.parts.undo.disabled = !this.history.canUndo;
    this.save();
    this.schedule();
  }

  /** Replace the whole table (form, file, clear, session), undoably. */
  setTable(text, note) {
    this.history.push(this.text);
    this.typing = false;
    this.text = text;
    this.parts.table.value = text;
    this.parts.undo.disabled = false;
    this.save();
    this.say(note);
    this.schedule(0);
  }

  undo() {
    const previous = this.history.pop();
    if (previous === null) return;
    this.typing = false;
    this.text = previous;
    this.parts.table.value = previous;
    this.parts.undo.disabled = !this.history.canUndo;
    this.save();
    this.say("Undone: the table is back as it was before the last change.");
    this.schedule(0);
  }

  addOutcome(group, options) {
    const name = group.trim() || unusedGroupName(this.text);
    const { text, problem } = appendOutcome(this.text, this.issues.map((i) => i.name), name, options);
    if (problem) {
      this.say(problem, true);
      return false;
    }
    this.setTable(text, `Added ${name} (${options ? "a deal" : "no deal"}) as row ${rowCount(text) + 1} of the table.`);
    return true;
  }

  upload(file) {
    return this.track(async () => {
      let text;
      try {
        text = await readText(file);
      } catch (error) {
        this.say(`${file.name} was not loaded: ${error.message}`, true);
        return;
      }
      const rows = rowCount(text);
      this.setTable(text, `${file.name} is loaded: ${count(rows, "row", "rows")} after the header. It replaced the table; Undo brings the previous one back.`);
    });
  }

  save() {
    const warning = this.store.write({ table: this.text });
    if (warning) this.say(warning, true);
  }

  // ---- Sessions as files

  saveSession() {
    const session = {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      case: this.title,
      saved: new Date().toISOString(),
      table: this.text,
    };
    download(fileName(`${this.title} class session`), `${JSON.stringify(session, null, 2)}\n`);
    this.say("The session is saved as a file: Load session brings it back, in this browser or another.");
  }

  loadSession(file) {
    return this.track(async () => {
      let session;
      try {
        session = JSON.parse(await readText(file));
      } catch (error) {
        this.say(`${file.name} was not loaded: ${error instanceof SyntaxError ? "it is not JSON" : error.message}. Your table is unchanged.`, true);
        return;
      }
      if (!session || session.format !== SESSION_FORMAT || typeof session.table !== "string") {
        this.say(`${file.name} was not loaded: it is not a class session saved by this page. Your table is unchanged.`, true);
        return;
      }
      if (session.version !== SESSION_VERSION) {
        this.say(`${file.name} was not loaded: it is a session of version ${String(session.version)}, and this page reads version ${SESSION_VERSION}.`, true);
        return;
      }
      const other = typeof session.case === "string" && session.case !== this.title ? ` It was saved on another case (${session.case}): check the rows below.` : "";
      this.setTable(session.table, `${file.name} is loaded; Undo brings back the table you had.${other}`);
    });
  }

  // ---- Talking to the runtime

  schedule(delay = DEBOUNCE_MS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.analyse();
    }, delay);
    this.refreshStatus();
  }

  async track(work) {
    this.pending += 1;
    this.refreshStatus();
    try {
      return await work();
    } finally {
      this.pending -= 1;
      this.refreshStatus();
    }
  }

  analyse() {
    this.running = this.track(() => this.analyseNow());
    return this.running;
  }

  async analyseNow() {
    const token = ++this.token;
    // An empty table still gets the frontier: the engine reads a header with no rows.
    const table = this.text.trim() ? this.text : csvLine(["Group", ...this.issues.map((i) => i.name)]);
    let reply;
    try {
      reply = await this.calc.call("debrief", this.sheetText, table);
    } catch (error) {
      if (token !== this.token) return;
      // The calculator next to this panel was cancelled: the runtime restarts; ask again.
      if (error.name === "CancelledError") this.schedule(0);
      else this.failure = error.message || String(error);
      return;
    }
    if (token !== this.token) return; // the table changed meanwhile
    if (!reply.ok) {
      this.failure = `the case's sheet could not be read (${problemLines(reply.problems, 3).join("; ")}).`;
      return;
    }
    this.failure = null;
    this.show(reply.result);
    await this.redrawChart();
  }

  show(result) {
    this.result = result;
    const { outcomes, row_problems: problems, summary } = result;
    renderRowProblems(this.parts.problems, problems);
    renderFigures(this.parts.figures, summary, outcomes, this.parties);
    renderOutcomes(this.parts.outcomes, outcomes, this.issues, this.parties);
    this.parts.headline.textContent = headline(summary);
    this.parts.table.setAttribute("aria-invalid", problems.length ? "true" : "false");
    this.root.dataset.outcomes = String(outcomes.length);
    this.root.dataset.rowProblems = String(problems.length);
    const read = outcomes.length
      ? `${count(outcomes.length, "group", "groups")}: ${count(summary.deals, "deal", "deals")}, ${count(summary.impasses, "impasse", "impasses")}.`
      : "No outcomes yet.";
    const bad = problems.length
      ? ` ${count(problems.length, "problem", "problems")} in the table, listed under it; those rows are left out.`
      : "";
    this.note = read + bad;
    this.spec = result.chart;
  }

  /** The results of the table as it is now (exports wait for a pending analysis). */
  async current() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.analyse();
    } else if (this.running) {
      await this.running;
    }
    if (!this.result) this.say("Nothing to export yet: the calculator has not read the table.", true);
    return this.result;
  }

  // ---- The chart

  redrawChart() {
    return this.spec ? this.track(() => this.drawNow()) : Promise.resolve();
  }

  async drawNow() {
    const token = ++this.chartToken;
    const element = this.parts.chart;
    const spec = withoutEmptyLayers(this.spec);
    // Presenting: as tall as the screen allows, under the panel's buttons and headline.
    const height = this.presenting ? Math.max(320, window.innerHeight - element.getBoundingClientRect().top - 140) : undefined;
    try {
      const dispose = await drawChart(element, this.presenting ? projected(spec) : spec, (row) => this.pick(row), { height });
      if (token !== this.chartToken) return dispose();
      this.disposeChart?.();
      this.disposeChart = dispose;
      element.dataset.dealPoints = String(spec.data.values.filter((r) => r.kind === "marker").length);
    } catch (error) {
      element.replaceChildren(h("p", { class: "ssc-bad", text: `The chart could not be drawn: ${error.message}` }));
    }
  }

  /** A click on a group's diamond: its row in the results, highlighted and in view. */
  pick(row) {
    if (row.kind !== "marker") return;
    const rows = [...this.parts.outcomes.querySelectorAll("tbody tr")];
    for (const tr of rows) tr.classList.remove("ssd-picked");
    const found = rows.find((tr) => tr.dataset.group === row.label);
    if (!found) return;
    if (this.presenting) this.present(false);
    found.classList.add("ssd-picked");
    found.scrollIntoView({ block: "center" });
  }

  /** Presentation: the chart and its headline fill the screen (full screen if allowed). */
  present(on) {
    if (on === this.presenting) return;
    this.presenting = on;
    const { panel, present } = this.parts;
    panel.classList.toggle("ssd-presenting", on);
    document.documentElement.classList.toggle("ssd-presenting-page", on);
    present.setAttribute("aria-pressed", String(on));
    present.textContent = on ? "Leave presentation (Esc)" : "Present";
    if (on) {
      panel.requestFullscreen?.().catch(() => {}); // the panel covers the window anyway
      present.focus();
    } else if (document.fullscreenElement === panel) {
      document.exitFullscreen().catch(() => {});
    }
    this.redrawChart();
  }

  // ---- Exports

  async exportOutcomes() {
    const result = await this.current();
    if (!result) return;
    download(fileName(`${this.title} outcomes`, "csv"), result.csv, "text/csv");
  }

  async exportResults() {
    const result = await this.current();
    if (!result) return;
    download(fileName(`${this.title} results`, "csv"), resultsCsv(result, this.issues, this.parties), "text/csv");
  }

  exportChart(format) {
    return this.track(async () => {
      const result = await this.current();
      if (!result) return;
      try {
        download(fileName(`${this.title} class chart`, format), await chartFile(withoutEmptyLayers(result.chart), format));
      } catch (error) {
        this.say(`The chart could not be exported: ${error.message}`, true);
      }
    });
  }

  // ---- What the root says

  say(lines, problem = false) {
    showMessage(this.parts.message, lines, problem);
  }

  refreshStatus() {
    if (!this.parts) return;
    const busy = this.pending > 0 || this.timer !== null;
    showStatus(this.root, this.parts, this.runtime, { busy, failure: this.failure, cancelled: false, note: this.note });
  }
}
