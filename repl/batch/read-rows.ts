import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { queryInputSchema, type QueryInput } from "../../src/index.js";
import type { PromptTemplate } from "./template.js";

/** How each input line becomes query inputs. */
export interface RowOptions {
  readonly template?: PromptTemplate | undefined;
  /** Applied to every row that does not set its own. */
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
}

/**
 * One row of the input file: its position (0-based, what the output's `index` says), the line
 * it starts on (1-based, for messages), and its query inputs or why it cannot be sent.
 *
 * @example
 * const row: InputRow = { index: 0, line: 1, input: { messages: [{ role: "user", content: "Hi" }] } };
 */
export type InputRow = { readonly index: number; readonly line: number } & ({ readonly input: QueryInput; readonly problem?: undefined } | { readonly input?: undefined; readonly problem: string });

/**
 * The rows of a `.jsonl` or `.csv` file, read lazily (one line in memory at a time). A JSONL line
 * is a query-inputs object, `{"prompt": "..."}` (sent as one user message), or with a template a
 * row of fields; a CSV row is always fields (a `prompt` column without a template). Blank lines
 * are skipped but counted, so line numbers match the file.
 *
 * @example
 * for await (const row of readRows("rows.jsonl", {})) if (row.problem) console.error(`line ${row.line}: ${row.problem}`);
 */
export async function* readRows(path: string, options: RowOptions): AsyncGenerator<InputRow> {
  let index = 0;
  if (/\.csv$/i.test(path)) {
    const parser = createReadStream(path).pipe(parse({ columns: true, info: true, skip_empty_lines: true, bom: true, trim: false }));
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield toRow(index++, item.info.lines, item.record, options, "csv");
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { index: index++, line, problem: `not JSON (${(e as Error).message})` };
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      yield { index: index++, line, problem: "expected a JSON object per line" };
      continue;
    }
    yield toRow(index++, line, value as Record<string, unknown>, options, "jsonl");
  }
}

function toRow(index: number, line: number, fields: Record<string, unknown>, options: RowOptions, kind: "csv" | "jsonl"): InputRow {
  let input: Record<string, unknown>;
  if (options.template !== undefined) {
    try {
      input = { messages: [{ role: "user", content: options.template.fill(fields) }] };
    } catch (e) {
      return { index, line, problem: (e as Error).message };
    }
  } else if (typeof fields["prompt"] === "string" && fields["messages"] === undefined) {
    const { prompt, ...rest } = fields;
    input = { ...(kind === "jsonl" ? rest : {}), messages: [{ role: "user", content: prompt }] };
  } else if (kind === "csv") {
    return { index, line, problem: "a CSV row needs --template FILE (one column per field) or a `prompt` column" };
  } else {
    input = fields;
  }
  if (options.maxTokens !== undefined && input["max_tokens"] === undefined) input["max_tokens"] = options.maxTokens;
  if (options.temperature !== undefined && input["temperature"] === undefined) input["temperature"] = options.temperature;
  const checked = queryInputSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return { index, line, problem: `not query inputs: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}` };
  }
  return { index, line, input: input as QueryInput };
}
