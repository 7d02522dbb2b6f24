// The built `deployments chat` as a child process, for the one-shot and piped tests: its exit
// code, stdout, stderr and wall time. A child that hangs is killed at a backstop that scales with
// TEST_TIME_SCALE, so the test fails with what it printed instead of hanging the file.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { timeScale } from "../helpers/eventually.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const cli = join(root, "dist/esm/repl/cli.js");

/** What one run of the CLI left behind. */
export interface ChatRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

/**
 * Runs `deployments chat ARGS` with `env` (nothing inherited but what it names) and `stdin`.
 *
 * @example
 * const r = await runChat(["-e", "chat", "hello"], env);
 * assert.is(r.code, 0, r.err);
 */
export function runChat(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ""): Promise<ChatRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, "chat", ...args], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000 * timeScale());
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: Date.now() - started });
    });
    child.stdin.end(stdin);
  });
}
