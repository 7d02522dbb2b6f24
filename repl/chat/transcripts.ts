import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Conversation } from "../../src/index.js";

/**
 * One file per chat session under the transcripts folder, rewritten after every turn
 * (write to a temporary file, then rename, so a crash never leaves half a transcript).
 *
 * @example
 * const transcript = new Transcript(transcriptsDir(), "chat");
 * transcript.save(conversation);
 */
export class Transcript {
  readonly path: string;

  constructor(dir: string, endpoint: string, startedAt: Date = new Date()) {
    const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
    this.path = join(dir, `${stamp}-${endpoint.replace(/[^A-Za-z0-9_-]/g, "_")}.json`);
  }

  /** Continues an existing transcript file (for `--resume`). */
  static at(path: string): Transcript {
    const transcript = Object.create(Transcript.prototype) as Transcript;
    (transcript as { path: string }).path = path;
    return transcript;
  }

  save(conversation: Conversation): void {
    const dir = join(this.path, "..");
    mkdirSync(dir, { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(conversation, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

/** The newest transcript in `dir`, if any (for `--resume`). */
export function latestTranscript(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let best: { path: string; mtime: number } | undefined;
  for (const name of names) {
    const path = join(dir, name);
    const mtime = statSync(path).mtimeMs;
    if (!best || mtime > best.mtime || (mtime === best.mtime && path > best.path)) best = { path, mtime };
  }
  return best?.path;
}

/** Reads a transcript's text. */
export function readTranscript(path: string): string {
  return readFileSync(path, "utf8");
}
