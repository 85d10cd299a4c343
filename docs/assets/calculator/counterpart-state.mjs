// What the user believes and has seen of the other side, as plain data saved with the
// sheet, and its translation into the engine's beliefs and evidence (README "Reading
// the other side"; scoresheet/counterpart_format.py). Issues and options are named by
// their labels, as the engine names them; localStorage is not trusted, so a saved state
// is read field by field and anything odd is left out.

export const GUESS_PARTY = "Other side (your estimate)";
const KINDS = ["preferred", "matters_more", "accepted", "rejected"];
const MAX_EVIDENCE = 500;

/** An empty state: nothing believed, nothing seen. */
export function emptyState() {
  return {
    user: "", // your party ("" = the sheet's first)
    counterpart: "", // theirs ("" = the estimate column, or the sheet's second party)
    issues: {}, // issue -> {prefers: "unknown" | "ascending" | "descending" | "favourite:<option>", rank: ""}
    reservation: { low: "", high: "" },
    target: "",
    evidence: [], // engine evidence entries, oldest first, each with `aside: true` when set aside
    droppedBeliefs: [], // belief statement paths set aside
    open: false, // the panel unfolded (it estimates only then)
  };
}

const isText = (value) => typeof value === "string";
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function ownEntries(value) {
  return isObject(value) ? Object.keys(value).map((key) => [key, value[key]]) : [];
}

function readPackage(value) {
  const entries = ownEntries(value);
  if (!entries.length || !entries.every(([, option]) => isText(option))) return null;
  const out = Object.create(null);
  for (const [issue, option] of entries) out[issue] = option;
  return out;
}

function readEvidence(raw) {
  if (!isObject(raw) || !KINDS.includes(raw.kind)) return null;
  const base = { kind: raw.kind };
  if (isText(raw.note) && raw.note) base.note = raw.note;
  if (raw.aside === true) base.aside = true;
  if (raw.kind === "preferred") {
    const offers = Array.isArray(raw.offers) ? raw.offers.map(readPackage) : [];
    if (offers.length < 2 || offers.includes(null) || !Number.isInteger(raw.chosen)) return null;
    if (raw.chosen < 0 || raw.chosen >= offers.length) return null;
    return { ...base, offers, chosen: raw.chosen };
  }
  if (raw.kind === "matters_more") {
    return isText(raw.more) && isText(raw.less) ? { ...base, more: raw.more, less: raw.less } : null;
  }
  const pkg = readPackage(raw.package);
  return pkg ? { ...base, package: pkg } : null;
}

/** A state saved earlier (or anything else): the parts of it that make sense. */
export function readState(saved) {
  const state = emptyState();
  if (!isObject(saved)) return state;
  for (const key of ["user", "counterpart", "target"]) if (isText(saved[key])) state[key] = saved[key];
  for (const [issue, belief] of ownEntries(saved.issues)) {
    if (!isObject(belief)) continue;
    state.issues[issue] = {
      prefers: isText(belief.prefers) ? belief.prefers : "unknown",
      rank: isText(belief.rank) ? belief.rank : "",
    };
  }
  // An own, prototype-free map: an issue may be called "__proto__".
  state.issues = Object.assign(Object.create(null), state.issues);
  if (isObject(saved.reservation)) {
    for (const end of ["low", "high"]) if (isText(saved.reservation[end])) state.reservation[end] = saved.reservation[end];
  }
  if (Array.isArray(saved.evidence)) {
    state.evidence = saved.evidence.slice(0, MAX_EVIDENCE).map(readEvidence).filter(Boolean);
  }
  if (Array.isArray(saved.droppedBeliefs)) state.droppedBeliefs = saved.droppedBeliefs.filter(isText);
  state.open = saved.open === true;
  return state;
}

/** The parties the panel reads for: [you, them], defaulting sensibly. */
export function pickParties(state, names) {
  const user = names.includes(state.user) ? state.user : names[0] ?? "";
  const others = names.filter((name) => name !== user);
  const fallback = others.includes(GUESS_PARTY) ? GUESS_PARTY : others[0] ?? "";
  const counterpart = others.includes(state.counterpart) ? state.counterpart : fallback;
  return [user, counterpart];
}

const numberOrText = (text) => {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
};

/** The engine's beliefs for the sheet's issues (`issues`: [{name, options: [label]}]). */
export function beliefsFor(state, counterpart, issues) {
  const out = Object.create(null);
  const ranked = [];
  for (const issue of issues) {
    const belief = state.issues[issue.name];
    if (!belief) continue;
    if (belief.prefers === "ascending" || belief.prefers === "descending") out[issue.name] = { direction: belief.prefers };
    else if (belief.prefers.startsWith("favourite:")) {
      const option = belief.prefers.slice("favourite:".length);
      if (issue.options.includes(option)) out[issue.name] = { favourite: option };
    }
    const rank = Number.parseInt(belief.rank, 10);
    if (Number.isInteger(rank) && rank > 0) ranked.push([rank, issue.name]);
  }
  const beliefs = { counterpart, issues: out };
  if (ranked.length >= 2) beliefs.weight_order = ranked.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
  const reservation = {};
  for (const end of ["low", "high"]) if (state.reservation[end].trim()) reservation[end] = numberOrText(state.reservation[end]);
  if (Object.keys(reservation).length) beliefs.reservation = reservation;
  return beliefs;
}

/** The evidence as the engine reads it (the panel's own marks left out). */
export function evidenceFor(state) {
  return state.evidence.map(({ aside, ...entry }) => entry);
}

/** Paths of the statements set aside. */
export function droppedFor(state) {
  const paths = [...state.droppedBeliefs];
  state.evidence.forEach((entry, index) => entry.aside && paths.push(`evidence[${index}]`));
  return paths;
}

/** Set aside the statement at `path` (evidence[k] or a belief's path). */
export function setAside(state, path, aside = true) {
  const match = /^evidence\[(\d+)\]$/.exec(path);
  if (match) {
    const entry = state.evidence[Number(match[1])];
    if (entry) {
      if (aside) entry.aside = true;
      else delete entry.aside;
    }
    return;
  }
  state.droppedBeliefs = state.droppedBeliefs.filter((p) => p !== path);
  if (aside) state.droppedBeliefs.push(path);
}

/** "Issue: Option; Issue: Option". */
export function packageText(options) {
  return Object.entries(options)
    .map(([issue, option]) => `${issue}: ${option}`)
    .join("; ");
}
