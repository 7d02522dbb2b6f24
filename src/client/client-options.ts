import type { Agent } from "node:http";
import type { CredentialOptions } from "./config/resolve-credentials.js";
import type { FetchLike } from "./request/fetch.js";
import type { RetryEvent } from "./request/pipeline.js";
import type { TransportName } from "./request/select-transport.js";

/**
 * Options of `new DatabricksDeploymentClient(options)` and `getDeployClient(target, options)`.
 * Everything is optional: credentials come from the environment or `~/.databrickscfg` when not given.
 *
 * @example
 * const client = new DatabricksDeploymentClient({
 *   host: "https://adb-123.azuredatabricks.net",
 *   token: process.env.DATABRICKS_TOKEN,
 *   timeoutMs: 60_000,
 *   onRetry: ({ attempt, delayMs, reason }) => console.error(`retry ${attempt} in ${delayMs} ms (${reason})`),
 * });
 */
export interface ClientOptions extends CredentialOptions {
  /** `"databricks"` (default: `MLFLOW_DEPLOYMENTS_TARGET`, else `"databricks"`) or `"databricks://<profile>"`. */
  readonly target?: string | undefined;
  /**
   * What carries requests: `"node"` (`node:http`/`node:https` with a keep-alive agent; the default
   * in Node) or `"fetch"` (global fetch; cross-fetch where there is none). Giving `fetch` implies `"fetch"`.
   */
  readonly transport?: TransportName | undefined;
  /** Any fetch (global fetch, cross-fetch, undici's…): used instead of the node transport. */
  readonly fetch?: FetchLike | undefined;
  /**
   * The node transport's agent, for custom TLS (`new https.Agent({ ca })`, client certificates) or
   * a proxy agent of your own. When given, `HTTPS_PROXY`/`HTTP_PROXY` are not read.
   */
  readonly agent?: Agent | undefined;
  /** Global fetch's `dispatcher` (an undici `Agent` or `ProxyAgent`), for the `"fetch"` transport. */
  readonly dispatcher?: object | undefined;
  /** Largest response body the client holds, counted after decompression (default 64 MiB). */
  readonly maxResponseBytes?: number | undefined;
  /** Largest single server-sent-event line or event, in decoded characters (default 16 MiB). */
  readonly maxEventBytes?: number | undefined;
  /** Per attempt, until the response is read (default 120 000, MLflow's). */
  readonly timeoutMs?: number | undefined;
  /** All attempts and waits of one call together (default 600 000, MLflow's predict total). */
  readonly totalTimeoutMs?: number | undefined;
  /** Longest silence between two chunks of a stream (default: `timeoutMs`). */
  readonly idleTimeoutMs?: number | undefined;
  /** Retries after the first attempt (default 5). */
  readonly maxRetries?: number | undefined;
  /** First backoff delay when the server gives no `Retry-After` (default 500 ms; doubles, jittered). */
  readonly retryBaseDelayMs?: number | undefined;
  /** Backoff cap (default 10 000 ms). */
  readonly retryMaxDelayMs?: number | undefined;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Told about every retry before its wait. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** `external-browser`: opens the authorize URL (default: `$BROWSER`, else the platform opener; the URL is printed too). */
  readonly openBrowser?: ((url: string) => void | Promise<void>) | undefined;
  /** `external-browser`: the token cache directory (default `~/.config/databricks-deployments/oauth`). */
  readonly tokenCacheDir?: string | undefined;
  /** Let payload fields unknown to this version's schemas through (other rules still apply). */
  readonly allowUnknownFields?: boolean | undefined;
}
