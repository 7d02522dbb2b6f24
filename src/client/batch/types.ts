import type { z } from "zod";
import type { DeploymentsError } from "../../errors/deployments-error.js";
import type { QueryInput } from "../../schemas/index.js";

/**
 * The rows of a batch: an array, any iterable, or an async iterable (a file read line by line, a
 * database cursor) of query inputs. Only the rows in flight are held, so a million-row async
 * iterable runs in constant memory.
 *
 * @example
 * const rows: BatchInputs = [{ messages: [{ role: "user", content: "Hi" }], max_tokens: 16 }];
 */
export type BatchInputs = Iterable<QueryInput> | AsyncIterable<QueryInput>;

/**
 * Arguments of `client.predictBatch()`.
 *
 * @example
 * const args: PredictBatchArgs = { endpoint: "chat", inputs: rows, concurrency: 8, onProgress: (p) => console.log(p.done) };
 */
export interface PredictBatchArgs {
  readonly endpoint: string;
  readonly inputs: BatchInputs;
  /** Most rows in flight at once (default 8); the batch lowers it on 429/503 and climbs back. */
  readonly concurrency?: number | undefined;
  /** Cancels the batch: nothing more is sent, the rows in flight are aborted, the iteration throws `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** Told after every change (a row finished, a pause began or ended). Keep it cheap: it runs on the hot path. */
  readonly onProgress?: ((progress: BatchProgress) => void) | undefined;
  /** Structured output per row, through `predict`'s own `schema` option (each output has `choices[i].message.parsed`). */
  readonly schema?: z.ZodType | undefined;
  /** `json_schema.name` with `schema`; default `"response"`. */
  readonly schemaName?: string | undefined;
  /** Query one served model of the endpoint instead of its traffic split. */
  readonly servedModel?: string | undefined;
  /** Most sends of one row that the server turned away unprocessed (429, 503, connection refused); default 8. */
  readonly maxAttempts?: number | undefined;
  /** The number of rows, when `inputs` is not an array: gives the progress an ETA. */
  readonly total?: number | undefined;
}

/**
 * `PredictBatchArgs` with a zod `schema`: each output is a parsed chat completion.
 *
 * @example
 * const args: StructuredBatchArgs<typeof Label> = { endpoint: "chat", inputs: rows, schema: Label };
 */
export interface StructuredBatchArgs<S extends z.ZodType> extends PredictBatchArgs {
  readonly schema: S;
}

/**
 * Token counts a row's reply reported (`usage` of the wire reply).
 *
 * @example
 * const u: BatchUsage = { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 };
 */
export interface BatchUsage {
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
  readonly total_tokens?: number;
}

/**
 * One finished row, in completion order: `output` when it was answered, `error` when it failed
 * (a row the server may have processed is never sent again: it fails with the error it got).
 *
 * @example
 * for await (const r of client.predictBatch({ endpoint: "chat", inputs })) {
 *   if (r.error) console.log(r.index, r.error.message); else console.log(r.index, r.output?.choices[0]?.message.content);
 * }
 */
export interface BatchResult<O> {
  /** The row's position in `inputs`, from 0. */
  readonly index: number;
  readonly input: QueryInput;
  readonly output?: O;
  readonly error?: DeploymentsError;
  readonly usage?: BatchUsage;
  /** Duration of the row's last send, in ms. */
  readonly latencyMs: number;
  /** How many times the row was sent (1 unless the server turned it away unprocessed). */
  readonly attempts: number;
}

/**
 * Where a batch stands, as `onProgress` gets it.
 *
 * @example
 * onProgress: (p) => process.stderr.write(`${p.done}/${p.total ?? "?"} ${p.rowsPerSecond.toFixed(1)} rows/s\r`)
 */
export interface BatchProgress {
  /** Rows finished: answered + failed. */
  readonly done: number;
  readonly answered: number;
  readonly failed: number;
  readonly inFlight: number;
  /** Rows in all, when known (an array, or `total`). */
  readonly total: number | undefined;
  /** Finished rows per second since the start. */
  readonly rowsPerSecond: number;
  /** Tokens the replies reported (`usage.total_tokens`). */
  readonly tokens: number;
  /** Estimated time to the end, when `total` is known and a row has finished. */
  readonly etaMs: number | undefined;
  /** The current concurrency window (adapted on 429/503). */
  readonly concurrency: number;
  /** Time the whole batch spent paused on rate limits and unavailability. */
  readonly rateLimitWaitMs: number;
  /** Time left in the current pause (0 when running). */
  readonly pausedForMs: number;
  /** Sends turned away unprocessed (429, 503, connection refused) and queued again. */
  readonly retried: number;
  readonly elapsedMs: number;
  /** True on the last report, once every row has finished. */
  readonly finished: boolean;
}
