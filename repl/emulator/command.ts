import { Command, InvalidArgumentError, Option } from "commander";
import type { Emulator, EmulatorUser, RequestLogEntry } from "../../src/emulator/index.js";

interface EmulatorFlags {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
  readonly user: EmulatorUser[];
  readonly state?: string;
  readonly seed: boolean;
  readonly agent: string[];
  readonly forward: boolean | string;
  readonly upstreamTimeout: number;
  readonly deployDelay: number;
  readonly streamDelay: number;
  readonly rateLimitWindow: number;
  readonly quiet: boolean;
}

/**
 * `deployments emulator`: runs the local Databricks serving + secrets emulator in the foreground,
 * prints its URL and the environment lines to export, logs one secret-free line per request, and
 * on SIGINT/SIGTERM stops accepting, finishes in-flight requests, writes the state and exits 0.
 *
 * @example
 * program.addCommand(emulatorCommand());
 */
export function emulatorCommand(): Command {
  return new Command("emulator")
    .description("Run a local Databricks Model Serving + Secrets emulator (simulated model unless an upstream is configured).")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port (0 = a free one)", integer("--port"), 8080)
    .option("--token <token>", "token of the default user (default: a random one, printed once)")
    .addOption(new Option("--user <name:token>", "a named user with its own token (repeatable; the first is the main user)").argParser(collectUser).default([]))
    .option("--state <file>", "JSON state file: reloaded at start, written atomically on every change")
    .option("--no-seed", "do not create the `chat` endpoint of the MLflow docs and the `agent` endpoint")
    .addOption(new Option("--agent <name[=task]>", "serve an agent endpoint: task agent/v1/responses (ResponsesAgent, default; short: responses) or agent/v2/chat (ChatAgent; short: chat) — repeatable").argParser((value: string, previous: string[]) => [...previous, value]).default([]))
    .option("--forward [url]", "answer OpenAI external models without openai_api_base from a real upstream: api.openai.com, or the OpenAI-compatible server at url", false)
    .option("--upstream-timeout <ms>", "longest wait for an upstream answer, and between its stream chunks", integer("--upstream-timeout"), 120_000)
    .option("--deploy-delay <ms>", "how long creates and config updates stay IN_PROGRESS", integer("--deploy-delay"), 1000)
    .option("--stream-delay <ms>", "pace of simulated streamed tokens in ms per token (0 = unpaced)", integer("--stream-delay"), 20)
    .option("--rate-limit-window <ms>", "how long a rate limit's \"minute\" lasts: a fast clock for demos and tests", integer("--rate-limit-window"), 60_000)
    .option("-q, --quiet", "no request log lines", false)
    .action(async (flags: EmulatorFlags) => {
      await run(flags);
    });
}

async function run(flags: EmulatorFlags): Promise<void> {
  const log = (entry: RequestLogEntry): void => {
    // Path and status only: no headers, bodies or query strings, so no token or secret value.
    process.stdout.write(`${new Date().toISOString()} ${entry.method} ${entry.path} ${entry.status} ${entry.ms.toFixed(1)}ms\n`);
  };
  let emulator: Emulator;
  try {
    // Loaded here, not at the top, so `deployments --help` and `deployments chat` do not pay for it.
    const { startEmulator, parseAgentFlag } = await import("../../src/emulator/index.js");
    const agents = flags.agent.map(parseAgentFlag);
    emulator = await startEmulator({
      ...(agents.length > 0 ? { agents } : {}),
      host: flags.host,
      port: flags.port,
      ...(flags.user.length > 0 ? { users: flags.user } : flags.token !== undefined ? { token: flags.token } : {}),
      ...(flags.state !== undefined ? { statePath: flags.state } : {}),
      seed: flags.seed,
      forward: flags.forward,
      upstreamTimeoutMs: flags.upstreamTimeout,
      deployDelayMs: flags.deployDelay,
      streamDelayMs: flags.streamDelay,
      rateLimitWindowMs: flags.rateLimitWindow,
      ...(flags.quiet ? {} : { onRequest: log }),
    });
  } catch (error) {
    const inUse = (error as { code?: string }).code === "EADDRINUSE";
    const hint = inUse ? ` (port ${flags.port} is in use: pass --port 0 for a free one, or another --port)` : "";
    process.stderr.write(`deployments emulator: ${(error as Error).message}${hint}\n`);
    process.exitCode = 1;
    return;
  }
  const out = process.stdout;
  out.write(`Databricks serving emulator listening on ${emulator.url}\n`);
  out.write(`Point clients at it (Databricks SDKs, MLflow, this library):\n`);
  out.write(`  export DATABRICKS_HOST=${emulator.url}\n`);
  out.write(`  export DATABRICKS_TOKEN=${emulator.token}\n`);
  out.write(`OpenAI client: baseURL ${emulator.url}/serving-endpoints, apiKey = the token, model = the endpoint name.\n`);
  if (flags.user.length > 1) out.write(`Users: ${emulator.users.join(", ")} (each with the token given by --user)\n`);
  const upstream = flags.forward === true ? "api.openai.com" : typeof flags.forward === "string" ? flags.forward : undefined;
  if (flags.seed) out.write(`Seeded endpoints: chat (OpenAI gpt-4 external model, ${upstream === undefined ? "answered by the simulated model" : `forwarded to ${upstream}`}) and agent (a ResponsesAgent, agent/v1/responses, answered by the simulated model).\n`);
  for (const spec of flags.agent) out.write(`Agent endpoint: ${spec} (answered by the simulated model).\n`);
  if (upstream !== undefined) out.write(`OpenAI models without openai_api_base are forwarded to ${upstream}.\n`);
  if (flags.state !== undefined) out.write(`State file: ${flags.state}\n`);
  out.write("Press Ctrl+C to stop.\n");

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second Ctrl+C: every acknowledged change is already on disk, so leaving now loses nothing.
        out.write("Stopping now.\n");
        process.exit(1);
      }
      stopping = true;
      out.write(`\n${signal}: finishing in-flight requests and writing state…\n`);
      emulator.close().then(
        () => {
          out.write("Emulator stopped.\n");
          resolve();
        },
        (error: unknown) => {
          process.stderr.write(`deployments emulator: ${(error as Error).message}\n`);
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function integer(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} needs a non-negative integer.`);
    return n;
  };
}

function collectUser(value: string, previous: EmulatorUser[]): EmulatorUser[] {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) throw new InvalidArgumentError("--user needs NAME:TOKEN, e.g. --user alice@example.com:dapi-alice");
  return [...previous, { name: value.slice(0, colon), token: value.slice(colon + 1) }];
}
