// Undo for sheet edits. Snapshots are JSON strings: cheap to compare and immune to
// later in-place edits of the live model.

const LIMIT = 200;

export class History {
  constructor() {
    this.stack = [];
  }

  /** Remember `model` as it is now, before a change. Identical snapshots are skipped. */
  push(model) {
    const snapshot = JSON.stringify(model);
    if (this.stack[this.stack.length - 1] === snapshot) return;
    this.stack.push(snapshot);
    if (this.stack.length > LIMIT) this.stack.shift();
  }

  get canUndo() {
    return this.stack.length > 0;
  }

  /** The model before the last change, or null when there is nothing to undo. */
  pop() {
    const snapshot = this.stack.pop();
    return snapshot === undefined ? null : JSON.parse(snapshot);
  }
}
