import { Box, Text } from "ink";
import type { HistoryItem } from "../chat/types.js";
import { wrapLines } from "./wrap.js";

type ToolItem = Extract<HistoryItem, { kind: "tool" }>;

/**
 * One tool call in the scrollback: `⚙ name {arguments}` when the model asks for it, then
 * `↳ result · 3 ms` (or `✖ error`) when it has run — two lines, each printed once.
 */
export function ToolCallView({ item, width }: { item: ToolItem; width: number }) {
  if (item.phase === "start") {
    return (
      <Box marginTop={1}>
        <Box flexShrink={0}><Text color="magenta">{"⚙ "}</Text></Box>
        <Text><Text color="magenta" bold>{item.name}</Text> <Text dimColor>{wrapLines(item.args, Math.max(10, width - item.name.length - 3), 0)}</Text></Text>
      </Box>
    );
  }
  const time = item.durationMs !== undefined ? ` · ${item.durationMs} ms` : "";
  return (
    <Box>
      <Box flexShrink={0}><Text color={item.ok ? "green" : "red"}>{item.ok ? "  ↳ " : "  ✖ "}</Text></Box>
      <Text color={item.ok ? undefined : "red"}>{wrapLines(`${item.outcome ?? ""}`, Math.max(10, width - 4), 0)}<Text dimColor>{time}</Text></Text>
    </Box>
  );
}
