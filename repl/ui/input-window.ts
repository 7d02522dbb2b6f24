import type { EditorState } from "./editor.js";

/** The part of the input shown around the cursor, and how much is left out on either side. */
export interface InputWindow {
  readonly before: string;
  /** The character under the cursor, if any. */
  readonly at: string | undefined;
  readonly after: string;
  /** Characters of the input above / below the window (0 when it shows all of it). */
  readonly hiddenBefore: number;
  readonly hiddenAfter: number;
  /** Lines of the window (at least 1), plus one for each "more" marker: for the screen's line budget. */
  readonly lines: number;
}

/**
 * The slice of a (possibly huge, pasted) input that the input line draws: at most `maxLines`
 * lines around the cursor and at most `maxLines × width` characters on either side of it. The
 * cost depends on the window, not on the input: a 1 MB paste redraws as fast as a short line.
 *
 * @example
 * inputWindow({ text: "a\nb\nc\nd", cursor: 7 }, 80, 2); // before "c\nd", hiddenBefore 4
 */
export function inputWindow(editor: EditorState, width: number, maxLines: number): InputWindow {
  const { text, cursor } = editor;
  const budget = Math.max(1, maxLines) * Math.max(1, width);
  // Lines above the cursor get what the lines below leave (the cursor is usually at the end).
  let lines = 1;
  const floor = Math.max(0, cursor - budget);
  let start: number;
  for (let to = cursor; ;) {
    const nl = to > 0 ? text.lastIndexOf("\n", to - 1) : -1;
    if (nl < floor) { start = floor; break; }
    if (lines >= maxLines) { start = nl + 1; break; }
    lines++;
    to = nl;
  }
  const ceiling = Math.min(text.length, cursor + budget);
  let end: number;
  for (let from = cursor; ;) {
    const nl = text.indexOf("\n", from);
    if (nl === -1 || nl >= ceiling) { end = ceiling; break; }
    if (lines >= maxLines) { end = nl; break; }
    lines++;
    from = nl + 1;
  }
  const hiddenBefore = start;
  const hiddenAfter = text.length - end;
  return {
    before: text.slice(start, cursor),
    at: text[cursor],
    after: text.slice(Math.min(cursor + 1, end), end),
    hiddenBefore,
    hiddenAfter,
    lines: lines + (hiddenBefore > 0 ? 1 : 0) + (hiddenAfter > 0 ? 1 : 0),
  };
}
