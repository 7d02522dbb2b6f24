/**
 * The part of `fetch` the client uses. Global `fetch`, cross-fetch and undici's `fetch` all fit.
 *
 * @example
 * import crossFetch from "cross-fetch";
 * const client = new DatabricksDeploymentClient({ host, token, fetch: crossFetch });
 */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

let fallback: Promise<FetchLike> | undefined;

/**
 * The fetch to use: the given one, else the global one, else cross-fetch (loaded only then, so
 * runtimes with a global fetch never pay for importing it).
 *
 * @example
 * const f = await resolveFetch(undefined);
 */
export function resolveFetch(given: FetchLike | undefined): FetchLike | Promise<FetchLike> {
  if (given !== undefined) return given;
  if (typeof globalThis.fetch === "function") return globalThis.fetch.bind(globalThis);
  fallback ??= import("cross-fetch").then((m) => (m.default ?? m.fetch) as unknown as FetchLike);
  return fallback;
}
