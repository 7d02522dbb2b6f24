import type { Turn } from "./types.js";

/**
 * The tokens a turn spent: `total_tokens`, or prompt + completion when the endpoint reported only
 * those; `undefined` without usage. `Conversation.totals()`, the REPL's status line and every stats
 * line count with this, so they agree.
 *
 * @example
 * turnTokens({ ...turn, usage: { prompt_tokens: 7, completion_tokens: 3 } }); // 10
 */
export function turnTokens(turn: Pick<Turn, "usage">): number | undefined {
  const usage = turn.usage;
  if (!usage) return undefined;
  return usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
}

/**
 * A turn's numbers on one line (model, simulated, tokens, TTFT, speed), as shown under a reply in
 * the REPL and in `toMarkdown()`; empty when there is nothing to show.
 *
 * @example
 * turnStats(conversation.lastTurn!); // "gpt-4 · 42 tokens · TTFT 180 ms · 55.0 tok/s"
 */
export function turnStats(turn: Turn): string {
  const parts: string[] = [];
  if (turn.model) parts.push(turn.model);
  if (turn.simulated) parts.push("simulated");
  const tokens = turnTokens(turn);
  if (tokens !== undefined) parts.push(`${tokens} tokens`);
  if (turn.timeToFirstTokenMs !== undefined) parts.push(`TTFT ${Math.round(turn.timeToFirstTokenMs)} ms`);
  if (turn.tokensPerSecond !== undefined) parts.push(`${turn.tokensPerSecond.toFixed(1)} tok/s`);
  return parts.join(" · ");
}
