import type { BatchProgress } from "../../src/index.js";

/**
 * Compact units for progress lines: `950 ms`, `4.2 s`, `3 m 05 s`; `12.3k`.
 *
 * @example
 * duration(4_200); // "4.2 s"
 */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} m ${String(Math.round((ms % 60_000) / 1_000)).padStart(2, "0")} s`;
}

/** `12345` → `12.3k`. */
export function count(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1_000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

/** A progress snapshot with the rows a resumed run skipped added back in, so counts cover the whole file. */
export interface FileProgress {
  readonly progress: BatchProgress;
  /** Rows answered or failed by an earlier run, not sent again. */
  readonly skipped: number;
  /** Rows in the file. */
  readonly rows: number;
}

/**
 * The facts of one progress report, in words: rows, rate, ETA, tokens, concurrency, rate-limit
 * waits, failures. The TTY bar and the plain lines both use it.
 *
 * @example
 * progressFacts({ progress, skipped: 0, rows: 200 }); // "120/200 rows · 19.8 rows/s · ETA 4.1 s · 12.3k tokens · concurrency 4 · 2.1 s waiting on rate limits"
 */
export function progressFacts({ progress: p, skipped, rows }: FileProgress): string {
  const parts = [`${p.done + skipped}/${rows} rows`, `${p.rowsPerSecond.toFixed(1)} rows/s`];
  if (p.etaMs !== undefined && !p.finished) parts.push(`ETA ${duration(p.etaMs)}`);
  parts.push(`${count(p.tokens)} tokens`, `concurrency ${p.concurrency}`);
  if (p.inFlight > 0) parts.push(`${p.inFlight} in flight`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.pausedForMs > 0) parts.push(`paused ${duration(p.pausedForMs)} (rate limit)`);
  else if (p.rateLimitWaitMs > 0) parts.push(`${duration(p.rateLimitWaitMs)} waiting on rate limits`);
  return parts.join(" · ");
}

/**
 * A bar of `width` cells for `fraction` (0..1).
 *
 * @example
 * bar(0.5, 10); // "█████░░░░░"
 */
export function bar(fraction: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}
