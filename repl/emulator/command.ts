import { Command, InvalidArgumentError, Option } from "commander";
import { readUsersFile, readTokenFile, TOKEN_ENV } from "./credentials.js";
import type { Emulator, EmulatorUser, RequestLogEntry } from "../../src/emulator/index.js";

interface EmulatorFlags {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly usersFile?: string;
  readonly user: EmulatorUser[];
  readonly admin: string[];
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
    .option("--token <token>", `token of the default user (visible to local users in the process list: prefer --token-file or ${TOKEN_ENV}; default: a random one, printed once)`)
    .option("--token-file <file>", "read the default user's token from this file (its first line)")
    .option("--users-file <file>", 'read the users from this JSON file: [{"name", "token", "admin"?, "groups"?, "servicePrincipal"?}, …]; the first is the main user')
    .addOption(new Option("--user <name:token>", "a named user with its own token (repeatable; the first is the main user)").argParser(collectUser).default([]))
    .addOption(new Option("--admin <name>", "make the --user of that name a workspace admin: it manages every endpoint and secret scope (repeatable)").argParser(collectName).default([]))
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
  let users: EmulatorUser[] = flags.user;
  try {
    const resolved = resolveCredentials(flags);
    const credentials = resolved.users !== undefined ? { users: withAdmins(resolved.users, flags.admin) } : resolved;
    users = credentials.users ?? [];
    // Loaded here, not at the top, so `deployments --help` and `deployments chat` do not pay for it.
    const { startEmulator, parseAgentFlag } = await import("../../src/emulator/index.js");
    const agents = flags.agent.map(parseAgentFlag);
    if (flags.admin.length > 0 && users.length === 0) throw new Error("--admin names a --user (or a --users-file entry); a single-token emulator's user is already an admin.");
    emulator = await startEmulator({
      ...(agents.length > 0 ? { agents } : {}),
      host: flags.host,
      port: flags.port,
      ...credentials,
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
  // The handlers go in before the first line is printed: a supervisor (or a test) may read the URL
  // from the pipe and send SIGTERM at once, before this process has run another line.
  const stopped = stopOnSignal(emulator, out);
  out.write(`Databricks serving emulator listening on ${emulator.url}\n`);
  out.write(`Point clients at it (Databricks SDKs, MLflow, this library):\n`);
  out.write(`  export DATABRICKS_HOST=${emulator.url}\n`);
  out.write(`  export DATABRICKS_TOKEN=${emulator.token}\n`);
  out.write(`OpenAI client: baseURL ${emulator.url}/serving-endpoints, apiKey = the token, model = the endpoint name.\n`);
  if (users.length > 1) out.write(`Users: ${emulator.users.join(", ")} (each with the token given by ${flags.usersFile !== undefined ? "--users-file" : "--user"})\n`);
  const admins = users.filter((u) => u.admin === true).map((u) => u.name);
  if (admins.length > 0) out.write(`Admins: ${admins.join(", ")} (manage every endpoint and secret scope; the others only what they create or are granted)\n`);
  const upstream = flags.forward === true ? "api.openai.com" : typeof flags.forward === "string" ? flags.forward : undefined;
  if (flags.seed) out.write(`Seeded endpoints: chat (OpenAI gpt-4 external model, ${upstream === undefined ? "answered by the simulated model" : `forwarded to ${upstream}`}) and agent (a ResponsesAgent, agent/v1/responses, answered by the simulated model).\n`);
  for (const spec of flags.agent) out.write(`Agent endpoint: ${spec} (answered by the simulated model).\n`);
  if (upstream !== undefined) out.write(`OpenAI models without openai_api_base are forwarded to ${upstream}.\n`);
  if (flags.state !== undefined) out.write(`State file: ${flags.state}\n`);
  out.write("Press Ctrl+C to stop.\n");

  await stopped;
}

/** Resolves once SIGINT or SIGTERM has drained in-flight requests and written state; a second signal leaves at once. */
function stopOnSignal(emulator: Emulator, out: NodeJS.WriteStream): Promise<void> {
  return new Promise<void>((resolve) => {
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

/** Where the tokens come from, most explicit first: users (file, then flags), a token file, the flag, the environment. */
function resolveCredentials(flags: EmulatorFlags): { users?: EmulatorUser[]; token?: string } {
  const users = [...(flags.usersFile !== undefined ? readUsersFile(flags.usersFile) : []), ...flags.user];
  if (users.length > 0) return { users };
  if (flags.tokenFile !== undefined) return { token: readTokenFile(flags.tokenFile) };
  if (flags.token !== undefined) return { token: flags.token };
  const fromEnv = process.env[TOKEN_ENV];
  return fromEnv !== undefined && fromEnv !== "" ? { token: fromEnv } : {};
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

function collectName(value: string, previous: string[]): string[] {
  if (value.trim() === "") throw new InvalidArgumentError("--admin needs the NAME of a --user, e.g. --admin alice@example.com");
  return [...previous, value];
}

/** The users with `admin` set on those `--admin` names; an unknown name is an error, not a silent no-op. */
function withAdmins(users: readonly EmulatorUser[], admins: readonly string[]): EmulatorUser[] {
  for (const name of admins) {
    if (!users.some((u) => u.name === name)) throw new Error(`--admin ${name}: no user has that name (users: ${users.map((u) => u.name).join(", ")}).`);
  }
  return users.map((u) => (admins.includes(u.name) ? { ...u, admin: true } : u));
}
