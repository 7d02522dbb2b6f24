import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, truncateSync, writeSync } from "node:fs";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { rowHash } from "./row-hash.js";

/** What resume needs about one row already in the output: the hash of its input and whether it was answered. */
export interface DoneRow {
  readonly hash: string;
  readonly answered: boolean;
}

/**
 * The rows an output file already holds, by index (a later line for the same index wins). A last
 * line cut off by a crash is dropped from the file first, so appending continues on a line
 * boundary; unreadable lines are ignored (counted in `unreadable`).
 *
 * @example
 * const { rows } = await readAnswers("answers.jsonl");
 * rows.get(0)?.answered;
 */
export async function readAnswers(path: string): Promise<{ rows: Map<number, DoneRow>; unreadable: number }> {
  const rows = new Map<number, DoneRow>();
  let unreadable = 0;
  if (!existsSync(path)) return { rows, unreadable };
  dropPartialLine(path);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text.trim() === "") continue;
    try {
      const record = JSON.parse(text) as { index?: unknown; input?: unknown; output?: unknown; error?: unknown };
      if (typeof record.index !== "number" || record.input === undefined) throw new Error("not an answer line");
      rows.set(record.index, { hash: rowHash(record.input), answered: record.error === undefined });
    } catch {
      unreadable++;
    }
  }
  return { rows, unreadable };
}

function dropPartialLine(path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const text = readFileSync(path);
  if (text[text.length - 1] === 0x0a) return;
  const cut = text.lastIndexOf(0x0a);
  truncateSync(path, cut + 1);
}

/**
 * Rewrites the output without its failed rows (for `--retry-failed`), atomically: a temporary
 * file, fsync'd, renamed over the old one. Returns how many lines were dropped.
 *
 * @example
 * await dropFailed("answers.jsonl");
 */
export async function dropFailed(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  dropPartialLine(path);
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  let dropped = 0;
  try {
    const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const text of lines) {
      if (text.trim() === "") continue;
      let failed = false;
      try {
        failed = (JSON.parse(text) as { error?: unknown }).error !== undefined;
      } catch {
        failed = false;
      }
      if (failed) dropped++;
      else writeSync(fd, `${text}\n`);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return dropped;
}

/**
 * Appends answer lines as rows finish. Each line is written at once (a `kill -9` loses at most the
 * rows in flight: what was written is in the OS's hands), and fsync'd in batches — every
 * `everyLines` lines or `everyMs` — so a power cut loses at most one batch.
 *
 * @example
 * const out = new AnswersWriter("answers.jsonl");
 * out.append({ index: 0, input, output });
 * out.close();
 */
export class AnswersWriter {
  readonly #fd: number;
  #unsynced = 0;
  #syncedAt = Date.now();

  constructor(
    readonly path: string,
    private readonly everyLines = 64,
    private readonly everyMs = 1_000,
  ) {
    this.#fd = openSync(path, "a");
  }

  append(record: Record<string, unknown>): void {
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    this.#unsynced++;
    if (this.#unsynced >= this.everyLines || Date.now() - this.#syncedAt >= this.everyMs) this.sync();
  }

  sync(): void {
    if (this.#unsynced === 0) return;
    fsyncSync(this.#fd);
    this.#unsynced = 0;
    this.#syncedAt = Date.now();
  }

  close(): void {
    this.sync();
    closeSync(this.#fd);
  }
}
