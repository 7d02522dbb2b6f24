import { memo } from "react";
import { Box, Text } from "ink";
import type { MarkdownRenderer } from "./render-markdown.js";

interface Props {
  readonly text: string;
  readonly render: MarkdownRenderer;
  readonly width: number;
  /** The most lines shown: the live area must stay shorter than the screen, or Ink redraws it all. */
  readonly maxLines: number;
}

/** The part of the streaming reply not yet moved to the scrollback (usually the current paragraph). */
export const LiveReply = memo(function LiveReply({ text, render, width, maxLines }: Props) {
  if (text === "") return <Text dimColor>…</Text>;
  const lines = render(text, width).split("\n");
  const hidden = Math.max(0, lines.length - maxLines);
  return (
    <Box flexDirection="column">
      {hidden > 0 && <Text dimColor>… {hidden} more line{hidden === 1 ? "" : "s"} above (shown in full when the reply ends)</Text>}
      <Text>{(hidden > 0 ? lines.slice(hidden) : lines).join("\n")}</Text>
    </Box>
  );
});
