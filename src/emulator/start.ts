import { DatabricksDeploymentClient } from "../client/client.js";
import type { ClientOptions } from "../client/client-options.js";
import { createHandler } from "./app.js";
import { Authenticator, DEFAULT_USER, generateToken, type EmulatorUser } from "./auth.js";
import type { EmulatorContext } from "./context.js";
import { toFetchHandler } from "./http/fetch-adapter.js";
import { listen, type RequestLogEntry } from "./http/node-server.js";
import { seed as applySeed } from "./seed.js";
import { settle } from "./endpoints/deployment.js";
import { Metrics } from "./serving/metrics.js";
import { RateLimiter } from "./serving/rate-limiter.js";
import { Store } from "./store/store.js";

/**
 * Options of {@link startEmulator}. Everything is optional.
 *
 * @example
 * const emu = await startEmulator({ port: 0, seed: true, deployDelayMs: 0, streamDelayMs: 0 });
 */
export interface EmulatorOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0 = a free port). */
  readonly port?: number;
  /** The token of the default user (default: a fresh random token). Ignored when `users` is given. */
  readonly token?: string;
  /** Named users with their own tokens; the first one is the emulator's main user (`emulator.token`). */
  readonly users?: readonly EmulatorUser[] | Readonly<Record<string, string>>;
  /** JSON state file: reloaded at start, written atomically after every change. */
  readonly statePath?: string;
  /** Create the `chat` endpoint of the MLflow docs (default false). */
  readonly seed?: boolean;
  /** How long a create/config update stays IN_PROGRESS (default 1000 ms). */
  readonly deployDelayMs?: number;
  /** Pace of simulated streamed tokens, ms per token (default 0 = unpaced). */
  readonly streamDelayMs?: number;
  /**
   * How long the rate limiters' "minute" lasts (default 60 000 ms). A shorter window is a fast
   * clock for demos and tests: a notebook can hit a limit and watch the client wait out the
   * `Retry-After` in seconds instead of a minute. Limits are still described per minute.
   */
  readonly rateLimitWindowMs?: number;
  /**
   * Where OpenAI external models without `openai_api_base` go: `true` = api.openai.com, a URL =
   * that OpenAI-compatible server (e.g. `http://127.0.0.1:11434/v1`); default: the simulated model.
   */
  readonly forward?: boolean | string;
  /** Upstream call timeout (default 120 000 ms). */
  readonly upstreamTimeoutMs?: number;
  /** Request body limit (default 4 MiB → 413 above). */
  readonly maxBodyBytes?: number;
  /** fetch used for upstream calls (default global fetch). */
  readonly fetch?: typeof fetch;
  /** Called once per request with a secret-free summary. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
}

/**
 * A running emulator.
 *
 * @example
 * const emu = await startEmulator({ seed: true });
 * const client = emu.client();
 * console.log(await client.listEndpoints());
 * await emu.close();
 */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:PORT` (use as DATABRICKS_HOST). */
  readonly url: string;
  /** The main user's token (use as DATABRICKS_TOKEN). */
  readonly token: string;
  /** The configured user names. */
  readonly users: readonly string[];
  /** A client pointed at this emulator (as the main user unless `options.token` says otherwise). */
  client(options?: ClientOptions): DatabricksDeploymentClient;
  /** The core handler as fetch, in-process (no socket). */
  fetch(request: Request): Promise<Response>;
  /** Stops accepting, finishes in-flight requests, writes the state. */
  close(): Promise<void>;
}

/**
 * Starts the local Databricks serving + secrets emulator on node:http.
 *
 * @example
 * import { startEmulator } from "databricks-deployments/emulator";
 * const emu = await startEmulator({ seed: true, streamDelayMs: 20 });
 * const reply = await emu.client().predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }] } });
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const window = options.rateLimitWindowMs;
  if (window !== undefined && !(Number.isFinite(window) && window > 0)) {
    throw new RangeError(`rateLimitWindowMs must be a positive number of milliseconds, got ${window}`);
  }
  const users = normalizeUsers(options);
  const store = new Store(options.statePath);
  const timers = new Set<NodeJS.Timeout>();
  const servingLogs = new Map<string, string[]>();
  let ids = 0;
  const context: EmulatorContext = {
    store,
    auth: new Authenticator(users),
    limiter: new RateLimiter(options.rateLimitWindowMs),
    metrics: new Metrics(),
    deployDelayMs: options.deployDelayMs ?? 1000,
    streamDelayMs: options.streamDelayMs ?? 0,
    forwardBase: options.forward === true ? "https://api.openai.com/v1" : typeof options.forward === "string" ? options.forward : undefined,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 120_000,
    fetch: options.fetch ?? globalThis.fetch,
    scheduleSettle: (delayMs) => {
      // Promote due deployments even when nobody polls, so the state file and logs are current.
      const timer = setTimeout(() => {
        timers.delete(timer);
        settleAll();
      }, delayMs + 1);
      timer.unref();
      timers.add(timer);
    },
    servingLogs,
    servingLog: (endpoint, entity, line) => {
      const key = `${endpoint}\u0000${entity}`;
      let lines = servingLogs.get(key);
      if (lines === undefined) servingLogs.set(key, (lines = []));
      lines.push(line);
      if (lines.length > 500) lines.splice(0, 100);
    },
    nextId: () => ++ids,
  };
  function settleAll(): void {
    let changed = false;
    const now = Date.now();
    for (const record of store.endpoints.values()) changed = settle(record, now) || changed;
    if (changed) store.commit();
  }
  settleAll();
  if (options.seed === true && !store.loaded) applySeed(context, users[0]!.name);
  for (const record of store.endpoints.values()) {
    if (record.deploy_due_at !== undefined) context.scheduleSettle(Math.max(0, record.deploy_due_at - Date.now()));
  }
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const handler = createHandler(context);
  const server = await listen(handler, { host: options.host ?? "127.0.0.1", port: options.port ?? 0, maxBodyBytes, onRequestDone: options.onRequest });
  const token = users[0]!.token;
  return {
    url: server.url,
    token,
    users: users.map((u) => u.name),
    client: (clientOptions = {}) => new DatabricksDeploymentClient({ ...clientOptions, host: clientOptions.host ?? server.url, token: clientOptions.token ?? token }),
    fetch: toFetchHandler(handler, maxBodyBytes),
    async close() {
      await server.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      settleAll();
      store.commit();
    },
  };
}

function normalizeUsers(options: EmulatorOptions): EmulatorUser[] {
  const given = options.users;
  if (given === undefined) return [{ name: DEFAULT_USER, token: options.token ?? generateToken() }];
  if (Array.isArray(given)) return [...(given as readonly EmulatorUser[])];
  return Object.entries(given as Readonly<Record<string, string>>).map(([name, token]) => ({ name, token }));
}
