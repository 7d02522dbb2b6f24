// One changed row of a frame, rewritten from its first changed column when that is safe (Ink 8's
// line-update, MIT, © Vadym Demedes). A streamed reply grows its last row by a word or two per
// frame: repainting only the new words instead of the whole row is most of the bytes per token.
import ansiEscapes from "ansi-escapes";
import { fastStringWidth } from "./string-width-fast.js";

// SGR only: replaying it cannot move the cursor or change a terminal mode. Rows with any other
// control (OSC links, tabs) are written whole.
const SGR = /\x1b\[[\d;]*m/g;
const CONTROL = /\p{Control}/u;

/**
 * The bytes that turn row `previous` into `next` on a terminal `columns` wide, the cursor at the
 * row's start: the whole row, or a jump to the first changed column and what follows it,
 * whichever is shorter. Styles that were open at that column are replayed first. Only rows made
 * of characters whose width every terminal agrees on (fastStringWidth's set: no emoji, marks or
 * CJK) are updated in part — where a terminal counts a character differently from string-width,
 * a jump to a column would land beside the text instead of after it; a whole row cannot.
 *
 * @example
 * lineUpdate("Hello wor", "Hello world", 80); // "\x1b[10G\x1b[Kld": cursorTo(9), erase to the end, "ld"
 */
export function lineUpdate(previous: string, next: string, columns: number | undefined): string {
  const full = ansiEscapes.cursorTo(0) + ansiEscapes.eraseEndLine + next;
  if (columns === undefined || Number.isNaN(columns) || columns < 1) return full;
  let common = 0;
  while (common < previous.length && common < next.length && previous[common] === next[common]) common++;
  if (common === 0) return full;
  const previousText = previous.replace(SGR, "");
  const nextText = next.replace(SGR, "");
  if (CONTROL.test(previousText) || CONTROL.test(nextText)) return full;
  const previousWidth = fastStringWidth(previousText);
  const nextWidth = fastStringWidth(nextText);
  if (previousWidth === undefined || nextWidth === undefined) return full;
  const codes = [...next.matchAll(SGR)].map((m) => ({ index: m.index ?? 0, text: m[0] }));
  // In this set every UTF-16 unit is one grapheme, so the common prefix is whole graphemes.
  let textLength = common;
  for (const match of codes) {
    if (match.index >= common) break;
    // A difference inside an SGR sequence repaints from before that sequence.
    textLength -= Math.min(match.text.length, common - match.index);
  }
  const column = fastStringWidth(nextText.slice(0, textLength))!;
  // Moving to a column cannot reproduce a wrap-pending cursor after a full-width prefix.
  if (
    column === 0 ||
    column >= columns ||
    previousWidth > columns ||
    nextWidth > columns
  ) return full;
  let offset = textLength;
  let styles = "";
  for (const match of codes) {
    if (match.index > offset || match.index + match.text.length > common) break;
    offset += match.text.length;
    // The exact SGR history, so nested resets and extended colours end in the same state.
    styles += match.text;
  }
  const partial = ansiEscapes.cursorTo(column) + ansiEscapes.eraseEndLine + styles + next.slice(offset);
  return partial.length < full.length ? partial : full;
}
