import type { BatchProgress } from "../client/batch/types.js";
import { tslabDisplay, type NotebookDisplay } from "./display.js";
import { escapeHtml } from "./rendered.js";

/**
 * Options of `batchProgress`.
 *
 * @example
 * const progress = batchProgress({ intervalMs: 250 });
 */
export interface BatchProgressOptions {
  /** Where to show it; by default tslab's display inside a tslab kernel, `console.log` elsewhere. */
  readonly display?: NotebookDisplay | undefined;
  /** Least time between two redraws (default 100 ms in a notebook, 2 s as text lines elsewhere); the last report is always shown. */
  readonly intervalMs?: number | undefined;
  /** A heading, e.g. the endpoint's name. */
  readonly title?: string | undefined;
}

/**
 * A live progress display for `client.predictBatch`: pass its `onProgress` on, and the notebook
 * shows one bar that is redrawn in place (rows done / failed / in flight, rows/s, ETA, tokens,
 * concurrency, time waiting on rate limits). Outside a notebook it prints a text line now and then.
 *
 * @example
 * const progress = batchProgress({ title: "chat" });
 * const results = [];
 * for await (const r of client.predictBatch({ endpoint: "chat", inputs: rows, onProgress: progress.onProgress })) results.push(r);
 */
export function batchProgress(options: BatchProgressOptions = {}): { readonly onProgress: (progress: BatchProgress) => void; readonly last: () => BatchProgress | undefined } {
  const display = options.display ?? tslabDisplay();
  const live = display?.newDisplay?.();
  const interval = options.intervalMs ?? (live ? 100 : 2_000);
  let shownAt = Number.NEGATIVE_INFINITY;
  let last: BatchProgress | undefined;
  const onProgress = (p: BatchProgress): void => {
    last = p;
    const now = performance.now();
    if (!p.finished && now - shownAt < interval) return;
    shownAt = now;
    if (live) live.html(progressHtml(p, options.title));
    else if (display) display.text(progressText(p));
    else console.log(progressText(p));
  };
  return { onProgress, last: () => last };
}

/**
 * One line of words for a progress report.
 *
 * @example
 * progressText(progress); // "120/200 rows · 3 failed · 4 in flight · 19.8 rows/s · ETA 4.1 s · 1234 tokens · concurrency 4"
 */
export function progressText(p: BatchProgress): string {
  const parts = [`${p.done}/${p.total ?? "?"} rows`];
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.inFlight > 0) parts.push(`${p.inFlight} in flight`);
  parts.push(`${p.rowsPerSecond.toFixed(1)} rows/s`);
  if (p.etaMs !== undefined && !p.finished) parts.push(`ETA ${seconds(p.etaMs)}`);
  parts.push(`${p.tokens} tokens`, `concurrency ${p.concurrency}`);
  if (p.pausedForMs > 0) parts.push(`paused ${seconds(p.pausedForMs)} on a rate limit`);
  else if (p.rateLimitWaitMs > 0) parts.push(`${seconds(p.rateLimitWaitMs)} waiting on rate limits`);
  if (p.finished) parts.push(`done in ${seconds(p.elapsedMs)}`);
  return parts.join(" · ");
}

function progressHtml(p: BatchProgress, title: string | undefined): string {
  const total = p.total ?? 0;
  const pct = total > 0 ? Math.min(100, (p.done * 100) / total) : p.finished ? 100 : 0;
  const failedPct = total > 0 ? Math.min(pct, (p.failed * 100) / total) : 0;
  const bar = `<div style="width:100%;max-width:480px;height:12px;background:#e5e7eb;border-radius:6px;overflow:hidden;display:flex">`
    + `<div style="width:${(pct - failedPct).toFixed(1)}%;background:#16a34a"></div><div style="width:${failedPct.toFixed(1)}%;background:#dc2626"></div></div>`;
  const head = `${title ? `<b>${escapeHtml(title)}</b> · ` : ""}${p.finished ? "finished" : `${Math.floor(pct)}%`}`;
  return `<div class="batch-progress">${head}${bar}<div style="font-family:monospace;font-size:12px">${escapeHtml(progressText(p))}</div></div>`;
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
