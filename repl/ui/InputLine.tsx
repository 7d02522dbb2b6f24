import { memo } from "react";
import { Box, Text } from "ink";
import type { EditorState } from "./editor.js";
import { inputWindow } from "./input-window.js";
import { groupDigits } from "./group-digits.js";

interface Props {
  readonly editor: EditorState;
  readonly busy: boolean;
  /** Columns for the text (the prompt excluded) and the most lines drawn: a huge paste shows a window around the cursor. */
  readonly width?: number;
  readonly maxLines?: number;
}

const more = (n: number, where: string) => `… ${groupDigits(n)} more character${n === 1 ? "" : "s"} ${where}`;

/** The prompt with the text being typed; the cursor is an inverse cell. Lines after the first are indented. */
export const InputLine = memo(function InputLine({ editor, busy, width = 98, maxLines = 24 }: Props) {
  const view = inputWindow(editor, width, maxLines);
  const cursor = view.at === undefined || view.at === "\n" ? " " : view.at;
  const indent = (s: string) => s.replace(/\n/g, "\n  ");
  return (
    <Box marginTop={1} flexDirection="column">
      {view.hiddenBefore > 0 && <Text dimColor>{`  ${more(view.hiddenBefore, "above")}`}</Text>}
      <Box>
        {/* flexShrink 0: a long input must not squeeze the prompt to "›" */}
        <Box flexShrink={0}><Text color={busy ? "gray" : "green"} bold>{"› "}</Text></Box>
        <Text>
          {indent(view.before)}
          <Text inverse>{cursor}</Text>
          {view.at === "\n" ? indent("\n" + view.after) : indent(view.after)}
        </Text>
      </Box>
      {view.hiddenAfter > 0 && <Text dimColor>{`  ${more(view.hiddenAfter, "below")}`}</Text>}
    </Box>
  );
});
