// One calculator on the page: owns the sheet being edited, the package being built
// and the conversation with the Python runtime (debounced, cancellable, stale replies
// dropped), and keeps the root's data-state and status line true to what is going on.

import { getCalculator } from "./client.mjs";
import { count, h, yieldToPage } from "./dom.mjs";
import { blankModel, choiceOf, copy, fromSheet, toSheetText } from "./model.mjs";
import { renderEditor } from "./editor.mjs";
import { History } from "./history.mjs";
import { Store } from "./storage.mjs";
import { shareUrl } from "./share.mjs";
import { download, fileName } from "./files.mjs";
import { renderToolbar } from "./toolbar.mjs";
import { buildLayout } from "./layout.mjs";
import { showMessage, showStatus } from "./status.mjs";
import { importGenius, importJson, openSharedLink, problemLines } from "./intake.mjs";
import { clearProblems, markProblems } from "./paths.mjs";
import { renderBuilder, renderEfficiency, renderFrontierList, renderReference, renderScores, renderTrades } from "./analysis.mjs";
import { MesoPanel } from "./meso.mjs";
import { CounterpartPanel } from "./counterpart.mjs";
import { drawChart, parsePackageText, warmUpCompiler } from "./chart.mjs";
import { BUILT_IN, builtIn, initialSheet } from "./built-in.mjs";

const DEBOUNCE_MS = 250;
const PROPOSALS = 5;

/** The reply to the first analysis of that sheet, when the page carries it. */
function initialAnalysis(root) {
  const reply = builtIn(root, BUILT_IN.analysis);
  return reply?.ok === true && reply.result ? reply : null;
}

/** Two packages as {issue: option label}: the same options on the same issues. */
function samePackage(a, b) {
  if (!a || !b) return false;
  const issues = Object.keys(a);
  return issues.length === Object.keys(b).length && issues.every((issue) => Object.hasOwn(b, issue) && b[issue] === a[issue]);
}

export class Calculator {
  constructor(root, { readLink = false } = {}) {
    this.root = root;
    this.readLink = readLink;
    this.calc = getCalculator();
    this.runtime = { state: "loading", message: "Starting the calculator…", progress: null };
    this.store = new Store(root.dataset.storageKey);
    this.history = new History();
    this.initial = initialSheet(root);
    this.preview = initialAnalysis(root); // the first reply, computed at build time
    // ... and its chart, compiled to Vega then: drawn while that reply's spec is shown.
    const vega = builtIn(root, BUILT_IN.chart);
    this.precompiled = this.preview && vega ? { spec: this.preview.result.chart, vega } : null;
    this.lastKey = null; // the field whose keystrokes the current undo step groups
    this.choice = {}; // issue id -> option id: the package being built
    this.pair = null; // [x, y] party names, when the user picked a pair (3+ parties)
    this.pending = 0; // work in flight (requests, drawing)
    this.timer = null; // debounce
    this.token = 0; // the latest analysis; replies to older ones are dropped
    this.chartToken = 0;
    this.failure = null; // message of the last CalculatorError, until a call succeeds
    this.cancelled = false;
    this.note = ""; // outcome of the last analysis, for the status line
    this.problems = null; // the sheet's problems from the last analysis
    this.analysed = null; // {snapshot, result} of the last good analysis
  }

