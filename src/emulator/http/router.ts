/** Path parameters by name (`:name` segments), already URL-decoded. */
export type Params = Readonly<Record<string, string>>;

interface Route<H> {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: H;
}

/** The outcome of matching a call against the table. */
export type RouteMatch<H> =
  | { readonly kind: "found"; readonly handler: H; readonly params: Params }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "not-found" };

/**
 * A small segment router: literal segments and `:param` segments, trailing slash ignored (MLflow
 * sends `/api/2.0/serving-endpoints/`). Routes are grouped by segment count so a lookup only
 * looks at routes of the right length.
 */
export class Router<H> {
  readonly #bySize = new Map<number, Route<H>[]>();
  /**
   * Recent lookups by method, then exact path: a client calls the same few paths over and over,
   * and splitting and matching each was a visible share of a call. Bounded (paths carry names the
   * caller chooses); matches are immutable, so one can be handed out many times.
   */
  readonly #recent = new Map<string, Map<string, RouteMatch<H>>>();
  #recentSize = 0;

  /** Registers `method pattern` (e.g. `GET /api/2.0/serving-endpoints/:name`). */
  on(method: string, pattern: string, handler: H): this {
    this.#recent.clear();
    this.#recentSize = 0;
    const segments = splitPath(pattern);
    const list = this.#bySize.get(segments.length) ?? [];
    list.push({ method, segments, handler });
    this.#bySize.set(segments.length, list);
    return this;
  }

  /** Finds the handler for a call. */
  match(method: string, path: string): RouteMatch<H> {
    let byPath = this.#recent.get(method);
    const known = byPath?.get(path);
    if (known !== undefined) return known;
    const found = this.#lookup(method, path);
    if (this.#recentSize >= MAX_RECENT) {
      this.#recent.clear();
      this.#recentSize = 0;
      byPath = undefined;
    }
    if (byPath === undefined) this.#recent.set(method, (byPath = new Map()));
    byPath.set(path, found);
    this.#recentSize++;
    return found;
  }

  #lookup(method: string, path: string): RouteMatch<H> {
    const parts = splitPath(path);
    const candidates = this.#bySize.get(parts.length);
    if (candidates === undefined) return { kind: "not-found" };
    const allowed: string[] = [];
    for (const route of candidates) {
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      if (route.method === method) return { kind: "found", handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

/** Lookups remembered at most (then forgotten all at once). */
const MAX_RECENT = 512;

function splitPath(path: string): string[] {
  const parts = path.split("/");
  // "/a/b/" → ["", "a", "b", ""]: drop the empty leading and trailing segments.
  let start = 0;
  let end = parts.length;
  if (parts[0] === "") start = 1;
  if (end > start && parts[end - 1] === "") end -= 1;
  return parts.slice(start, end);
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = parts[i]!;
    if (expected.charCodeAt(0) === 58 /* ":" */) {
      if (actual === "") return undefined;
      params ??= {};
      params[expected.slice(1)] = safeDecode(actual);
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params ?? EMPTY;
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function safeDecode(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    // A malformed escape cannot name anything that exists; keep it raw so the lookup 404s.
    void error;
    return segment;
  }
}
