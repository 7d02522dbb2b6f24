import type { Authenticator } from "./auth.js";
import type { Metrics } from "./serving/metrics.js";
import type { RateLimiter } from "./serving/rate-limiter.js";
import type { Store } from "./store/store.js";

/** Everything a route needs, created once per emulator. */
export interface EmulatorContext {
  readonly store: Store;
  readonly auth: Authenticator;
  readonly limiter: RateLimiter;
  readonly metrics: Metrics;
  readonly deployDelayMs: number;
  readonly streamDelayMs: number;
  /** Where OpenAI models without `openai_api_base` go; undefined = the simulated model. */
  readonly forwardBase: string | undefined;
  readonly upstreamTimeoutMs: number;
  readonly fetch: typeof fetch;
  /** Schedules a persist-and-settle pass when a pending deployment is due. */
  readonly scheduleSettle: (delayMs: number) => void;
  /** Served-model log lines (invocations), per endpoint and entity; bounded. */
  readonly servingLog: (endpoint: string, entity: string, line: string) => void;
  readonly servingLogs: Map<string, string[]>;
  /** Monotonic counter for response ids. */
  nextId(): number;
}
