import type { TokenUsage } from "../conversation/types.js";
import { usageTokens } from "../conversation/stats.js";
import type { TurnLike } from "./transcript.js";
import { escapeHtml, htmlTable, Rendered, textTable } from "./rendered.js";

/**
 * Token counts as an endpoint reports them (`usage` of a response or of the last stream chunk):
 * the conversation's `TokenUsage`, which a response's `Usage` also fits.
 *
 * @example
 * const u: UsageLike = { prompt_tokens: 9, completion_tokens: 54, total_tokens: 63 };
 */
export type UsageLike = TokenUsage;

/**
 * One measured call: a label, its usage, and the timings you have.
 *
 * @example
 * const row: UsageRow = { label: "predict", usage: response.usage, durationMs: 412 };
 */
export interface UsageRow {
  readonly label: string;
  readonly usage?: UsageLike | undefined;
  readonly timeToFirstTokenMs?: number | undefined;
  readonly durationMs?: number | undefined;
  readonly tokensPerSecond?: number | undefined;
}

const num = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? "—" : digits ? n.toFixed(digits) : String(Math.round(n)));

function rowFromTurn(turn: TurnLike & { id?: number; durationMs?: number }, index: number): UsageRow {
  return {
    label: `turn ${turn.id ?? index + 1}${turn.status && turn.status !== "complete" ? ` (${turn.status})` : ""}`,
    usage: turn.usage,
    timeToFirstTokenMs: turn.timeToFirstTokenMs,
    durationMs: turn.durationMs,
    tokensPerSecond: turn.tokensPerSecond,
  };
}

function isTurn(value: unknown): value is TurnLike {
  return typeof value === "object" && value !== null && "user" in value && "reply" in value;
}

/**
 * A usage and latency table: prompt, completion and total tokens, time to first token, duration,
 * tokens/s — per row, with a total line. Give it a `Conversation` (one row per turn), turns,
 * a response's `usage`, or your own rows.
 *
 * @example
 * show(usageSummary(conversation));
 * show(usageSummary([{ label: "predict", usage: response.usage, durationMs: 412 }]));
 */
export function usageSummary(source: { readonly turns: readonly TurnLike[] } | readonly (UsageRow | TurnLike)[] | UsageRow | UsageLike): Rendered {
  let rows: UsageRow[];
  if (Array.isArray(source)) rows = (source as readonly (UsageRow | TurnLike)[]).map((r, i) => (isTurn(r) ? rowFromTurn(r, i) : r));
  else if (typeof source === "object" && source !== null && "turns" in source) rows = source.turns.map(rowFromTurn);
  else if (typeof source === "object" && source !== null && "label" in source) rows = [source];
  else rows = [{ label: "usage", usage: source as UsageLike }];
  const header = ["", "prompt tokens", "completion tokens", "total tokens", "first token (ms)", "duration (ms)", "tokens/s"];
  const cells = (r: UsageRow) => [
    r.label,
    num(r.usage?.prompt_tokens),
    num(r.usage?.completion_tokens),
    num(usageTokens(r.usage)),
    num(r.timeToFirstTokenMs),
    num(r.durationMs),
    num(r.tokensPerSecond, 1),
  ];
  const body = rows.map(cells);
  if (rows.length > 1) {
    const sum = (pick: (u: UsageLike) => number | undefined) => rows.reduce<number | undefined>((acc, r) => {
      const v = r.usage ? pick(r.usage) : undefined;
      return v === undefined ? acc : (acc ?? 0) + v;
    }, undefined);
    body.push(["total", num(sum((u) => u.prompt_tokens)), num(sum((u) => u.completion_tokens)), num(sum(usageTokens)), "", num(rows.reduce((a, r) => a + (r.durationMs ?? 0), 0) || undefined), ""]);
  }
  return new Rendered({
    html: htmlTable(header, body.map((r, i) => r.map((c, j) => (j === 0 || (rows.length > 1 && i === body.length - 1) ? `<b>${escapeHtml(c)}</b>` : escapeHtml(c))))),
    text: textTable(header, body),
  });
}
