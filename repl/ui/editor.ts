/** The input line: its text (may span lines) and the cursor offset in it. */
export interface EditorState {
  readonly text: string;
  readonly cursor: number;
}

export const emptyEditor: EditorState = { text: "", cursor: 0 };

/** An editor holding `text` with the cursor at its end. */
export const editorWith = (text: string): EditorState => ({ text, cursor: text.length });

export function insert(s: EditorState, text: string): EditorState {
  return { text: s.text.slice(0, s.cursor) + text + s.text.slice(s.cursor), cursor: s.cursor + text.length };
}

export function backspace(s: EditorState): EditorState {
  if (s.cursor === 0) return s;
  const step = s.text.codePointAt(s.cursor - 2) !== undefined && /[\udc00-\udfff]/.test(s.text[s.cursor - 1] ?? "") ? 2 : 1;
  return { text: s.text.slice(0, s.cursor - step) + s.text.slice(s.cursor), cursor: s.cursor - step };
}

export function del(s: EditorState): EditorState {
  if (s.cursor >= s.text.length) return s;
  return { text: s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), cursor: s.cursor };
}

export function move(s: EditorState, by: number): EditorState {
  return { ...s, cursor: Math.max(0, Math.min(s.text.length, s.cursor + by)) };
}

const lineStart = (s: EditorState): number => s.text.lastIndexOf("\n", s.cursor - 1) + 1;
const lineEnd = (s: EditorState): number => {
  const i = s.text.indexOf("\n", s.cursor);
  return i === -1 ? s.text.length : i;
};

export const home = (s: EditorState): EditorState => ({ ...s, cursor: lineStart(s) });
export const end = (s: EditorState): EditorState => ({ ...s, cursor: lineEnd(s) });

/** Ctrl+U: deletes from the start of the line to the cursor. */
export function killLine(s: EditorState): EditorState {
  const start = lineStart(s);
  return { text: s.text.slice(0, start) + s.text.slice(s.cursor), cursor: start };
}

/** Ctrl+K: deletes from the cursor to the end of the line. */
export function killToEnd(s: EditorState): EditorState {
  return { text: s.text.slice(0, s.cursor) + s.text.slice(lineEnd(s)), cursor: s.cursor };
}

/** Ctrl+W: deletes the word before the cursor. */
export function killWord(s: EditorState): EditorState {
  const before = s.text.slice(0, s.cursor);
  const start = before.replace(/\S+\s*$|\s+$/, "").length;
  return { text: s.text.slice(0, start) + s.text.slice(s.cursor), cursor: start };
}

/** True when the cursor is on the first line (↑ then recalls history instead of moving up). */
export const onFirstLine = (s: EditorState): boolean => !s.text.slice(0, s.cursor).includes("\n");
/** True when the cursor is on the last line. */
export const onLastLine = (s: EditorState): boolean => !s.text.slice(s.cursor).includes("\n");

/** Moves the cursor one line up or down, keeping the column where possible. */
export function verticalMove(s: EditorState, dir: -1 | 1): EditorState {
  const start = lineStart(s);
  const column = s.cursor - start;
  if (dir === -1) {
    if (start === 0) return s;
    const prevStart = s.text.lastIndexOf("\n", start - 2) + 1;
    return { ...s, cursor: Math.min(prevStart + column, start - 1) };
  }
  const endIndex = lineEnd(s);
  if (endIndex >= s.text.length) return s;
  const nextStart = endIndex + 1;
  const nextEnd = s.text.indexOf("\n", nextStart);
  return { ...s, cursor: Math.min(nextStart + column, nextEnd === -1 ? s.text.length : nextEnd) };
}
