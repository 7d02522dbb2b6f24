import { memo } from "react";
import { Box, Static, Text } from "ink";
import type { HistoryItem } from "../chat/types.js";
import type { MarkdownRenderer } from "./render-markdown.js";
import { wrapLines, wrapPathLine } from "./wrap.js";
import { ToolCallView } from "./ToolCallView.js";

interface Props {
  readonly items: readonly HistoryItem[];
  readonly render: MarkdownRenderer;
  readonly width: number;
}

function Item({ item, render, width }: { item: HistoryItem; render: MarkdownRenderer; width: number }) {
  switch (item.kind) {
    case "header":
      return (
        <Box flexDirection="column">
          {item.lines.map((line, i) => (
            <Text key={i} bold={i === 0} dimColor={i > 2}>{wrapPathLine(line, width)}</Text>
          ))}
        </Box>
      );
    case "user":
      return (
        <Box marginTop={1}>
          {/* flexShrink 0: a long message must not squeeze the prompt to "›" */}
          <Box flexShrink={0}><Text color="cyan" bold>{"› "}</Text></Box>
          <Text>{wrapLines(item.text, width - 2, 0)}</Text>
        </Box>
      );
    case "assistant":
      return (
        // A part moved to the scrollback mid-reply ended at a blank line: keep that line.
        <Box flexDirection="column" marginBottom={item.status === undefined ? 1 : 0}>
          {item.text.trim() !== "" && <Text>{render(item.text, width)}</Text>}
          {item.status === "cancelled" && <Text color="yellow">{item.empty ? "[cancelled before the reply began]" : "[cancelled — partial reply kept]"}</Text>}
          {item.status === "error" && <Text color="red">[reply failed]</Text>}
          {item.status !== undefined && item.stats ? <Text dimColor>{item.stats}</Text> : null}
        </Box>
      );
    case "tool":
      return <ToolCallView item={item} width={width} />;
    case "info":
      return (
        <Box marginTop={1}>
          <Text>{wrapLines(item.text, width)}</Text>
        </Box>
      );
    case "error":
      return (
        <Box flexDirection="column" marginTop={1}>
          {/* The marks stay in their own column and the text wraps under itself, without a leading space. */}
          <Box><Box flexShrink={0}><Text color="red">{"✖ "}</Text></Box><Text color="red">{wrapLines(item.text, width - 2, 0)}</Text></Box>
          {item.hint ? <Box><Box flexShrink={0}><Text color="yellow">{"→ "}</Text></Box><Text color="yellow">{wrapLines(item.hint, width - 2, 0)}</Text></Box> : null}
        </Box>
      );
  }
}

/**
 * The scrollback: finished items, each printed once through `<Static>`. Memoized so the frequent
 * updates of the live reply never re-render it (which would make Ink skip its frame throttle).
 */
export const HistoryView = memo(function HistoryView({ items, render, width }: Props) {
  return (
    <Static items={items as HistoryItem[]}>
      {(item) => <Item key={item.id} item={item} render={render} width={width} />}
    </Static>
  );
});
