import { count, duration } from "./progress-line.js";

/**
 * What one run of `deployments batch` did, for the closing lines: rows, failures by error code,
 * tokens, latency percentiles.
 *
 * @example
 * const s = new BatchSummary();
 * s.add({ failedCode: undefined, tokens: 42, latencyMs: 120 });
 * s.lines({ rows: 1, skipped: 0, elapsedMs: 500, rateLimitWaitMs: 0, output: "answers.jsonl" });
 */
export class BatchSummary {
  answered = 0;
  failed = 0;
  tokens = 0;
  readonly failures = new Map<string, number>();
  // One number per row: 8 bytes each, fine for the million rows one machine runs.
  readonly #latencies: number[] = [];

  add(row: { failedCode: string | undefined; tokens: number; latencyMs: number }): void {
    if (row.failedCode === undefined) {
      this.answered++;
      this.#latencies.push(row.latencyMs);
    } else {
      this.failed++;
      this.failures.set(row.failedCode, (this.failures.get(row.failedCode) ?? 0) + 1);
    }
    this.tokens += row.tokens;
  }

  /** The `p`th percentile (0..100) of answered rows' latency, nearest rank; undefined with none. */
  percentile(p: number): number | undefined {
    if (this.#latencies.length === 0) return undefined;
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  }

  lines(run: { rows: number; skipped: number; skippedFailed: number; elapsedMs: number; rateLimitWaitMs: number; output: string }): string[] {
    const out: string[] = [];
    const skipped = run.skipped > 0 ? ` (${run.skipped} already in ${run.output}${run.skippedFailed > 0 ? `, ${run.skippedFailed} of them failed: --retry-failed re-runs them` : ""})` : "";
    out.push(`batch: ${run.rows} rows${skipped}: ${this.answered} answered, ${this.failed} failed in ${duration(run.elapsedMs)}`);
    if (this.failures.size > 0) out.push(`  failures: ${[...this.failures].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${n} ${code}`).join(", ")}`);
    const p50 = this.percentile(50);
    const p95 = this.percentile(95);
    out.push(`  tokens: ${count(this.tokens)}${p50 !== undefined ? ` · latency p50 ${duration(p50)}, p95 ${duration(p95!)}` : ""}${run.rateLimitWaitMs > 0 ? ` · ${duration(run.rateLimitWaitMs)} waiting on rate limits` : ""}`);
    out.push(`  answers: ${run.output}`);
    return out;
  }
}
