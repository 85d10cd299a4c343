// Share links: the sheet travels in the URL fragment (#sheet=<base64url of the JSON>),
// with the package being built (&package=<base64url of {issue: option label}>), so that a
// proposal arrives as it was sent. Browsers never send the fragment to the server, so a
// shared sheet stays between the people who pass the link around. What arrives this way
// is untrusted text: the caller validates the sheet with the engine before using it, and
// the package only picks among that sheet's own options.

const PARAMETER = "sheet=";
const PACKAGE = "&package="; // base64url has no "&"

export function encodeSheet(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The sheet text, or throws Error with a readable message. */
export function decodeSheet(encoded) {
  let binary;
  try {
    binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw new Error("the link's sheet is damaged (not base64url); ask for the link again");
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the link's sheet is damaged (not UTF-8 text); ask for the link again");
  }
}

/** The link to this page carrying sheet `text` and, if given, the package `labels`
 * ({issue name: option label}). */
export function shareUrl(text, labels = null) {
  const url = new URL(location.href);
  url.hash = PARAMETER + encodeSheet(text) + (labels ? PACKAGE + encodeSheet(JSON.stringify(labels)) : "");
  return url.href;
}

/** What this page's fragment carries: {sheet: encoded sheet, labels: {issue: option
 * label} or null}, or null when it carries no sheet. A damaged package is dropped: the
 * sheet is what matters. */
export function sharedInLocation() {
  const hash = location.hash.slice(1);
  if (!hash.startsWith(PARAMETER)) return null;
  const [sheet, encodedLabels] = hash.slice(PARAMETER.length).split(PACKAGE);
  return { sheet, labels: encodedLabels === undefined ? null : packageLabels(encodedLabels) };
}

function packageLabels(encoded) {
  try {
    const labels = JSON.parse(decodeSheet(encoded));
    const plain = labels && typeof labels === "object" && !Array.isArray(labels);
    return plain && Object.values(labels).every((label) => typeof label === "string") ? labels : null;
  } catch {
    return null;
  }
}

/** Drop the sheet from the address bar once read, so a reload shows the saved work. */
export function forgetSharedLocation() {
  const url = new URL(location.href);
  url.hash = "";
  history.replaceState(history.state, "", url.href.replace(/#$/, ""));
}
