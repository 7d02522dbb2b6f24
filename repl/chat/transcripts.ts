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
  /** What the session talked to (`emulator`, or the workspace host), saved so `--resume` can prefer it. */
  readonly target: string | undefined;

  constructor(dir: string, endpoint: string, startedAt: Date = new Date(), target?: string) {
    const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
    this.path = join(dir, `${stamp}-${endpoint.replace(/[^A-Za-z0-9_-]/g, "_")}.json`);
    this.target = target;
  }

  /** Continues an existing transcript file (for `--resume`). */
  static at(path: string, target?: string): Transcript {
    const transcript = Object.create(Transcript.prototype) as Transcript;
    Object.assign(transcript, { path, target });
    return transcript;
  }

  save(conversation: Conversation): void {
    const dir = join(this.path, "..");
    mkdirSync(dir, { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body = this.target === undefined ? conversation.toJSON() : { target: this.target, ...conversation.toJSON() };
    writeFileSync(tmp, JSON.stringify(body, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

/** Which transcript `--resume` picked, and how well it fits this session. */
export interface ResumeChoice {
  readonly path: string;
  /** `endpoint`: same target and endpoint; `target`: same target; `other`: the newest of all (none was made against this target). */
  readonly fit: "endpoint" | "target" | "other";
  readonly target?: string;
  readonly endpoint?: string;
}

function transcriptFiles(dir: string): { path: string; mtime: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || (a.path < b.path ? 1 : -1));
}

function header(path: string): { target?: string; endpoint?: string } {
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as { target?: unknown; endpoint?: unknown };
    return { ...(typeof json.target === "string" ? { target: json.target } : {}), ...(typeof json.endpoint === "string" ? { endpoint: json.endpoint } : {}) };
  } catch {
    return {};
  }
}

/**
 * The transcript `--resume` continues: the newest made against `target` (and `endpoint`, when one
 * was asked for), else the newest made against `target`, else the newest of all.
 *
 * @example
 * chooseTranscript(transcriptsDir(), { target: "emulator", endpoint: "chat" }); // { path, fit: "endpoint", … }
 */
export function chooseTranscript(dir: string, want: { readonly target: string; readonly endpoint?: string | undefined }): ResumeChoice | undefined {
  const files = transcriptFiles(dir).map((f) => ({ ...f, ...header(f.path) }));
  const pick = (fit: ResumeChoice["fit"], ok: (f: (typeof files)[number]) => boolean): ResumeChoice | undefined => {
    const f = files.find(ok);
    return f ? { path: f.path, fit, ...(f.target ? { target: f.target } : {}), ...(f.endpoint ? { endpoint: f.endpoint } : {}) } : undefined;
  };
  return (want.endpoint !== undefined ? pick("endpoint", (f) => f.target === want.target && f.endpoint === want.endpoint) : undefined)
    ?? pick(want.endpoint === undefined ? "endpoint" : "target", (f) => f.target === want.target)
    ?? pick("other", () => true);
}

/** How `--resume` says what it continued, e.g. `the newest transcript for this target`. */
export function describeChoice(choice: ResumeChoice): string {
  if (choice.fit === "endpoint") return "the newest transcript for this target and endpoint";
  if (choice.fit === "target") return "the newest transcript for this target (none for this endpoint)";
  return `the newest transcript of all: none was made against this target${choice.target ? ` (it was made against ${choice.target})` : ""}`;
}

/** Reads a transcript's text. */
export function readTranscript(path: string): string {
  return readFileSync(path, "utf8");
}
