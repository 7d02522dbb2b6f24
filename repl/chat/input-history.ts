import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const MAX_ENTRIES = 1000;
/** Past this many lines the file is rewritten with the last MAX_ENTRIES (appends otherwise grow it forever, and it is read at start-up). */
const COMPACT_AT = 2 * MAX_ENTRIES;

/**
 * Input history for ↑/↓, persisted across sessions as JSON lines (multi-line entries survive).
 * Consecutive duplicates are stored once. A file that cannot be read starts an empty history.
 *
 * @example
 * const history = InputHistory.load("/tmp/history.jsonl");
 * history.add("hello");
 */
export class InputHistory {
  private readonly entries: string[];

  private constructor(private readonly file: string | undefined, entries: string[]) {
    this.entries = entries;
  }

  /** Loads the history from `file` (or keeps it in memory only when `file` is undefined). */
  static load(file: string | undefined): InputHistory {
    if (!file) return new InputHistory(undefined, []);
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") process.emitWarning(`input history not read: ${(error as Error).message}`);
    }
    const entries: string[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value === "string") entries.push(value);
      } catch {
        // a torn last line (two sessions writing at once) is skipped, the rest is kept
        continue;
      }
    }
    const kept = entries.slice(-MAX_ENTRIES);
    if (entries.length > COMPACT_AT) compact(file, kept);
    return new InputHistory(file, kept);
  }

  /** Oldest first. */
  get all(): readonly string[] {
    return this.entries;
  }

  add(entry: string): void {
    if (entry.trim() === "" || this.entries[this.entries.length - 1] === entry) return;
    this.entries.push(entry);
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, JSON.stringify(entry) + "\n", { mode: 0o600 });
    } catch (error) {
      process.emitWarning(`input history not saved: ${(error as Error).message}`);
    }
  }
}

/** Rewrites the history file with `entries`: a temp file renamed over it, so a crash never leaves it half-written. */
function compact(file: string, entries: readonly string[]): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, entries.map((e) => JSON.stringify(e) + "\n").join(""), { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    // Not fatal: the history still works, the file only stays long.
    process.emitWarning(`input history not compacted: ${(error as Error).message}`);
    rmSync(temp, { force: true });
  }
}
