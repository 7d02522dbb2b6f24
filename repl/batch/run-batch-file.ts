import type { z } from "zod";
import { describeError, type BatchProgress, type DatabricksDeploymentClient, type QueryInput } from "../../src/index.js";
import { AnswersWriter, dropFailed, readAnswers } from "./answers-file.js";
import type { FileProgress } from "./progress-line.js";
import { readRows, type InputRow, type RowOptions } from "./read-rows.js";
import { rowHash } from "./row-hash.js";
import { BatchSummary } from "./summary.js";

/**
 * One run over an input file, as `deployments batch` and the REPL's `/batch` start it.
 *
 * @example
 * const run: BatchFileRun = { client, endpoint: "chat", input: "rows.jsonl", output: "answers.jsonl", rows: {} };
 */
export interface BatchFileRun {
  readonly client: Pick<DatabricksDeploymentClient, "predictBatch">;
  readonly endpoint: string;
  readonly input: string;
  readonly output: string;
  readonly rows: RowOptions;
  readonly concurrency?: number | undefined;
  readonly schema?: z.ZodType | undefined;
  readonly schemaName?: string | undefined;
  /** Send the rows an earlier run recorded as failed again (their old lines are dropped first). */
  readonly retryFailed?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((state: FileProgress) => void) | undefined;
}

/**
 * How a run ended: the input was refused (nothing was sent), or the rows ran (some may have failed).
 *
 * @example
 * if (outcome.kind === "bad-input") for (const p of outcome.problems) console.error(p);
 */
export type BatchFileOutcome =
  | { readonly kind: "bad-input"; readonly problems: readonly string[] }
  | {
      readonly kind: "ran";
      readonly summary: BatchSummary;
      readonly rows: number;
      readonly skipped: number;
      readonly skippedFailed: number;
      readonly elapsedMs: number;
      readonly rateLimitWaitMs: number;
    };

const MAX_LISTED = 20;

/**
 * Checks the whole input first (a malformed line, or a row that differs from the one an earlier
 * run answered, refuses the run before anything is sent), then sends the rows the output does
 * not hold yet with `client.predictBatch`, appending one line per row as it finishes.
 *
 * @example
 * const outcome = await runBatchFile({ client, endpoint: "chat", input: "rows.jsonl", output: "answers.jsonl", rows: {} });
 */
export async function runBatchFile(run: BatchFileRun): Promise<BatchFileOutcome> {
  if (run.retryFailed === true) await dropFailed(run.output);
  const { rows: done } = await readAnswers(run.output);
  const problems: string[] = [];
  let more = 0;
  let rows = 0;
  let skipped = 0;
  let skippedFailed = 0;
  const problem = (text: string): void => {
    if (problems.length < MAX_LISTED) problems.push(text);
    else more++;
  };
  for await (const row of readRows(run.input, run.rows)) {
    rows++;
    if (row.problem !== undefined) {
      problem(`${run.input}:${row.line}: ${row.problem}`);
      continue;
    }
    const before = done.get(row.index);
    if (before === undefined) continue;
    if (before.hash !== rowHash(row.input)) problem(`${run.input}:${row.line}: row ${row.index} is not the row ${run.output} answered: the input was edited since (use another --output, or delete it to start over)`);
    skipped++;
    if (!before.answered) skippedFailed++;
  }
  const beyond = [...done.keys()].filter((i) => i >= rows).length;
  if (beyond > 0) problem(`${run.output} holds ${beyond} row${beyond === 1 ? "" : "s"} beyond the ${rows} of ${run.input}: the input was edited since (use another --output, or delete it to start over)`);
  if (more > 0) problems.push(`… and ${more} more`);
  if (problems.length > 0) return { kind: "bad-input", problems };

  // Batch indexes count only the rows sent now; this maps them back to the file's rows.
  const pending = new Map<number, InputRow>();
  async function* toSend(): AsyncGenerator<QueryInput> {
    let sent = 0;
    for await (const row of readRows(run.input, run.rows)) {
      if (row.input === undefined || done.has(row.index)) continue;
      pending.set(sent++, row);
      yield row.input;
    }
  }
  const summary = new BatchSummary();
  const writer = new AnswersWriter(run.output);
  const started = performance.now();
  let last: BatchProgress | undefined;
  try {
    const results = run.client.predictBatch({
      endpoint: run.endpoint,
      inputs: toSend(),
      total: rows - skipped,
      concurrency: run.concurrency,
      schema: run.schema,
      schemaName: run.schemaName,
      signal: run.signal,
      onProgress: (progress) => {
        last = progress;
        run.onProgress?.({ progress, skipped, rows });
      },
    });
    for await (const r of results) {
      const row = pending.get(r.index)!;
      pending.delete(r.index);
      const tokens = r.usage?.total_tokens ?? 0;
      const latency_ms = Math.round(r.latencyMs * 10) / 10;
      if (r.error !== undefined) {
        const facts = describeError(r.error);
        const code = facts.errorCode ?? (r.error as { code?: unknown }).code;
        const error = { name: facts.name, message: facts.message, ...(facts.status !== undefined ? { status: facts.status } : {}), ...(typeof code === "string" ? { error_code: code } : {}) };
        writer.append({ index: row.index, input: row.input, error, latency_ms, attempts: r.attempts });
        summary.add({ failedCode: typeof code === "string" ? code : facts.name, tokens, latencyMs: r.latencyMs });
      } else {
        writer.append({ index: row.index, input: row.input, output: r.output, usage: r.usage, latency_ms, attempts: r.attempts });
        summary.add({ failedCode: undefined, tokens, latencyMs: r.latencyMs });
      }
    }
  } finally {
    writer.close();
  }
  return { kind: "ran", summary, rows, skipped, skippedFailed, elapsedMs: performance.now() - started, rateLimitWaitMs: last?.rateLimitWaitMs ?? 0 };
}
