// Share links: the sheet travels in the URL fragment (#sheet=<base64url of the JSON>).
// Browsers never send the fragment to the server, so a shared sheet stays between the
// people who pass the link around. What arrives this way is untrusted text: the caller
// validates it with the engine before using it.

const PARAMETER = "sheet=";

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

/** The link to this page carrying `text`. */
export function shareUrl(text) {
  const url = new URL(location.href);
  url.hash = PARAMETER + encodeSheet(text);
  return url.href;
}

/** The encoded sheet in this page's fragment, or null. */
export function sharedInLocation() {
  const hash = location.hash.slice(1);
  return hash.startsWith(PARAMETER) ? hash.slice(PARAMETER.length) : null;
}

/** Drop the sheet from the address bar once read, so a reload shows the saved work. */
export function forgetSharedLocation() {
  const url = new URL(location.href);
  url.hash = "";
  history.replaceState(history.state, "", url.href.replace(/#$/, ""));
}
