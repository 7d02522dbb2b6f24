// Wrapping the REPL does itself instead of leaving it to Ink, which wraps with `trim: false` and
// from column 0: a line's continuation keeps its indentation (list items, quotes, the text after
// `✖ `), starts without a stray space, keeps its ANSI style (wrap-ansi reopens it on the next
// row), and never splits a word from the punctuation after it (`--forward` + `.`).
import wrapAnsi from "wrap-ansi";

const ANSI = /\x1b\[[0-9;]*m/g;
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
  const rows = wrapAnsi(line.slice(cut), Math.max(10, width - lead), { hard: true, trim: true }).split("\n");
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
