import type { TokenUsage, Turn } from "./types.js";

// The token and speed rules for humans, one definition for the REPL (status line, /usage), the
// transcripts (`toMarkdown()`) and the notebook views (`transcript()`, `usageSummary()`,
// `renderStream()`). Pure and dependency-free, so the light notebook entry can use it.

/**
 * The tokens a usage object counts: `total_tokens`, or prompt + completion when the endpoint
 * reported only those; `undefined` without usage or without any count.
 *
 * @example
 * usageTokens({ prompt_tokens: 7, completion_tokens: 3 }); // 10
 */
export function usageTokens(usage: TokenUsage | null | undefined): number | undefined {
  if (!usage) return undefined;
  if (usage.total_tokens !== undefined) return usage.total_tokens;
  if (usage.prompt_tokens === undefined && usage.completion_tokens === undefined) return undefined;
  return (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
}

/**
 * The tokens a turn spent (see `usageTokens`); `undefined` without usage. `Conversation.totals()`,
 * the REPL's status line and every stats line count with this, so they agree.
 *
 * @example
 * turnTokens({ ...turn, usage: { prompt_tokens: 7, completion_tokens: 3 } }); // 10
 */
export function turnTokens(turn: Pick<Turn, "usage">): number | undefined {
  if (!turn.usage) return undefined;
  return usageTokens(turn.usage) ?? 0;
}

/** Below this span a rate is noise, not a speed. */
const MIN_RATE_WINDOW_MS = 50;

/**
 * Generation speed: completion tokens (as reported, else the text pieces streamed) per second
 * from the first text to the end; `undefined` when it says nothing — one piece (an endpoint that
 * does not stream answers all at once), no tokens, or no time.
 *
 * @example
 * tokensPerSecond({ completionTokens: 50, textChunks: 48, firstTextAtMs: 100, endedAtMs: 1100 }); // 50
 */
export function tokensPerSecond(facts: {
  readonly completionTokens?: number | undefined;
  readonly textChunks: number;
  readonly firstTextAtMs?: number | undefined;
  readonly endedAtMs: number;
}): number | undefined {
  // One chunk says nothing about speed (a non-streaming endpoint answers all at once), and neither
  // does a stream that arrived in one burst (an unpaced server would read "109161.2 tok/s").
  if (facts.firstTextAtMs === undefined || facts.textChunks < 2) return undefined;
  const tokens = facts.completionTokens ?? facts.textChunks;
  const ms = facts.endedAtMs - facts.firstTextAtMs;
  return tokens > 0 && ms >= MIN_RATE_WINDOW_MS ? tokens / (ms / 1000) : undefined;
}

/**
 * A turn's numbers on one line (model, simulated, tokens, TTFT, speed), as shown under a reply in
 * the REPL, in `toMarkdown()` and in the notebook's `transcript()`; empty when there is nothing to show.
 *
 * @example
 * turnStats(conversation.lastTurn!); // "gpt-4 · 42 tokens · TTFT 180 ms · 55.0 tok/s"
 */
export function turnStats(turn: Partial<Pick<Turn, "model" | "simulated" | "usage" | "timeToFirstTokenMs" | "tokensPerSecond">>): string {
  const parts: string[] = [];
  if (turn.model) parts.push(turn.model);
  if (turn.simulated) parts.push("simulated");
  const tokens = turnTokens(turn);
  if (tokens !== undefined) parts.push(`${tokens} tokens`);
  if (turn.timeToFirstTokenMs !== undefined) parts.push(`TTFT ${Math.round(turn.timeToFirstTokenMs)} ms`);
  if (turn.tokensPerSecond !== undefined) parts.push(`${turn.tokensPerSecond.toFixed(1)} tok/s`);
  return parts.join(" · ");
}
