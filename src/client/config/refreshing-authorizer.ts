import type { AuthType } from "./attributes.js";
import type { AuthContext } from "./auth-context.js";
import type { Authorizer } from "./authorizer.js";
import type { FetchLike } from "../request/fetch.js";
import { authorizationOf, usableUntil, type OAuthToken } from "./token.js";

/**
 * The common part of every token-based auth type: the header is returned synchronously while the
 * token is usable (no await on the hot path), one refresh is shared by all concurrent callers and
 * runs on its own time limit (a caller aborting fails only that caller), and a rejected token is
 * forgotten. Subclasses only say how to get a token.
 *
 * @example
 * class Fixed extends RefreshingAuthorizer {
 *   readonly type = "pat" as const;
 *   protected async fetchToken() { return { accessToken: "t", tokenType: "Bearer", expiresAt: undefined }; }
 * }
 */
export abstract class RefreshingAuthorizer implements Authorizer {
  abstract readonly type: AuthType;
  #cached: { header: string; token: OAuthToken; until: number } | undefined;
  #pending: Promise<string> | undefined;
  protected readonly ctx: AuthContext;

  constructor(ctx: AuthContext) {
    this.ctx = ctx;
  }

  /** The current token (for `auth status`), without fetching one. */
  get current(): OAuthToken | undefined {
    return this.#cached?.token;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  header(fetch: FetchLike, signal: AbortSignal): string | Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && this.ctx.now() < cached.until) return cached.header;
    if (this.#pending === undefined) {
      const previous = cached?.token;
      const pending = this.#refresh(fetch, AbortSignal.timeout(this.ctx.timeoutMs), previous).finally(() => {
        this.#pending = undefined;
      });
      // Every waiter may have left (aborted): the failure has been reported to them already.
      pending.catch(() => undefined);
      this.#pending = pending;
    }
    return untilAborted(this.#pending, signal);
  }

  /**
   * A usable token now (fetching one if needed): for `auth status` and `auth login`.
   *
   * @example
   * const token = await authorizer.token(fetch);
   */
  async token(fetch: FetchLike, signal: AbortSignal = AbortSignal.timeout(this.ctx.timeoutMs)): Promise<OAuthToken> {
    await this.header(fetch, signal);
    return this.#cached!.token;
  }

  async #refresh(fetch: FetchLike, signal: AbortSignal, previous: OAuthToken | undefined): Promise<string> {
    const issuedAt = this.ctx.now();
    const token = await this.fetchToken(fetch, signal, previous);
    this.ctx.redactor.add(token.accessToken);
    if (token.refreshToken !== undefined) this.ctx.redactor.add(token.refreshToken);
    const header = authorizationOf(token);
    this.#cached = { header, token, until: usableUntil(token, issuedAt) };
    return header;
  }

  /**
   * A fresh token, bypassing the cache (for a wrapper that loads this authorizer lazily).
   *
   * @example
   * const token = await inner.freshToken(fetch, signal, undefined);
   */
  freshToken(fetch: FetchLike, signal: AbortSignal, previous: OAuthToken | undefined): Promise<OAuthToken> {
    return this.fetchToken(fetch, signal, previous);
  }

  /** Gets a fresh token; `previous` is the expired one (its refresh token, if any). */
  protected abstract fetchToken(fetch: FetchLike, signal: AbortSignal, previous: OAuthToken | undefined): Promise<OAuthToken>;
}

/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` aborts (the promise runs on).
 *
 * @example
 * await untilAborted(sharedRefresh, request.signal);
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
