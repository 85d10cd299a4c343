// Python's memory snapshot for the worker (worker.mjs): fetched, inflated into the image
// Pyodide restores, and kept for the reader's later visits.
//
//   const snapshot = await openSnapshot(url, download); // from Cache Storage, else download(url)
//   const head = await snapshot.fillInto(image); // the image: Uint8Array of the full size
//   if (!snapshot.kept) keepSnapshot(url, image, head);   // later, when the page is not calling
//   forgetSnapshot(url);                        // after a failed restore from the kept copy
//
// The site serves the snapshot sparse (a header, a table of the runs of memory that are
// not zero, then those runs), then gzipped: layout in build_scripts/pyodide_compile.mjs.
// Inflating it took a second visit's worker 150-200 ms on a slow two-core laptop, so the
// sparse bytes are kept in Cache Storage under the snapshot's address (it names the
// content's hash: a new build's snapshot has a new one); reading them back costs a copy.
// The site build checks each snapshot it makes through this file's reader too
// (build_scripts/pyodide_compile.mjs, under Node).
export const SPARSE_MAGIC = 0x53505953;
const CACHE = "scoresheet-snapshot";

// Cache Storage, or null where there is none (an http:// origin other than localhost, a
// private window of some browsers): the snapshot then always comes from the network.
async function openCache() {
  try {
    return self.caches ? await caches.open(CACHE) : null;
  } catch {
    return null;
  }
}

// download(url): the worker's fetch, which rejects on an HTTP error.
export async function openSnapshot(url, download) {
  const cache = await openCache();
  const stored = await cache?.match(url).catch(() => undefined);
  if (stored) return { kept: true, fillInto: (image) => fillImage(stored.body, image) };
  const response = await download(url);
  // A server that decoded the gzip itself (Content-Encoding) hands over the sparse bytes.
  const decoded = /gzip/i.test(response.headers.get("Content-Encoding") ?? "");
  const sparse = decoded ? response.body : response.body.pipeThrough(new DecompressionStream("gzip"));
  return { kept: false, fillInto: (image) => fillImage(sparse, image) };
}

// Streams the sparse bytes into `image` (allocated at its full size) as they arrive, so
// that neither the compressed nor the sparse bytes are ever held whole. Returns the
// header and run table (for keepSnapshot).
export async function fillImage(stream, image) {
  let head = new Uint8Array(0); // until the header and the run table are complete
  let runs = null; // DataView of the run table
  let run = 0; // the run being filled,
  let filled = 0; // and how much of it is
  const reader = stream.getReader(); // not `for await`: Safari cannot iterate a stream
  for (;;) {
    let { done, value: chunk } = await reader.read();
    if (done) break;
    if (!runs) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      if (head.length < 16) continue;
      const words = new DataView(head.buffer);
      if (words.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("not a sparse snapshot");
      if (words.getUint32(4, true) !== image.length) throw new Error("the snapshot's size is not the expected one");
      const tableEnd = 16 + 8 * words.getUint32(8, true);
      if (head.length < tableEnd) continue;
      runs = new DataView(head.buffer, 16, tableEnd - 16);
      chunk = head.subarray(tableEnd);
      head = head.slice(0, tableEnd);
    }
    while (chunk.length) {
      if (run * 8 >= runs.byteLength) throw new Error("the snapshot is longer than its run table");
      const offset = runs.getUint32(run * 8, true);
      const length = runs.getUint32(run * 8 + 4, true);
      const part = chunk.subarray(0, length - filled);
      image.set(part, offset + filled);
      filled += part.length;
      chunk = chunk.subarray(part.length);
      if (filled === length) [run, filled] = [run + 1, 0];
    }
  }
  if (!runs || run * 8 !== runs.byteLength) throw new Error("the snapshot is truncated");
  return head;
}

// Stores the sparse bytes again, from the image they were inflated into (Pyodide copies
// the image into its own memory and leaves it as it was), and drops any other build's.
export async function keepSnapshot(url, image, head) {
  const cache = await openCache();
  if (!cache) return;
  const table = new DataView(head.buffer, head.byteOffset + 16, head.length - 16);
  const parts = [head];
  for (let at = 0; at < table.byteLength; at += 8) {
    const offset = table.getUint32(at, true);
    parts.push(image.subarray(offset, offset + table.getUint32(at + 4, true)));
  }
  for (const request of await cache.keys()) if (request.url !== url) await cache.delete(request);
  await cache.put(url, new Response(new Blob(parts), { headers: { "Content-Type": "application/octet-stream" } }));
}

export async function forgetSnapshot(url) {
  await (await openCache())?.delete(url);
}
