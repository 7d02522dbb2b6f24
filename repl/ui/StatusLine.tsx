import { memo, useEffect, useState } from "react";
import { Text } from "ink";
import type { StatusInfo } from "../chat/types.js";
import { groupDigits } from "./group-digits.js";

/** Status facts as one line, e.g. `chat · openai/gpt-4 · SIMULATED · streaming (Esc cancels) · 1,234 tokens · TTFT 120 ms · 45.0 tok/s`. */
export function statusText(status: StatusInfo, streaming: boolean, now: number): string {
  const parts = [status.endpoint];
  if (status.model) parts.push(status.model);
  if (status.simulated) parts.push("SIMULATED");
  if (status.activity !== undefined) parts.push(status.activity);
  // What is happening now comes before the numbers: the line is truncated, never wrapped.
  if (status.retryAt !== undefined && status.retryAt > now) {
    const reason = status.retryReason;
    const why = reason === undefined || /^429\b/.test(reason) ? "rate limited" : `no answer (${reason})`;
    parts.push(`${why}: retrying in ${Math.ceil((status.retryAt - now) / 1000)} s (Esc cancels)`);
  }
  else if (streaming) parts.push("streaming (Esc cancels)");
  parts.push(`${groupDigits(status.sessionTokens)} tokens`);
  if (status.ttftMs !== undefined) parts.push(`TTFT ${status.ttftMs} ms`);
  if (status.tokensPerSecond !== undefined) parts.push(`${status.tokensPerSecond.toFixed(1)} tok/s`);
  return parts.join(" · ");
}

/** The bottom line. Ticks once a second only while a rate-limited request waits for its retry. */
export const StatusLine = memo(function StatusLine({ status, streaming }: { status: StatusInfo; streaming: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (status.retryAt === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [status.retryAt]);
  return <Text dimColor wrap="truncate-end">{statusText(status, streaming, now)}</Text>;
});
