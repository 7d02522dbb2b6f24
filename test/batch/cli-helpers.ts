// The built `deployments batch` as a child process, pointed at an emulator the test runs (so a
// killed CLI leaves the server, and what it counted, behind).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Emulator } from "../../src/emulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { timeScale } from "../helpers/eventually.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const cli = join(root, "dist/esm/repl/cli.js");

export function workDir(name: string): string {
  return tempDir(`batch-${name}-`);
}

export function envFor(emu: Emulator, dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env["PATH"], HOME: dir, NO_COLOR: "1", DATABRICKS_HOST: emu.url, DATABRICKS_TOKEN: emu.token, DATABRICKS_CONFIG_FILE: join(dir, "none.cfg") };
}

export interface CliRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Starts `deployments batch ARGS` in `dir`; `done` settles when it exits. */
export function startBatch(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<CliRun>; err: () => string } {
  const child = spawn(process.execPath, [cli, "batch", ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000 * timeScale());
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
  return { child, done, err: () => err };
}

export function runBatch(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return startBatch(args, dir, env).done;
}

export function writeLines(path: string, rows: readonly unknown[]): void {
  writeFileSync(path, rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n");
}

export interface AnswerLine {
  index: number;
  input: { messages: { content: string }[] };
  output?: { choices: { message: { content: string; parsed?: unknown } }[] };
  usage?: { total_tokens: number };
  error?: { name: string; message: string; status?: number; error_code?: string };
  latency_ms: number;
  attempts: number;
}

export function readAnswerLines(path: string): AnswerLine[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as AnswerLine);
}
