// The emulator as outside clients meet it: the `deployments emulator` command in its own process,
// reached over real HTTP. Stopped by its PID (SIGTERM, as a user's Ctrl+C).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { eventually } from "../helpers/eventually.js";

/** A running `deployments emulator` process. */
export interface CliEmulator {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, "..", "..");

/**
 * Starts `deployments emulator --port 0` with `args` and waits for its URL.
 *
 * @example
 * const emu = await startCliEmulator(["--agent", "support=chat"]);
 * await emu.stop();
 */
export async function startCliEmulator(args: readonly string[] = []): Promise<CliEmulator> {
  const token = "dapi-outside-clients";
  const child = spawn(process.execPath, [join(root, "dist", "esm", "repl", "cli.js"), "emulator", "--port", "0", "--token", token, "--deploy-delay", "0", "--stream-delay", "0", "--rate-limit-window", "60000", "-q", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const match = await eventually(() => out.match(/DATABRICKS_HOST=(http:\/\/127\.0\.0\.1:\d+)/), { timeoutMs: 30_000, intervalMs: 25, message: () => `the emulator did not start; output:\n${out}` });
  const url = match[1]!;
  // The seeded `chat` allows 5 calls a minute per user; outside-client suites make more.
  const raise = await fetch(`${url}/api/2.0/serving-endpoints/chat/rate-limits`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ rate_limits: [{ calls: 100000, key: "user", renewal_period: "minute" }] }) });
  if (!raise.ok) throw new Error(`could not raise the rate limit: ${raise.status} ${await raise.text()}`);
  return {
    url,
    token,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
