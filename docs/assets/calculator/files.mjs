// Files in and out, without a server: File.text() to read what the user picks, a
// blob: URL to hand a download to the browser.

/** Text of a picked file; a readable Error when the file is too big or unreadable. */
export async function readText(file, limit = 5_000_000) {
  if (file.size > limit) {
    throw new Error(`${file.name} is ${Math.round(file.size / 1e6)} MB; a sheet file is far smaller`);
  }
  try {
    return await file.text();
  } catch (error) {
    throw new Error(`cannot read ${file.name}: ${error.message}`);
  }
}

/** Text of a picked XML file, decoded as its <?xml encoding="..."?> says (GENIUS files
 * are sometimes ISO-8859-1), as the engine's own file reader does; UTF-8 otherwise. */
export async function readXml(file, limit = 5_000_000) {
  if (file.size > limit) throw new Error(`${file.name} is ${Math.round(file.size / 1e6)} MB, too big for a domain file`);
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new Error(`cannot read ${file.name}: ${error.message}`);
  }
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)/.exec(head);
  try {
    return new TextDecoder(declared ? declared[1] : "utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`cannot decode ${file.name} as ${declared ? declared[1] : "UTF-8"}`);
  }
}

/** Offer `content` (text, or a Blob such as an image) as a download named `name`. */
export function download(name, content, type = "application/json") {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the next task; the URL is then no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a sheet title: "The Ashgrove Offer" -> "the-ashgrove-offer.json";
 * another `extension` for other files ("the-ashgrove-offer-outcomes.csv"). */
export function fileName(title, extension = "json") {
  const slug = (title || "score-sheet")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 60);
  return `${slug || "score-sheet"}.${extension}`;
}
