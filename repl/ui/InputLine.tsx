import { memo } from "react";
import { Box, Text } from "ink";
import type { EditorState } from "./editor.js";

/** The prompt with the text being typed; the cursor is an inverse cell. Lines after the first are indented. */
export const InputLine = memo(function InputLine({ editor, busy }: { editor: EditorState; busy: boolean }) {
  const before = editor.text.slice(0, editor.cursor);
  const at = editor.text[editor.cursor];
  const after = editor.text.slice(editor.cursor + 1);
  const cursor = at === undefined || at === "\n" ? " " : at;
  const indent = (s: string) => s.replace(/\n/g, "\n  ");
  return (
    <Box marginTop={1}>
      {/* flexShrink 0: a long input must not squeeze the prompt to "›" */}
      <Box flexShrink={0}><Text color={busy ? "gray" : "green"} bold>{"› "}</Text></Box>
      <Text>
        {indent(before)}
        <Text inverse>{cursor}</Text>
        {at === "\n" ? indent("\n" + after) : indent(after)}
      </Text>
    </Box>
  );
});
