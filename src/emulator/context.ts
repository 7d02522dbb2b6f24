import { Authenticator, type EmulatorUser } from "./auth.js";
import type { EmulatorClock } from "./clock.js";
import { OAuthService, type EmulatorOAuthOptions } from "./oauth/service.js";
import type { DeployDelay } from "./endpoints/deployment.js";
import { PermissionService } from "./endpoints/permissions.js";
import { EndpointService } from "./endpoints/service.js";
import { SecretService } from "./secrets/service.js";
import { Metrics } from "./serving/metrics.js";
import { RateLimiter } from "./serving/rate-limiter.js";
import { ServingLogs, type ServingLogLine } from "./serving/serving-logs.js";
import { Store } from "./store/store.js";

/** Everything a route needs, created once per emulator by {@link createContext}. */
export interface EmulatorContext {
  readonly clock: EmulatorClock;
  readonly store: Store;
  readonly auth: Authenticator;
  /** The workspace's OAuth server (tokens it issued are accepted by every route). */
  readonly oauth: OAuthService;
  /** The endpoint lifecycle (create, update, settle, delete …). */
  readonly endpoints: EndpointService;
  readonly permissions: PermissionService;
  readonly secrets: SecretService;
  readonly limiter: RateLimiter;
  readonly metrics: Metrics;
  readonly streamDelayMs: number;
  /** Where OpenAI models without `openai_api_base` go; undefined = the simulated model. */
  readonly forwardBase: string | undefined;
  readonly upstreamTimeoutMs: number;
  readonly fetch: typeof fetch;
  readonly servingLogs: ServingLogs;
  /** Appends a served-model log line (invocations), per endpoint and entity; bounded. */
  servingLog(endpoint: string, entity: string, line: ServingLogLine): void;
  /** Monotonic counter for response ids. */
  nextId(): number;
}

/** The resolved settings {@link createContext} builds the context from. */
export interface ContextSettings {
  readonly users: readonly EmulatorUser[];
  readonly oauth?: EmulatorOAuthOptions | undefined;
  readonly statePath: string | undefined;
  readonly clock: EmulatorClock;
  readonly deployDelay: DeployDelay;
  readonly streamDelayMs: number;
  readonly rateLimitWindowMs: number | undefined;
  readonly forwardBase: string | undefined;
  readonly upstreamTimeoutMs: number;
  readonly fetch: typeof fetch;
}

/** Builds the state, the services over it and the serving side, and wires them together. */
export function createContext(settings: ContextSettings): EmulatorContext {
  const { clock } = settings;
  const store = new Store(settings.statePath);
  const limiter = new RateLimiter(settings.rateLimitWindowMs, clock);
  const metrics = new Metrics();
  const servingLogs = new ServingLogs();
  const endpoints = new EndpointService({
    store,
    clock,
    deployDelay: settings.deployDelay,
    listener: {
      limitsChanged: (name) => limiter.reset(name),
      removed: (name) => {
        limiter.reset(name);
        metrics.forget(name);
      },
    },
  });
  let ids = 0;
  const auth = new Authenticator(settings.users);
  const mainUser = settings.users[0]!.name;
  return {
    clock,
    store,
    auth,
    oauth: new OAuthService(settings.oauth ?? {}, clock, () => auth.principal(mainUser)!),
    endpoints,
    permissions: new PermissionService(store, (name) => auth.principal(name)),
    secrets: new SecretService(store, clock),
    limiter,
    metrics,
    streamDelayMs: settings.streamDelayMs,
    forwardBase: settings.forwardBase,
    upstreamTimeoutMs: settings.upstreamTimeoutMs,
    fetch: settings.fetch,
    servingLogs,
    servingLog: (endpoint, entity, line) => servingLogs.add(endpoint, entity, line),
    nextId: () => ++ids,
  };
}
