import type { AuthType } from "./attributes.js";
import type { FetchLike } from "../request/fetch.js";

/**
 * Produces the `Authorization` header value: synchronous for static credentials and for a cached
 * token that is still usable (no await on the hot path), a promise while a token is fetched.
 *
 * @example
 * const value = authorizer.header(fetch, AbortSignal.timeout(10_000));
 */
export interface Authorizer {
  readonly type: AuthType;
  /** True for pat and basic: the header never changes, so the pipeline may build the headers once. */
  readonly static?: boolean;
  header(fetch: FetchLike, signal: AbortSignal): string | Promise<string>;
  /** Forgets a cached token after the server rejected it, so the next call fetches a fresh one. */
  invalidate?(): void;
}
