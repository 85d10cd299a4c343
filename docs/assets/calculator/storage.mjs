// Autosave: the user's work (a calculator's sheet, a debrief's class results) lives in
// localStorage under the root's data-storage-key, written on every change and read back on the next visit. Storage can be full or
// switched off (private windows): then saving fails quietly and the page says so once.

import { isModel } from "./model.mjs";

const PREFIX = "scoresheet:";
const FORMAT = 1;

export class Store {
  constructor(key) {
    this.key = key ? PREFIX + key : null;
    this.warned = false;
  }

  /** What was written with write() earlier, or null (nothing saved, or not ours). */
  read() {
    if (!this.key) return null;
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) || "null");
      return saved && typeof saved === "object" && saved.format === FORMAT ? saved : null;
    } catch {
      return null;
    }
  }

  /** Save the fields of `data`; returns an error message the first time saving fails, else null. */
  write(data) {
    if (!this.key) return null;
    try {
      localStorage.setItem(this.key, JSON.stringify({ ...data, format: FORMAT }));
      return null;
    } catch (error) {
      if (this.warned) return null;
      this.warned = true;
      return `This browser is not keeping your work (${error.name}); export it as a file to keep it.`;
    }
  }

  /** {model, choice} saved earlier by a calculator, or null. */
  load() {
    const saved = this.read();
    if (!saved || !isModel(saved.model)) return null;
    const choice = saved.choice && typeof saved.choice === "object" ? saved.choice : {};
    return { model: saved.model, choice };
  }

  save(model, choice) {
    return this.write({ model, choice });
  }

  clear() {
    if (!this.key) return;
    try {
      localStorage.removeItem(this.key);
    } catch {
      // Nothing saved to remove.
    }
  }
}
