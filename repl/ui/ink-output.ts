// Ink's screen buffer (ink/build/output.js, Ink 6.8) with its work remembered between frames.
// Ink builds a fresh Output every frame and turns every row back into a grid of styled cells —
// tokenising each line's ANSI codes, measuring each character — even when the row is exactly what
// it was a frame ago. Streaming a reply changes one row per frame (the live paragraph's last line);
// the profile of the REPL under tmux put this step at ~30 % of its CPU. This class gives the same
// bytes for the same operations (test/repl/ink-output.test.ts compares it with Ink's own on random
// frames) and keys each finished row by what was written to it, so an unchanged row costs one Map
// lookup. scripts/build.mjs puts it in place of Ink's module when it bundles the REPL.
import sliceAnsi from "slice-ansi";
import stringWidth from "string-width";
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, styledCharsFromTokens, tokenize, type AnsiCode, type StyledChar } from "@alcalzone/ansi-tokenize";

type Transformer = (line: string, index: number) => string;
interface Clip { x1?: number; x2?: number; y1?: number; y2?: number }
type Operation =
  | { type: "write"; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: "clip"; clip: Clip }
  | { type: "unclip" };

/** Past this many entries a cache starts over: a long session writes ever new rows. */
const CACHE_LIMIT = 4000;

/** A Map that forgets everything once it holds CACHE_LIMIT entries (cheaper than an LRU, and enough). */
function remember<V>(cache: Map<string, V>, key: string, make: (key: string) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const widths = new Map<string, number>();
const styled = new Map<string, StyledChar[]>();
const rows = new Map<string, string>();

const widthOf = (text: string): number => remember(widths, text, stringWidth);
const styledChars = (line: string): StyledChar[] => remember(styled, line, (l) => simpleStyledChars(l) ?? styledCharsFromTokens(tokenize(l)));

/** The ANSI tokens of one SGR sequence (compound ones split, end codes found), as `tokenize` reads them. */
const sgrTokens = new Map<string, AnsiCode[]>();
const sgrTokensOf = (code: string): AnsiCode[] => remember(sgrTokens, code, (c) => tokenize(c) as AnsiCode[]);

/**
 * `styledCharsFromTokens(tokenize(line))` for a line of printable ASCII and SGR sequences (what a
 * streamed reply's rows are), or undefined for anything else. `tokenize` walks every line through
 * Intl.Segmenter and copies the style list for every character; here each ASCII character is its
 * own grapheme (one column), and characters between two SGR sequences share one style list (nothing
 * mutates them: Ink's own code shares them for wide characters). The profile of a streamed reply
 * under tmux put tokenize and styledCharsFromTokens at ~8 % of the REPL's CPU.
 */
function simpleStyledChars(line: string): StyledChar[] | undefined {
  const chars: StyledChar[] = [];
  let styles: AnsiCode[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      chars.push({ type: "char", value: line[i]!, fullWidth: false, styles });
      continue;
    }
    // ESC [ digits/semicolons m — anything else (other escapes, controls, non-ASCII) takes Ink's way.
    if (c !== 0x1b || line.charCodeAt(i + 1) !== 0x5b) return undefined;
    let end = i + 2;
    for (; end < line.length; end++) {
      const d = line.charCodeAt(end);
      if (d !== 0x3b && (d < 0x30 || d > 0x39)) break;
    }
    if (line.charCodeAt(end) !== 0x6d) return undefined;
    styles = reduceAnsiCodesIncremental(styles, sgrTokensOf(line.slice(i, end + 1)));
    i = end;
  }
  return chars;
}

function sameStyles(a: readonly AnsiCode[], b: readonly AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}

/**
 * ansi-tokenize's `styledCharsToString` without diffing equal neighbours' styles (the diff of two
 * equal style lists is empty, and it builds three Sets per character to find that out).
 */
function styledCharsToString(chars: readonly StyledChar[]): string {
  let ret = "";
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (i === 0) {
      if (char.styles.length > 0) ret += ansiCodesToString(char.styles);
    } else {
      const previous = chars[i - 1]!.styles;
      if (!sameStyles(previous, char.styles)) ret += ansiCodesToString(diffAnsiCodes(previous, char.styles));
    }
    ret += char.value;
    // reset active styles at the end of the string
    if (i === chars.length - 1 && char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}

/** A blank cell; shared, as nothing writes into a cell (a write replaces it). */
const BLANK: StyledChar = Object.freeze({ type: "char", value: " ", fullWidth: false, styles: Object.freeze([]) as unknown as AnsiCode[] });

/** A character's columns: one for printable ASCII without a lookup. */
function charWidth(value: string): number {
  if (value.length === 1) {
    const c = value.charCodeAt(0);
    if (c >= 0x20 && c <= 0x7e) return 1;
  }
  return Math.max(1, widthOf(value));
}

function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split("\n")) widest = Math.max(widest, widthOf(line));
  return widest;
}

