import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, unlinkSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { DeploymentsError } from "../../errors/deployments-error.js";
import type { StateSnapshot } from "./records.js";

/**
 * Thrown when the state file exists but cannot be used. The emulator refuses to start rather than
 * overwrite it.
 *
 * @example
 * try { await startEmulator({ statePath: "state.json" }); }
 * catch (error) { if (error instanceof EmulatorStateError) console.error(error.message); }
 */
export class EmulatorStateError extends DeploymentsError {
  override name = "EmulatorStateError";
}

/** Reads the state file; `undefined` when it does not exist yet. Throws {@link EmulatorStateError}. */
export function readState(path: string): StateSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new EmulatorStateError(`Cannot read the emulator state file ${path}: ${(error as Error).message}. It was left untouched; fix its permissions or pass another --state path.`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EmulatorStateError(`The emulator state file ${path} is not valid JSON (${(error as Error).message}). It was left untouched; repair it, move it away, or pass another --state path.`, { cause: error });
  }
  if (!isSnapshot(parsed)) {
    throw new EmulatorStateError(`The emulator state file ${path} is not an emulator state (expected {"version": 1, "endpoints": [...], "scopes": [...]}). It was left untouched; move it away or pass another --state path.`);
  }
  return parsed;
}

/**
 * Writes the state atomically: a temp file beside the target, fsync, rename over the target, fsync
 * of the directory. A crash at any point leaves either the old or the new complete file.
 */
export function writeState(path: string, snapshot: StateSnapshot): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, "w", 0o600);
  try {
    writeSync(fd, JSON.stringify(snapshot));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDirectory(dirname(path));
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic there.
    void error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isSnapshot(value: unknown): value is StateSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v["version"] === 1 && Array.isArray(v["endpoints"]) && Array.isArray(v["scopes"]);
}
