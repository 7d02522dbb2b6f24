import type { BatchResult } from "../client/batch/types.js";
import { redactSecrets } from "./redact.js";
import { escapeHtml, htmlTable, Rendered, textTable } from "./rendered.js";

/**
 * Options of `batchTable`.
 *
 * @example
 * batchTable(results, { maxRows: 20, width: 60 });
 */
export interface BatchTableOptions {
  /** Rows shown (default 50; failures first when there are more). */
  readonly maxRows?: number | undefined;
  /** Longest prompt / answer cell, in characters (default 80). */
  readonly width?: number | undefined;
}

/** The last user message of chat inputs, the prompt of a completion, or the inputs as JSON. */
function promptOf(input: unknown): string {
  const inputs = input as { messages?: { role?: string; content?: unknown }[]; prompt?: unknown; input?: unknown };
  const users = Array.isArray(inputs?.messages) ? inputs.messages.filter((m) => m?.role === "user") : [];
  const last = users[users.length - 1];
  if (last !== undefined) return typeof last.content === "string" ? last.content : JSON.stringify(last.content);
  if (typeof inputs?.prompt === "string") return inputs.prompt;
  return JSON.stringify(redactSecrets(input));
}

/** A structured answer (`message.parsed`) as JSON, a chat / completion answer as its text, else the output as JSON. */
function answerOf(output: unknown): string {
  const o = output as { choices?: { message?: { content?: unknown; parsed?: unknown }; text?: unknown }[] };
  const choice = o?.choices?.[0];
  if (choice?.message?.parsed !== undefined) return JSON.stringify(choice.message.parsed);
  if (typeof choice?.message?.content === "string") return choice.message.content;
  if (typeof choice?.text === "string") return choice.text;
  return JSON.stringify(redactSecrets(output));
}

function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/**
 * The results of `client.predictBatch` as a table, by row index: the prompt, the answer (the
 * parsed object with a `schema`), tokens, latency and attempts; a failed row shows its error and
 * is highlighted (a red row in HTML, `✗` in text). The caption counts answered and failed rows.
 *
 * @example
 * const results = [];
 * for await (const r of client.predictBatch({ endpoint: "chat", inputs: rows })) results.push(r);
 * show(batchTable(results));
 */
export function batchTable(results: readonly BatchResult<unknown>[], options: BatchTableOptions = {}): Rendered {
  const width = options.width ?? 80;
  const maxRows = options.maxRows ?? 50;
  const failed = results.filter((r) => r.error !== undefined).length;
  let shown = [...results].sort((a, b) => a.index - b.index);
  if (shown.length > maxRows) shown = [...shown.filter((r) => r.error !== undefined), ...shown.filter((r) => r.error === undefined)].slice(0, maxRows).sort((a, b) => a.index - b.index);
  const caption = `${results.length} rows: ${results.length - failed} answered, ${failed} failed${shown.length < results.length ? ` (${shown.length} shown)` : ""}`;
  const header = ["", "#", "prompt", "answer", "tokens", "latency (ms)", "attempts"];
  const cells = shown.map((r) => [
    r.error === undefined ? "✓" : "✗",
    String(r.index),
    cut(promptOf(r.input), width),
    r.error === undefined ? cut(answerOf(r.output), width) : cut(`${r.error.name}: ${r.error.message}`, width),
    r.usage?.total_tokens === undefined ? "—" : String(r.usage.total_tokens),
    String(Math.round(r.latencyMs)),
    String(r.attempts),
  ]);
  let html = htmlTable(header, cells.map((row) => row.map((c) => escapeHtml(c))), caption);
  // Failed rows: a red background on their <tr>, found by order (htmlTable renders rows in order).
  let i = 0;
  html = html.replace(/<tr><td/g, (m) => {
    const row = shown[i++];
    return row?.error !== undefined ? `<tr class="batch-failed" style="background:#fee2e2;color:#991b1b"><td` : m;
  });
  return new Rendered({ html, text: `${caption}\n${textTable(header, cells, width)}` });
}
