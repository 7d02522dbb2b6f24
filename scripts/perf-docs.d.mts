// Types of scripts/perf-docs.mjs (a plain script, so `node` runs it without a build).
export interface BenchBudget { on: "ratio" | "value"; op: "<=" | ">=" | "<"; limit: number }
export interface BenchRow {
  id?: string; label?: string; section?: string; figure?: string; value: number | null; unit?: string;
  vs?: string; ratio?: number | null; budget?: BenchBudget; pass?: boolean; note?: string; machine?: string;
}
export interface BenchRun { date?: string; machine?: string; quick?: boolean; durationMs?: number; rows: BenchRow[] }
export const HEADLINE_START: string;
export const HEADLINE_END: string;
export const HEADLINE_IDS: readonly string[];
export function rowId(row: BenchRow): string;
export function budgetText(row: BenchRow): string;
export function renderHeadline(run: BenchRun, pagePath?: string): string;
export function renderPerformancePage(run: BenchRun): string;
export function spliceHeadline(readme: string, headline: string): string;
export function extractHeadline(text: string): string | undefined;
export function writePerformanceDocs(root: string, run: BenchRun): { page: string; readme: string };
