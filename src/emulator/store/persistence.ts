import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DeploymentsError } from "../../errors/deployments-error.js";
import { jsonErrorPosition } from "../http/json-error.js";
import { checkSnapshot } from "./check-state.js";
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

/**
 * Reads a file of the state (the snapshot or a journal segment) after checking, on the open file
 * itself, that it is this user's and not writable by others: a file another local user planted or
 * can change could feed the emulator records, or read the secrets written into it later.
 * `undefined` when it does not exist.
 */
export function readOwnFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw new EmulatorStateError(`The emulator state file ${path} is a symbolic link; the emulator only loads a regular file of its own. It was left untouched.`);
    throw new EmulatorStateError(`Cannot read the emulator state file ${path}: ${(error as Error).message}. It was left untouched; fix its permissions or pass another --state path.`, { cause: error });
  }
  try {
    refuseForeign(path, fstatSync(fd));
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

function refuseForeign(path: string, stat: Stats): void {
  const uid = process.getuid?.();
  if (!stat.isFile()) throw new EmulatorStateError(`The emulator state file ${path} is not a regular file. It was left untouched.`);
  if (uid !== undefined && stat.uid !== uid) {
    throw new EmulatorStateError(`The emulator state file ${path} belongs to another user (uid ${stat.uid}, not ${uid}); the emulator refuses to load state someone else can plant. It was left untouched; move it away or pass another --state path.`);
  }
  if ((stat.mode & 0o002) !== 0) {
    throw new EmulatorStateError(`The emulator state file ${path} is writable by every local user (mode ${(stat.mode & 0o777).toString(8)}); the emulator refuses to load it. Run 'chmod 600 ${path}' if its content is yours.`);
  }
}

/** Reads the state file; `undefined` when it does not exist yet. Throws {@link EmulatorStateError}. */
export function readState(path: string): StateSnapshot | undefined {
  const text = readOwnFile(path);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the error, which may be a secret value.
    throw new EmulatorStateError(`The emulator state file ${path} is not valid JSON (${jsonErrorPosition(error)}). It was left untouched; repair it, move it away, or pass another --state path.`, { cause: error });
  }
  const checked = checkSnapshot(parsed);
  if (typeof checked === "string") throw new EmulatorStateError(`The emulator state file ${path} cannot be loaded: ${checked}. It was left untouched; repair that record, move the file away, or pass another --state path.`);
  return checked;
}

/**
 * Writes the state atomically: a temp file beside the target with a random name, created
 * exclusively with mode 0600 (a file another user pre-created there is never written into),
 * fsync, rename over the target, fsync of the directory. A crash at any point leaves either the
 * old or the new complete file.
 */
export function writeState(path: string, snapshot: StateSnapshot | string): void {
  const text = typeof snapshot === "string" ? snapshot : JSON.stringify(snapshot);
  const temp = tempPath(path);
  const fd = openSync(temp, EXCLUSIVE, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  install(temp, path);
}

/**
 * The slow half of an atomic write, off the event loop: the temp file written and fsynced.
 * {@link install} (or {@link discard}) it afterwards.
 */
export async function prepareState(path: string, text: string): Promise<string> {
  const temp = tempPath(path);
  const handle = await open(temp, EXCLUSIVE, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    unlinkSync(temp);
    throw error;
  }
  await handle.close();
  return temp;
}

/** Renames a prepared temp file over the target and makes the rename durable. */
export function install(temp: string, path: string): void {
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDirectory(dirname(path));
}

/** Removes a prepared temp file that lost the race to a newer write. */
export function discard(temp: string): void {
  try {
    unlinkSync(temp);
  } catch (error) {
    void error;
  }
}

/** O_CREAT | O_EXCL: fails on any existing file or symbolic link of that name. */
export const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(12).toString("hex")}.tmp`);
}

/** fsync of a directory, so a rename or a new file in it survives a crash. */
export function syncDirectory(dir: string): void {
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
