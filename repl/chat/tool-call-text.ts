import type { ToolCallRecord } from "../../src/index.js";

/** Shortens a one-line value for the terminal. */
export function clipText(text: string, max = 200): string {
  const one = text.replace(/\s+/g, " ");
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A tool call's result or error as one short line. */
export function toolOutcome(call: ToolCallRecord): string {
  if (call.status === "error") return `error: ${call.error ?? "failed"}`;
  if (call.status === "running") return "running…";
  return clipText(typeof call.result === "string" ? call.result : JSON.stringify(call.result ?? null));
}

/**
 * A finished tool call as one plain line (piped mode writes it to stderr):
 * `⚙ get_weather {"city":"Paris"} → {"temp":21} (3 ms)`.
 *
 * @example
 * toolCallText({ id: "c", name: "calculate", arguments: "{\"a\":1,\"op\":\"+\",\"b\":2}", step: 1, status: "done", result: { value: 3 }, durationMs: 0 });
 */
export function toolCallText(call: ToolCallRecord): string {
  const time = call.durationMs !== undefined ? ` (${call.durationMs} ms)` : "";
  return `⚙ ${call.name} ${clipText(call.arguments, 120)} → ${toolOutcome(call)}${time}`;
}
