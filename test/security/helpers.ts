// Shared pieces of the security suites: hostile names, a raw HTTP caller, and a child emulator.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Names that are properties of Object.prototype, or replace it when assigned. */
export const HOSTILE_NAMES = ["constructor", "__proto__", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"] as const;

export interface Reply {
  readonly status: number;
  readonly text: string;
  readonly body: any;
}

/** Plain fetch over the socket; the reply parsed when it is JSON. */
export async function send(url: string, token: string | null, method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    void error;
  }
  return { status: res.status, text, body: parsed };
}

const childFile = fileURLToPath(new URL("./emulator-child.ts", import.meta.url));

/** An emulator in a child process (so a stalled event loop cannot stall the test): its URL, and kill(). */
export async function startChild(options: Record<string, unknown>): Promise<{ child: ChildProcess; url: string; stderr: () => string; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", childFile, JSON.stringify(options)], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`emulator child exited ${code}: ${err}`)));
  });
  const kill = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  return { child, url, stderr: () => err, kill };
}
