import { DatabricksDeploymentClient } from "../client/client.js";
import type { ClientOptions } from "../client/client-options.js";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createHandler } from "./app.js";
import { DEFAULT_USER, generateToken, type EmulatorUser } from "./auth.js";
import { realClock, type EmulatorClock } from "./clock.js";
import { createContext } from "./context.js";
import type { DeployDelay } from "./endpoints/deployment.js";
import { Faults, type EmulatorFaults } from "./faults.js";
import { toFetchHandler } from "./http/fetch-adapter.js";
import { listen, type RequestLogEntry } from "./http/node-server.js";
import { seed as applySeed } from "./seed.js";
import type { EmulatorOAuthOptions } from "./oauth/service.js";
import { registerAgents, type AgentRegistration } from "./serving/agent-endpoints.js";

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
  /**
   * Named users with their own tokens; the first one is the emulator's main user (`emulator.token`).
   * Each sees and changes only what its permissions allow (creators manage what they create); mark
   * workspace admins with `admin: true`.
   */
  readonly users?: readonly EmulatorUser[] | Readonly<Record<string, string>>;
  /** The OAuth server: M2M service principals, token lifetime, refused logins (see {@link EmulatorOAuthOptions}). */
  readonly oauth?: EmulatorOAuthOptions;
  /** JSON state file: reloaded at start, written atomically after every change. */
  readonly statePath?: string;
  /** Create the `chat` endpoint of the MLflow docs and the ResponsesAgent endpoint `agent` (default false). */
  readonly seed?: boolean;
  /**
   * Agent endpoints to serve (created READY unless the state already has one of that name): each
   * serves a UC model as an MLflow `ResponsesAgent` (`agent/v1/responses`, default) or `ChatAgent`
   * (`agent/v2/chat`) and answers in that agent's request/response/stream shapes on `/invocations`.
   */
  readonly agents?: readonly AgentRegistration[];
  /**
   * How long a create/config update stays IN_PROGRESS (default 1000 ms of `clock`), or
   * `"next-read"`: the first read of the endpoint after the update (GET, list, an invocation, any
   * route naming it) still reports IN_PROGRESS, the next one finds it settled — deterministic,
   * the Databricks test server's habit.
   */
  readonly deployDelayMs?: DeployDelay;
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
  /** Open connections at most (default 1024); further ones are closed at once. */
  readonly maxConnections?: number;
  /** Request body limit (default 4 MiB → 413 above). */
  readonly maxBodyBytes?: number;
  /** fetch used for upstream calls (default global fetch). */
  readonly fetch?: typeof fetch;
  /** Called once per request with a secret-free summary. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /**
   * The clock of timestamps, deploy delays, rate-limit windows and `Retry-After` hints (default:
   * real time). Pass {@link manualClock} in tests to move time instead of waiting it out.
   */
  readonly clock?: EmulatorClock;
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
  /**
   * In-process request by path (like hono's `app.request`): the host and the main user's token
   * are filled in; an `authorization` header in `init` wins (an empty one sends none).
   *
   * @example
   * const res = await emu.request("/api/2.0/serving-endpoints/chat");
   * const created = await emu.request("/api/2.0/secrets/scopes/create", { method: "POST", body: JSON.stringify({ scope: "s" }) });
   */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The OAuth server's live settings (`expiresInSeconds`, `denyAuthorization`): tests change them while running. */
  readonly oauth: { expiresInSeconds: number; denyAuthorization: boolean };
  /** Test-only fault injection: the next requests to a route fail with a chosen status. */
  readonly faults: EmulatorFaults;
  /** The clock the emulator runs on (the one from the options, or the real one). */
  readonly clock: EmulatorClock;
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
  checkOptions(options);
  const users = normalizeUsers(options);
  const clock = options.clock ?? realClock;
  const context = createContext({
    users,
    oauth: options.oauth,
    statePath: options.statePath,
    clock,
    deployDelay: options.deployDelayMs ?? 1000,
    streamDelayMs: options.streamDelayMs ?? 0,
    rateLimitWindowMs: options.rateLimitWindowMs,
    forwardBase: options.forward === true ? "https://api.openai.com/v1" : typeof options.forward === "string" ? options.forward : undefined,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 120_000,
    fetch: options.fetch ?? globalThis.fetch,
  });
  const { store, endpoints } = context;
  endpoints.resume();
  if (options.seed === true && !store.loaded) applySeed(context, context.auth.principal(users[0]!.name)!);
  if (options.agents !== undefined && options.agents.length > 0) registerAgents(context, context.auth.principal(users[0]!.name)!, options.agents);
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const faults = new Faults();
  const handler = createHandler(context, faults);
  const authenticate = (authorization: string | undefined, path: string): boolean => {
    // The OAuth server's own routes are public (a token request carries its credentials in the form).
    if (path.startsWith("/oidc/") || path.startsWith("/.well-known/")) return true;
    try {
      if (context.oauth.principalFor(authorization) !== undefined) return true;
      context.auth.authenticate(authorization);
      return true;
    } catch (error) {
      void error;
      return false;
    }
  };
  const server = await listen(handler, {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    maxBodyBytes,
    authenticate,
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
    onRequestDone: options.onRequest,
  });
  const token = users[0]!.token;
  const fetchHandler = toFetchHandler(handler, maxBodyBytes);
  return {
    url: server.url,
    token,
    users: users.map((u) => u.name),
    // The caller's environment stays out (unless given): a DATABRICKS_AUTH_TYPE or client id there must not turn the emulator's token into a conflict.
    client: (clientOptions = {}) => new DatabricksDeploymentClient({ env: {}, ...clientOptions, host: clientOptions.host ?? server.url, token: clientOptions.token ?? token }),
    fetch: fetchHandler,
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
      else if (headers.get("authorization") === "") headers.delete("authorization");
      const url = /^https?:\/\//.test(path) ? path : `${server.url}${path.startsWith("/") ? "" : "/"}${path}`;
      return fetchHandler(new Request(url, { ...init, headers }));
    },
    faults,
    oauth: context.oauth,
    clock,
    async close() {
      await server.close();
      endpoints.stop();
      await store.settled();
      store.commit();
    },
  };
}

/** Refuses option values the emulator cannot run with, before anything starts. */
function checkOptions(options: EmulatorOptions): void {
  const window = options.rateLimitWindowMs;
  if (window !== undefined && !(Number.isFinite(window) && window > 0)) {
    throw new ConfigurationError(`rateLimitWindowMs must be a positive number of milliseconds, got ${window}`);
  }
  const delay = options.deployDelayMs;
  if (delay !== undefined && delay !== "next-read" && !(Number.isFinite(delay) && delay >= 0)) {
    throw new ConfigurationError(`deployDelayMs must be a non-negative number of milliseconds or "next-read", got ${String(delay)}`);
  }
  for (const [name, value] of [["streamDelayMs", options.streamDelayMs], ["upstreamTimeoutMs", options.upstreamTimeoutMs], ["maxBodyBytes", options.maxBodyBytes], ["maxConnections", options.maxConnections]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new ConfigurationError(`${name} must be a non-negative number, got ${value}`);
  }
}

function normalizeUsers(options: EmulatorOptions): EmulatorUser[] {
  const given = options.users;
  // The one user of a token-only emulator is a workspace admin, so it may do everything.
  if (given === undefined) return [{ name: DEFAULT_USER, token: options.token ?? generateToken(), admin: true }];
  if (Array.isArray(given)) return [...(given as readonly EmulatorUser[])];
  return Object.entries(given as Readonly<Record<string, string>>).map(([name, token]) => ({ name, token }));
}