/** One row as Ink draws it: `width` blank cells, each write's characters laid over them in order. */
function drawRow(width: number, writes: readonly (number | string)[]): string {
  const cells: (StyledChar | undefined)[] = [];
  for (let x = 0; x < width; x++) cells.push(BLANK);
  for (let i = 0; i < writes.length; i += 2) {
    let offsetX = writes[i] as number;
    for (const character of styledChars(writes[i + 1] as string)) {
      cells[offsetX] = character;
      // Determine printed width using string-width to align with measurement
      const characterWidth = charWidth(character.value);
      // For multi-column characters, clear following cells to avoid stray spaces/artifacts
      for (let index = 1; index < characterWidth; index++) cells[offsetX + index] = { type: "char", value: "", fullWidth: false, styles: character.styles };
      offsetX += characterWidth;
    }
  }
  return styledCharsToString(cells.filter((cell): cell is StyledChar => cell !== undefined)).trimEnd();
}

/**
 * Drop-in for Ink's `Output` (same constructor, `write`, `clip`, `unclip`, `get`), with rows
 * remembered across frames.
 *
 * @example
 * const output = new Output({ width: 100, height: 2 });
 * output.write(0, 0, "› hello", { transformers: [] });
 * output.get(); // { output: "› hello\n", height: 2 }
 */
export default class Output {
  readonly width: number;
  readonly height: number;
  readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: "write", x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: "clip", clip });
  }

  unclip(): void {
    this.operations.push({ type: "unclip" });
  }

  get(): { output: string; height: number } {
    // What each row receives, in order: x, line, x, line, … (lines already clipped and transformed).
    const writes: (number | string)[][] = [];
    for (let y = 0; y < this.height; y++) writes.push([]);
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === "clip") clips.push(operation.clip);
      if (operation.type === "unclip") clips.pop();
      if (operation.type !== "write") continue;
      const { text, transformers } = operation;
      let { x, y } = operation;
      let lines = text.split("\n");
      const clip = clips.at(-1);
      if (clip) {
        const clipHorizontally = typeof clip.x1 === "number" && typeof clip.x2 === "number";
        const clipVertically = typeof clip.y1 === "number" && typeof clip.y2 === "number";
        // Text wholly outside the clipping area is skipped.
        if (clipHorizontally) {
          const width = widestLine(text);
          if (x + width < clip.x1! || x > clip.x2!) continue;
        }
        if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
        if (clipHorizontally) {
          const x1 = clip.x1!, x2 = clip.x2!, left = x;
          lines = lines.map((line) => {
            const from = left < x1 ? x1 - left : 0;
            const width = widthOf(line);
            const to = left + width > x2 ? x2 - left : width;
            return sliceAnsi(line, from, to);
          });
          if (x < x1) x = x1;
        }
        if (clipVertically) {
          const from = y < clip.y1! ? clip.y1! - y : 0;
          const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
          lines = lines.slice(from, to);
          if (y < clip.y1!) y = clip.y1!;
        }
      }
      let offsetY = 0;
      for (let index = 0; index < lines.length; index++) {
        const row = writes[y + offsetY];
        // As in Ink: a line outside the buffer is dropped and does not advance the row.
        if (!row) continue;
        let line = lines[index]!;
        for (const transformer of transformers) line = transformer(line, index);
        row.push(x, line);
        offsetY++;
      }
    }
    const out: string[] = [];
    for (const row of writes) {
      if (row.length === 0) {
        out.push("");
        continue;
      }
      // Lengths make the key unambiguous whatever the lines contain.
      let key = `${this.width}`;
      for (let i = 0; i < row.length; i += 2) key += ` ${row[i] as number}:${(row[i + 1] as string).length}:${row[i + 1] as string}`;
      out.push(remember(rows, key, () => drawRow(this.width, row)));
    }
    return { output: out.join("\n"), height: writes.length };
  }
}
