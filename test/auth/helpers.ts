// Shared fixtures of the auth tests: a temporary directory, fake executables that print what the
// real `databricks` / `az` print, a $BROWSER script that follows the authorize redirect with curl,
// an emulator on a manual clock that counts its token requests, and a secret scan.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import * as assert from "uvu/assert";
import { manualClock, startEmulator, type Emulator, type EmulatorOptions, type ManualClock, type RequestLogEntry } from "../../src/emulator/index.js";
import { PIPELINE_TIME } from "../../src/client/internal-options.js";

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes an executable shell script. */
export function script(path: string, body: string): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** The $BROWSER of the tests: follows the authorize URL (and its 302 to localhost:80xx) with curl. */
export function curlBrowser(dir: string, log = join(dir, "browser.log")): string {
  return script(join(dir, "browser.sh"), `echo "$1" >> "${log}"\nexec curl -sSL --max-time 20 "$1" > /dev/null`);
}

/** An emulator on a manual clock, counting requests per path. */
export interface AuthEmulator {
  readonly emu: Emulator;
  readonly clock: ManualClock;
  readonly calls: (path: string) => number;
  readonly log: RequestLogEntry[];
}

export async function authEmulator(options: EmulatorOptions = {}): Promise<AuthEmulator> {
  const clock = manualClock();
  const log: RequestLogEntry[] = [];
  const emu = await startEmulator({ clock, seed: true, deployDelayMs: 0, ...options, onRequest: (e) => log.push(e) });
  return { emu, clock, log, calls: (path) => log.filter((e) => e.path === path).length };
}

/** Client options that move the client's token clock with the emulator's. */
export const onClock = (clock: { now(): number }): Record<symbol, unknown> => ({ [PIPELINE_TIME]: { now: () => clock.now() } });

/** No secret in a value's message, inspect() or JSON. */
export function assertClean(value: unknown, secrets: readonly string[]): void {
  const text = `${value instanceof Error ? value.message : ""} ${inspect(value, { depth: 8 })} ${JSON.stringify(value)}`;
  for (const s of secrets) assert.not.ok(text.includes(s), `a secret leaked: ${s.slice(0, 6)}…`);
}

/** The rejection of `fn` (fails when it resolves). */
export async function rejection(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

/** A JWT-shaped (unsigned) ID token with these claims. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const b = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b({ alg: "RS256", typ: "JWT" })}.${b(claims)}.${Buffer.from("signature-not-checked").toString("base64url")}`;
}