  mount() {
    const saved = this.store.load();
    // Beliefs and evidence about the other side are saved with the sheet.
    this.counterpart = new CounterpartPanel(this, saved ? this.store.read()?.counterpart : null);
    this.model = saved ? saved.model : this.initial ? fromSheet(this.initial) : blankModel();
    if (saved) this.choice = saved.choice;
    this.meso = new MesoPanel(
      (request) => this.generateMeso(request),
      (options) => this.adoptOptions(options),
    );
    const toolbar = renderToolbar({
      undo: () => this.undo(),
      blank: () => this.replaceModel(blankModel(), "A blank sheet: name your issues, options and parties."),
      reset: () => this.replaceModel(this.initial ? fromSheet(this.initial) : blankModel(), "Back to this page's sheet; undo brings yours back."),
      exportJson: () => download(fileName(this.model.title), toSheetText(this.model, 2)),
      importJson: (file) => importJson(this, file),
      importGenius: (domain, profiles) => importGenius(this, domain, profiles),
      share: () => {
        const labels = this.choiceLabels(this.model);
        // Replaces any older message.
        this.say(`The link below carries this sheet${labels ? " and the package being built" : ""}.`);
        return shareUrl(toSheetText(this.model), labels);
      },
    });
    this.undoButton = toolbar.undo;
    this.parts = buildLayout(this.root, {
      toolbar,
      meso: this.meso,
      counterpart: this.counterpart,
      onCancel: () => this.cancel(),
      onRecalculate: () => this.schedule(0),
    });
    this.root.addEventListener("keydown", (event) => this.onKey(event));
    this.unsubscribe = this.calc.onStatus((status) => {
      this.runtime = status;
      this.refreshStatus();
    });
    // Material's palette toggle: redraw the chart in the new colours.
    this.paletteWatch = new MutationObserver(() => this.redrawChart());
    this.paletteWatch.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    // The sheet is drawn in a task of its own: with the panels built above, one task of
    // about 100 ms on a slow machine. Counted as busy, so that a root mounted while the
    // runtime is already up (instant navigation) never says "ready" before its first work.
    this.track(async () => {
      await yieldToPage();
      if (this.destroyed) return;
      this.renderAll();
      if (saved) this.say("Your saved work on this sheet is back.");
      if (!(this.readLink && openSharedLink(this))) this.schedule(0);
    });
  }

  destroy() {
    this.destroyed = true;
    this.unsubscribe?.();
    this.paletteWatch?.disconnect();
    clearTimeout(this.timer);
    this.disposeChart?.();
    this.counterpart?.destroy();
    this.token += 1;
  }

  // ---- Drawing the sheet and the package builder

  renderAll() {
    this.renderEditor();
    this.renderBuilder();
    this.undoButton.disabled = !this.history.canUndo;
  }

