import { ApiFailure } from "../http/api-failure.js";
import type { Principal } from "../auth.js";
import { realClock, type EmulatorClock } from "../clock.js";
import type { EndpointRecord, JsonObject } from "../store/records.js";

/** Databricks counts every limit per minute. */
export const MINUTE_MS = 60_000;

/** A sliding window (one minute, unless the emulator runs a fast clock) of (time, amount) entries. */
class Window {
  constructor(private readonly windowMs: number) {}

  times: number[] = [];
  amounts: number[] = [];
  head = 0;
  total = 0;

  prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) {
      this.total -= this.amounts[this.head]!;
      this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
  }

  add(now: number, amount: number): void {
    this.total += amount;
    // Calls within 100 ms share one entry, so memory stays bounded (≤ 600 entries) at any rate.
    const last = this.times.length - 1;
    if (last >= this.head && now - this.times[last]! < 100) {
      this.amounts[last] = this.amounts[last]! + amount;
      return;
    }
    this.times.push(now);
    this.amounts.push(amount);
  }

  /** Seconds until enough old entries leave the window for `total` to drop below `limit`. */
  secondsUntilBelow(limit: number, now: number): number {
    let total = this.total;
    for (let i = this.head; i < this.times.length; i++) {
      total -= this.amounts[i]!;
      if (total < limit) return Math.max(1, Math.ceil((this.times[i]! + this.windowMs - now) / 1000));
    }
    return Math.ceil(this.windowMs / 1000);
  }
}

/** A limit that applies to one call, with the window it counts in. */
interface Applicable {
  readonly window: Window;
  readonly limit: number;
  readonly kind: "calls" | "tokens";
  readonly describe: string;
}

/** A granted call: report its token usage when it finishes. */
export interface RateTicket {
  finish(tokens: number): void;
}

/**
 * Legacy endpoint rate limits (`rate_limits`: calls per minute by `user` or `endpoint`) and AI
 * gateway limits (calls and tokens per minute by `endpoint`, `user`, `user_group`,
 * `service_principal`, optionally for one `principal`). Exceeding any → 429
 * REQUEST_LIMIT_EXCEEDED with `Retry-After` = whole seconds until a slot frees.
 */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  /**
   * @param windowMs how long "a minute" lasts; shorter only for demos and tests (`rateLimitWindowMs`).
   * @param clock the emulator clock (token usage is counted when a call finishes)
   */
  constructor(
    private readonly windowMs: number = MINUTE_MS,
    private readonly clock: EmulatorClock = realClock,
  ) {}

  /** Forgets an endpoint's counters (its limits were replaced or it was deleted). */
  reset(endpoint: string): void {
    const prefix = `${endpoint}\u0000`;
    for (const key of this.#windows.keys()) if (key.startsWith(prefix)) this.#windows.delete(key);
  }

  /** Admits a call or throws 429; the returned ticket records token usage afterwards. */
  admit(endpoint: EndpointRecord, principal: Principal, now: number): RateTicket {
    const applicable = this.#applicable(endpoint, principal);
    if (applicable.length === 0) return NO_TICKET;
    for (const rule of applicable) {
      rule.window.prune(now);
      if (rule.window.total >= rule.limit) {
        const wait = rule.window.secondsUntilBelow(rule.limit, now);
        throw new ApiFailure(429, "REQUEST_LIMIT_EXCEEDED", `Rate limit exceeded for endpoint '${endpoint.name}': ${rule.describe}. Retry after ${wait} s.`, wait);
      }
    }
    const tokenWindows: Window[] = [];
    for (const rule of applicable) {
      if (rule.kind === "calls") rule.window.add(now, 1);
      else tokenWindows.push(rule.window);
    }
    if (tokenWindows.length === 0) return NO_TICKET;
    const clock = this.clock;
    return {
      finish(tokens) {
        const at = clock.now();
        for (const window of tokenWindows) window.add(at, tokens);
      },
    };
  }

  #applicable(endpoint: EndpointRecord, principal: Principal): Applicable[] {
    const out: Applicable[] = [];
    const legacy = endpoint.rate_limits;
    if (legacy !== undefined) {
      legacy.forEach((rule, index) => {
        const calls = numberField(rule, "calls");
        if (calls === undefined) return;
        const perUser = rule["key"] === "user";
        const subject = perUser ? `user:${principal.name}` : "endpoint";
        out.push({
          window: this.#window(endpoint.name, `legacy${index}`, subject),
          limit: calls,
          kind: "calls",
          describe: `${calls} calls per minute${perUser ? " per user" : ""}`,
        });
      });
    }
    const gateway = endpoint.ai_gateway?.["rate_limits"];
    if (Array.isArray(gateway)) {
      (gateway as JsonObject[]).forEach((rule, index) => {
        const subject = gatewaySubject(rule, principal);
        if (subject === undefined) return;
        const calls = numberField(rule, "calls");
        const tokens = numberField(rule, "tokens");
        const who = subject === "endpoint" ? "" : ` for ${subject.replace(":", " ")}`;
        if (calls !== undefined) out.push({ window: this.#window(endpoint.name, `gw${index}c`, subject), limit: calls, kind: "calls", describe: `${calls} calls per minute${who}` });
        if (tokens !== undefined) out.push({ window: this.#window(endpoint.name, `gw${index}t`, subject), limit: tokens, kind: "tokens", describe: `${tokens} tokens per minute${who}` });
      });
    }
    return out;
  }

  #window(endpoint: string, rule: string, subject: string): Window {
    const key = `${endpoint}\u0000${rule}\u0000${subject}`;
    let window = this.#windows.get(key);
    if (window === undefined) {
      window = new Window(this.windowMs);
      this.#windows.set(key, window);
    }
    return window;
  }
}

const NO_TICKET: RateTicket = { finish() {} };

function numberField(rule: JsonObject, field: string): number | undefined {
  const value = rule[field];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Which counter a gateway rule uses for this caller, or undefined when it does not apply. */
function gatewaySubject(rule: JsonObject, principal: Principal): string | undefined {
  const key = typeof rule["key"] === "string" ? rule["key"] : "endpoint";
  const target = typeof rule["principal"] === "string" ? rule["principal"] : undefined;
  switch (key) {
    case "user":
      if (principal.servicePrincipal) return undefined;
      if (target !== undefined && target !== principal.name) return undefined;
      return `user:${principal.name}`;
    case "service_principal":
      if (!principal.servicePrincipal) return undefined;
      if (target !== undefined && target !== principal.name) return undefined;
      return `service_principal:${principal.name}`;
    case "user_group":
      if (target !== undefined) return principal.groups.includes(target) ? `group:${target}` : undefined;
      return principal.groups.length > 0 ? `group:${principal.groups[0]}` : undefined;
    default:
      return "endpoint";
  }
}
