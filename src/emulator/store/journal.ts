import { closeSync, fsyncSync, openSync, readdirSync, unlinkSync, writeSync } from "node:fs";
import { constants } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkEndpoint, checkScope } from "./check-state.js";
import { jsonErrorPosition } from "../http/json-error.js";
import { EmulatorStateError, readOwnFile, syncDirectory } from "./persistence.js";
import type { EndpointRecord, ScopeRecord, SecretRecord } from "./records.js";

/** One journal line: the whole new record (or null = deleted) of one endpoint or scope. */
export type JournalEntry =
  | { readonly n: number; readonly e: string; readonly r: EndpointRecord | null }
  | { readonly n: number; readonly s: string; readonly r: ScopeRecord | null }
  | { readonly n: number; readonly s: string; readonly k: string; readonly v: SecretRecord | null };

/** The segments found beside a state file, in order, and their entries. */
export interface JournalContents {
  readonly segments: readonly number[];
  readonly entries: readonly JournalEntry[];
  readonly bytes: number;
}

/**
 * The append-only journal beside a state file: `.<file>.journal.<k>` segments of one JSON line
 * per changed record (an endpoint, a scope, or one secret), each append fsynced before the change is acknowledged. A change costs a
 * line, not a rewrite of the whole file; the store folds the journal into the snapshot now and
 * then ({@link Store}). Entries carry a sequence number, so a segment left behind by an
 * interrupted compaction replays harmlessly (entries the snapshot holds are skipped).
 */
export class Journal {
  readonly #path: string;
  #segment: number;
  #fd: number | undefined;
  /** Segments on disk, oldest first (the open one last). */
  readonly segments: number[];
  /** Bytes appended since the last compaction. */
  bytes = 0;

  constructor(path: string, existing: readonly number[]) {
    this.#path = path;
    this.segments = [...existing];
    this.#segment = existing.length === 0 ? 0 : existing[existing.length - 1]!;
  }

  /** Appends lines and fsyncs; opens a fresh segment first when none is open. */
  append(lines: string): void {
    if (this.#fd === undefined) this.#open();
    writeSync(this.#fd!, lines);
    fsyncSync(this.#fd!);
    this.bytes += Buffer.byteLength(lines);
  }

  /** Closes the open segment: the next append starts a new one. Returns the last segment closed. */
  rotate(): number {
    if (this.#fd !== undefined) {
      closeSync(this.#fd);
      this.#fd = undefined;
    }
    this.bytes = 0;
    return this.#segment;
  }

  /** Deletes the segments up to `last` (their entries are in a snapshot now). */
  drop(last: number): void {
    for (const k of [...this.segments]) {
      if (k > last || (k === this.#segment && this.#fd !== undefined)) continue;
      try {
        unlinkSync(segmentPath(this.#path, k));
      } catch (error) {
        void error;
      }
      this.segments.splice(this.segments.indexOf(k), 1);
    }
  }

  /** Closes the open segment (at shutdown). */
  close(): void {
    this.rotate();
  }

  #open(): void {
    this.#segment += 1;
    // Exclusive and 0600: never appends into a file someone else put there.
    this.#fd = openSync(segmentPath(this.#path, this.#segment), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND, 0o600);
    this.segments.push(this.#segment);
    // The new file's directory entry must survive a crash as well as its content.
    syncDirectory(dirname(this.#path));
  }
}

function segmentPath(path: string, k: number): string {
  return join(dirname(path), `.${basename(path)}.journal.${k}`);
}

/** Reads every journal segment beside `path`; a torn last line (a crash mid-append) is ignored. */
export function readJournal(path: string): JournalContents {
  const prefix = `.${basename(path)}.journal.`;
  const segments = readdirSync(dirname(path))
    .filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
    .map((f) => Number(f.slice(prefix.length)))
    .sort((a, b) => a - b);
  const entries: JournalEntry[] = [];
  let bytes = 0;
  segments.forEach((k, index) => {
    const file = segmentPath(path, k);
    const text = readOwnFile(file) ?? "";
    bytes += Buffer.byteLength(text);
    const lines = text.split("\n");
    const torn = lines.pop() ?? "";
    // Only the newest segment can end in a line whose append never finished (never acknowledged).
    if (torn !== "" && index !== segments.length - 1) throw new EmulatorStateError(`The emulator journal ${file} ends in an unfinished line although newer segments exist. It was left untouched; move the journal files away to start from the state file alone.`);
    lines.forEach((line, i) => {
      const entry = parseEntry(line);
      if (typeof entry === "string") throw new EmulatorStateError(`The emulator journal ${file} cannot be loaded: line ${i + 1}: ${entry}. It was left untouched; repair or remove that line, or move the journal files away.`);
      entries.push(entry);
    });
  });
  return { segments, entries, bytes };
}

function parseEntry(line: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not valid JSON (${jsonErrorPosition(error)})`;
  }
  if (typeof value !== "object" || value === null) return "not a journal entry";
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v["n"])) return "no sequence number";
  const n = v["n"] as number;
  if (typeof v["e"] === "string") {
    if (v["r"] === null) return { n, e: v["e"], r: null };
    const record = checkEndpoint(v["r"]);
    return typeof record === "string" ? `endpoint ${JSON.stringify(v["e"].slice(0, 100))}: ${record}` : { n, e: v["e"], r: record };
  }
  if (typeof v["s"] === "string" && typeof v["k"] === "string") {
    const secret = v["v"];
    if (secret === null) return { n, s: v["s"], k: v["k"], v: null };
    if (typeof secret !== "object" || typeof (secret as SecretRecord).value !== "string" || typeof (secret as SecretRecord).last_updated_timestamp !== "number") {
      return `secret ${JSON.stringify(v["k"].slice(0, 100))} of scope ${JSON.stringify(v["s"].slice(0, 100))}: must be {value, last_updated_timestamp}`;
    }
    return { n, s: v["s"], k: v["k"], v: { value: (secret as SecretRecord).value, last_updated_timestamp: (secret as SecretRecord).last_updated_timestamp } };
  }
  if (typeof v["s"] === "string") {
    if (v["r"] === null) return { n, s: v["s"], r: null };
    const record = checkScope(v["r"]);
    return typeof record === "string" ? `scope ${JSON.stringify(v["s"].slice(0, 100))}: ${record}` : { n, s: v["s"], r: record };
  }
  return "names neither an endpoint nor a scope";
}
