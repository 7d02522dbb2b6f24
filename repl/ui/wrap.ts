// Wrapping the REPL does itself instead of leaving it to Ink, which wraps with `trim: false` and
// from column 0: a line's continuation keeps its indentation (list items, quotes, the text after
// `✖ `), starts without a stray space, keeps its ANSI style (wrap-ansi reopens it on the next
// row), and never splits a word from the punctuation after it (`--forward` + `.`).
import wrapAnsi from "wrap-ansi";

const ANSI = /\x1b\[[0-9;]*m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * `wrapAnsi(text, columns, { hard: true, trim: true })` for text of printable ASCII only, where
 * every character is one column: the same rows (a test compares the two on random text), without
 * wrap-ansi's per-character width and style bookkeeping. The live reply is re-wrapped on every
 * frame, and this is most of what it costs.
 *
 * @example
 * wrapPlain("the quick brown fox", 10); // "the quick\nbrown fox"
 */
export function wrapPlain(text: string, columns: number): string {
  if (text.trim() === "") return "";
  const words = text.split(" ");
  const rows: string[] = [""];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    rows[rows.length - 1] = rows[rows.length - 1]!.trimStart();
    let rowLength = rows[rows.length - 1]!.length;
    if (index !== 0 && rowLength > 0) {
      rows[rows.length - 1] += " ";
      rowLength++;
    }
    if (word.length > columns) {
      const remaining = columns - rowLength;
      const breaksThisLine = 1 + Math.floor((word.length - remaining - 1) / columns);
      const breaksNextLine = Math.floor((word.length - 1) / columns);
      if (breaksNextLine < breaksThisLine) rows.push("");
      // wrap-ansi's wrapWord, one column per character
      let visible = rows[rows.length - 1]!.length;
      for (let i = 0; i < word.length; i++) {
        if (visible + 1 <= columns) rows[rows.length - 1] += word[i]!;
        else { rows.push(word[i]!); visible = 0; }
        visible++;
        if (visible === columns && i < word.length - 1) { rows.push(""); visible = 0; }
      }
      if (!visible && rows[rows.length - 1]!.length > 0 && rows.length > 1) rows[rows.length - 2] += rows.pop()!;
      continue;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) rows.push("");
    rows[rows.length - 1] += word;
  }
  // wrap-ansi's stringVisibleTrimSpacesRight: trailing empty words (spaces) go, joined without a space
  return rows.map((row) => {
    const parts = row.split(" ");
    let last = parts.length;
    while (last > 0 && parts[last - 1]!.length === 0) last--;
    return last === parts.length ? row : parts.slice(0, last).join(" ") + parts.slice(last).join("");
  }).join("\n");
}

const RESET = "\x1b[0m";

/**
 * wrap-ansi's rows, by {@link wrapPlain} where that gives the same: plain ASCII, also inside the
 * `ESC[0m … ESC[0m` that marked-terminal puts around every paragraph (a reset re-opens nothing
 * on the next row, so the rows are the plain text's with the codes at both ends).
 */
export function wrapText(text: string, columns: number): string {
  if (PRINTABLE_ASCII.test(text)) return wrapPlain(text, columns);
  if (text.startsWith(RESET) && text.endsWith(RESET) && text.length > 2 * RESET.length) {
    const middle = text.slice(RESET.length, -RESET.length);
    if (PRINTABLE_ASCII.test(middle) && middle.trim() === middle) return RESET + wrapPlain(middle, columns) + RESET;
  }
  return wrapAnsi(text, columns, { hard: true, trim: true });
}
const visible = (s: string): string => s.replace(ANSI, "");

/** The raw index where the first `count` visible characters of `line` end (ANSI codes skipped). */
function rawIndexAfter(line: string, count: number): number {
  let seen = 0;
  let i = 0;
  while (i < line.length && seen < count) {
    if (line[i] === "\x1b") {
      const m = /^\x1b\[[0-9;]*m/.exec(line.slice(i));
      if (m) { i += m[0].length; continue; }
    }
    i++;
    seen++;
  }
  // Styles opened right after the indent belong to the text: keep them with it.
  return i;
}

/**
 * Wraps one line at `width` columns with a hanging indent: continuation rows start under the
 * line's text (its leading spaces and list marker), never at column 0.
 *
 * @example
 * wrapLine("  * a long list item …", 40); // continuation rows start at column 4
 */
export function wrapLine(line: string, width: number, indent?: number): string {
  const plain = visible(line);
  if ([...plain].length <= width) return line;
  const lead = indent ?? Math.min(Math.floor(width / 2), (/^\s*(?:(?:[*•-]|\d+\.)\s+|[│>]\s*)?/.exec(plain)?.[0] ?? "").length);
  const cut = rawIndexAfter(line, lead);
  const rows = wrapText(line.slice(cut), Math.max(10, width - lead)).split("\n");
  return rows.map((row, i) => (i === 0 ? line.slice(0, cut) + row : " ".repeat(lead) + row)).join("\n");
}

/**
 * Wraps every line of `text` at `width` (see {@link wrapLine}).
 *
 * @example
 * wrapLines(render(markdown, 98), 98);
 */
export function wrapLines(text: string, width: number, indent?: number): string {
  return text.split("\n").map((line) => wrapLine(line, width, indent)).join("\n");
}

/**
 * A `label: /a/long/path` line that does not fit: the path goes on its own rows, broken after a
 * `/` rather than in the middle of a name.
 *
 * @example
 * wrapPathLine("transcript: /home/me/.local/share/…/2026-…-chat.json", 60);
 */
export function wrapPathLine(line: string, width: number): string {
  if (line.length <= width) return line;
  const m = /^([^:/]+: )(\S+)$/.exec(line);
  if (!m) return wrapLine(line, width);
  const [, label, path] = m as unknown as [string, string, string];
  const rows: string[] = [label.trimEnd()];
  let row = "  ";
  for (const part of path.split(/(?<=\/)/)) {
    if (row.length + part.length > width && row.trim() !== "") { rows.push(row); row = "  "; }
    row += part;
  }
  rows.push(row);
  return rows.map((r) => (r.length > width ? wrapLine(r, width, 2) : r)).join("\n");
}