  renderEditor() {
    // Redrawing replaces the inputs: put the focus and caret back where they were.
    const editor = this.parts.editor;
    const active = document.activeElement;
    const key = editor.contains(active) ? active.dataset.key : null;
    // Where the focus goes if its element is gone (a removed row's button): editor.mjs.
    const keys = key ? [key, ...(active.dataset.then?.split(" ") ?? [])] : [];
    const caret = key && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd] : null;
    const drawn = renderEditor(editor, this.model, (apply, options) => this.change(apply, options));
    let placed = null; // where the focus went, if not where it had been
    const finish = (refocus) => {
      if (this.problems) this.showProblems(this.problems);
      const byKey = refocus ? new Map([...editor.querySelectorAll("[data-key]")].map((node) => [node.dataset.key, node])) : null;
      const again = byKey && keys.map((k) => byKey.get(k)).find(Boolean);
      if (!again) return;
      again.focus();
      placed = again.dataset.key === key ? null : again;
      if (caret && typeof again.setSelectionRange === "function") again.setSelectionRange(...caret);
    };
    finish(true);
    // A large sheet's rows arrive over several tasks: mark their problems once they are
    // all there, and give the focus back if it was on a row drawn late (or went to a
    // stand-in, such as the add button for a removed row's neighbour not drawn yet),
    // unless the reader has put it somewhere since.
    drawn?.then((complete) => complete && finish([document.body, placed].includes(document.activeElement)));
  }

  renderBuilder() {
    this.syncChoice();
    renderBuilder(this.parts.builder, this.model, this.choice, (issueId, optionId) => {
      this.choice[issueId] = optionId;
      this.save();
      this.schedule();
    });
    this.meso.setParties(this.model.parties.map((p) => p.name));
    this.renderPair();
  }

  /** With more than two parties, the chart and the trades table show a pair the user picks. */
  renderPair() {
    const names = this.model.parties.map((p) => p.name);
    if (names.length <= 2) {
      this.pair = null;
      this.parts.pair.replaceChildren();
      return;
    }
    if (this.pair && !this.pair.every((n) => names.includes(n))) this.pair = null; // renamed or removed
    const [x, y] = this.pair ?? names.slice(0, 2);
    const selects = [];
    const pick = (label, current, index) => {
      const select = h(
        "select",
        {
          onchange: () => {
            const [across, up] = selects;
            // One party on both axes would be charted against itself, with no trades to
            // show: the two swap instead.
            if (across.value === up.value) selects[1 - index].value = (this.pair ?? [x, y])[index];
            this.pair = [across.value, up.value];
            this.schedule();
          },
        },
        names.map((name) => h("option", { value: name, text: name, selected: name === current })),
      );
      selects.push(select);
      return h("label", {}, `${label} `, select);
    };
    this.parts.pair.replaceChildren(
      pick("Across:", x, 0),
      " ",
      pick("Up:", y, 1),
      h("span", { class: "ssc-hint", text: " (the chart and the trades table show these two parties)" }),
    );
  }

  // ---- Edits, undo, saving

  change(apply, { key = null, redraw = false } = {}) {
    // Keystrokes in one field make one undo step; anything else is a step of its own.
    if (key === null || key !== this.lastKey) this.history.push(this.model);
    this.lastKey = key;
    apply(this.model);
    if (redraw) {
      this.renderEditor();
      this.renderBuilder();
    }
    this.undoButton.disabled = !this.history.canUndo;
    this.save();
    this.schedule();
  }

  undo() {
    const previous = this.history.pop();
    if (!previous) {
      this.say("Nothing to undo.");
      return;
    }
    this.model = previous;
    this.lastKey = null;
    this.renderAll();
    this.save();
    this.say("Undone: the last change is reverted.");
    this.schedule();
  }

  /** `model` becomes the sheet, with `choice` ({issue id: option id} in it) the package. */
  replaceModel(model, note, choice = {}) {
    this.history.push(this.model);
    this.lastKey = null;
    this.model = model;
    this.choice = choice;
    this.problems = null;
    this.renderAll();
    this.save();
    this.say(note);
    this.schedule();
  }

  save() {
    const warning = this.store.write({ model: this.model, choice: this.choice, counterpart: this.counterpart?.toJSON() ?? null });
    if (warning) this.say(warning, true);
  }

  onKey(event) {
    // Inside a text field Ctrl+Z is the browser's own undo of the typing, except in a
    // name field: it is drawn again at each keystroke (names appear across the editor),
    // which leaves the browser nothing to undo; there it is the sheet's undo (a field's
    // typing is one step of it).
    const typing = event.target.matches("input[type=text], input:not([type]), textarea") && !event.target.matches(".ssc-name");
    const undoKey = (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "z";
    if (undoKey && !typing) {
      event.preventDefault();
      this.undo();
    }
  }

  // ---- The package being built (ids, so that renaming keeps it)

  syncChoice() {
    const hadChoice = Object.keys(this.choice).length > 0;
    const next = {};
    for (const issue of this.model.issues) {
      const chosen = issue.options.find((o) => o.id === this.choice[issue.id]);
      if (chosen) next[issue.id] = chosen.id;
      else if (hadChoice && issue.options.length) next[issue.id] = issue.options[0].id;
    }
    this.choice = next;
  }

  /** {issue name: option label}, or null to let the engine start from its midpoint package. */
  choiceLabels(model) {
    // No prototype: an issue may be called "__proto__", and must still be a key.
    const labels = Object.create(null);
    for (const issue of model.issues) {
      const option = issue.options.find((o) => o.id === this.choice[issue.id]);
      if (!option) return null;
      labels[issue.name] = option.label;
    }
    return labels;
  }

  /** Make a package named in the results ({issue: label}) current, read against the
   * sheet those results were computed for. */
  adoptOptions(options, { quiet = false } = {}) {
    const snapshot = this.analysed?.snapshot;
    if (!snapshot) return;
    Object.assign(this.choice, choiceOf(snapshot, options));
    this.renderBuilder();
    this.save();
    if (quiet) return;
    this.say("That package is now the current package.");
    this.schedule();
    // A button in the results started this; those results are about to be redrawn.
    // Keyboard users continue at the package they just chose.
    if (this.parts.analysis.contains(document.activeElement) && !this.parts.chart.contains(document.activeElement)) {
      this.parts.builder.querySelector("select")?.focus();
    }
  }

  // ---- Talking to the runtime

  schedule(delay = DEBOUNCE_MS) {
    clearTimeout(this.timer);
    this.cancelled = false;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.analyse();
    }, delay);
    this.refreshStatus();
  }

  /** Run `work` counted as busy: the root says "busy" from start to finish, with no
   * moment of "ready" between a reply and the drawing of its results. */
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

  /** A service call; the reply, or null after a cancel or a failure (the status says which). */
  async request(name, ...args) {
    return this.track(async () => {
      try {
        const reply = await this.calc.call(name, ...args);
        this.failure = null;
        return reply;
      } catch (error) {
        if (error.name === "CancelledError") this.cancelled = true;
        else this.failure = error.message || String(error);
        return null;
      }
    });
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
    this.token += 1; // whatever was running, its results are no longer wanted
    this.cancelled = true;
    this.calc.cancel();
    this.say("Cancelled: the calculation was stopped. Your sheet is unchanged; the results shown may not match it until you press Recalculate.");
    this.refreshStatus();
  }

  analyse() {
    return this.track(() => this.analyseNow());
  }

  async analyseNow() {
    const snapshot = copy(this.model);
    const token = ++this.token;
    const text = toSheetText(snapshot);
    const choice = this.choiceLabels(snapshot);
    const asked = this.request("analyse", text, choice, PROPOSALS);
    // The first analysis of the page's own sheet: the page carries the engine's reply,
    // computed when the site was built (build_scripts/initial_analysis.py). Draw it while
    // Python loads; Python's reply is drawn again only if it differs.
    const preview = this.preview;
    this.preview = null;
    // It answers for the engine's starting package: no package chosen yet, or (a later
    // visit, the choice restored) that same package chosen.
    const fresh = Object.keys(this.choice).length === 0 ? choice === null : samePackage(choice, preview?.result?.package?.options);
    if (preview && fresh && this.initial && text === toSheetText(fromSheet(this.initial))) {
      await this.showReply(preview, snapshot, text, token);
      const reply = await asked;
      if (token !== this.token || !reply) return; // superseded, cancelled or failed
      if (JSON.stringify(reply) !== JSON.stringify(preview)) await this.showReply(reply, snapshot, text, token);
      else warmUpCompiler(this.root); // its chart came compiled: Vega-Lite has not run yet
      return;
    }
    const reply = await asked;
    if (token !== this.token || !reply) return; // superseded, cancelled or failed
    await this.showReply(reply, snapshot, text, token);
  }

  /** Draws an analysis reply for `snapshot`: the sheet's problems, or its results. */
  async showReply(reply, snapshot, text, token) {
    if (!reply.ok) {
      this.showProblems(reply.problems);
      this.parts.analysis.classList.add("ssc-stale");
      this.root.dataset.sheet = "invalid";
      this.note = `The sheet has ${count(reply.problems.length, "problem", "problems")}, marked at the fields; the results are for the last complete sheet.`;
      return;
    }
    this.showProblems([]);
    this.parts.analysis.classList.remove("ssc-stale");
    this.root.dataset.sheet = "valid";
    this.note = "Results are up to date.";
    this.analysed = { snapshot, result: reply.result };
    // No package chosen yet: start from the engine's issue-by-issue midpoint.
    if (Object.keys(this.choice).length === 0) this.adoptOptions(reply.result.package.options, { quiet: true });
    // The package builder is redrawn; the results are a task of their own.
    if (!(await this.pause(token))) return;
    await this.showResult(reply.result, snapshot, text, token);
  }

  /** Let the page handle input and paint; true if analysis `token` is still the latest
   * (its results still wanted) when it resumes. */
  async pause(token) {
    await yieldToPage();
    return token === this.token;
  }

  async showResult(result, snapshot, text, token) {
    const parties = snapshot.parties.map((p) => p.name);
    const adopt = (options) => this.adoptOptions(options);
    renderScores(this.parts.scores, result.package);
    renderReference(this.parts.reference, result.reference, parties, adopt);
    renderFrontierList(this.parts.frontier, result.frontier, adopt);
    // The tables, the chart and the counterpart's estimate each take tens of milliseconds
    // on a large sheet: one at a time, with the page free in between.
    if (!(await this.pause(token))) return;
    renderEfficiency(this.parts.efficiency, result.efficiency, result.package.options, adopt);
    this.meso.suggestTarget(result.package.parties);
    if (!(await this.pause(token))) return;
    let chart = result.chart;
    let trades = result.trades;
    if (this.pair) {
      // analyse() charts the first two parties; another pair needs its own calls.
      const [x, y] = this.pair;
      const [chartReply, tradesReply] = await Promise.all([
        this.request("chart", text, x, y, this.choiceLabels(snapshot)),
        this.request("trades_between", text, x, y),
      ]);
      if (token !== this.token) return;
      if (chartReply?.ok) chart = chartReply.result;
      if (tradesReply?.ok) trades = tradesReply.result;
    }
    renderTrades(this.parts.trades, trades);
    if (!(await this.pause(token))) return;
    this.spec = chart;
    // The counterpart's estimate is computed in the worker while the chart is drawn here.
    await Promise.all([this.redrawChart(), this.counterpart.update(snapshot)]);
  }

  redrawChart() {
    // Drawing counts as busy: readers and tests wait for the chart too.
    return this.spec ? this.track(() => this.drawNow()) : Promise.resolve();
  }

  async drawNow() {
    const token = ++this.chartToken;
    const element = this.parts.chart;
    try {
      const precompiled = this.spec === this.precompiled?.spec ? this.precompiled.vega : undefined;
      const dispose = await drawChart(element, this.spec, (row) => this.pickRow(row), { precompiled });
      if (token !== this.chartToken) return dispose();
      this.disposeChart?.();
      this.disposeChart = dispose;
      element.dataset.efficientPoints = String(this.spec.data.values.filter((r) => r.kind === "efficient").length);
    } catch (error) {
      element.replaceChildren(h("p", { class: "ssc-bad", text: `The chart could not be drawn: ${error.message}` }));
    }
  }

  /** A click on the chart: the row's package text, read against the analysed sheet. */
  pickRow(row) {
    const snapshot = this.analysed?.snapshot;
    if (!snapshot) return;
    const issues = snapshot.issues.map((i) => ({ name: i.name, options: i.options.map((o) => o.label) }));
    const labels = parsePackageText(row.package, issues);
    if (labels) this.adoptOptions(Object.fromEntries(issues.map((issue, i) => [issue.name, labels[i]])));
  }

  showProblems(problems) {
    this.problems = problems.length ? problems : null;
    clearProblems(this.parts.editor);
    const unplaced = markProblems(this.parts.editor, problems);
    this.parts.unplaced.replaceChildren(...problemLines(unplaced, 50).map((line) => h("li", { class: "ssc-problem", text: line })));
  }

  generateMeso({ party, target, offers, tolerance, seed }) {
    if (!target) {
      this.meso.showProblems([{ path: "target", message: "give the points the offers should be worth" }]);
      return Promise.resolve();
    }
    return this.track(async () => {
      const reply = await this.request("meso_offers", toSheetText(this.model), party, target, offers, tolerance, seed);
      if (!reply) return;
      if (reply.ok) {
        this.meso.showResult(reply.result, offers);
        return;
      }
      this.meso.clearResult();
      // Problems with the sheet itself go to the sheet's fields.
      const rest = this.meso.showProblems(reply.problems);
      if (rest.length) this.showProblems(rest);
    });
  }

  // ---- What the root says

  /** A message for the reader: an outcome, or with `problem` an error (keeps the work). */
  say(lines, problem = false) {
    showMessage(this.parts.message, lines, problem);
  }

  refreshStatus() {
    if (!this.parts) return;
    const busy = this.pending > 0 || this.timer !== null;
    const state = showStatus(this.root, this.parts, this.runtime, {
      busy,
      failure: this.failure,
      cancelled: this.cancelled,
      note: this.note,
    });
    const { cancel, recalculate } = this.parts;
    cancel.hidden = !(state === "busy" && this.pending > 0);
    recalculate.hidden = busy || !(this.cancelled || this.failure);
  }
}
