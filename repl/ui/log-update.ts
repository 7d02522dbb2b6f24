// Ink's frame writer (ink/build/log-update.js, Ink 6.8), with the incremental mode made right.
// Ink's standard mode erases the whole live region and writes it again every frame: streaming a
// reply rewrote the live paragraph, the input and the status line ~12 times a second, though one
// row changed. Ink 6.8's incremental mode writes only the changed rows, but it moves the cursor up
// one row too few from a frame of several rows (fixed upstream in Ink 7/8, which need Node 22).
// This module is the incremental writer as Ink 8 has it (MIT, © Vadym Demedes), with a changed row
// rewritten only from its first changed column (./line-update.ts), and `forgetFrames()` for the
// REPL to call after it clears the screen itself (its clears are followed by <Static> output, which
// makes Ink erase and rewrite the frame anyway; a clear that is not must not be diffed against). scripts/build.mjs puts it in place of Ink's
// module when it bundles the REPL; test/repl/log-update.test.ts replays its bytes in a terminal
// emulator against full redraws.
import ansiEscapes from "ansi-escapes";
import cliCursor from "cli-cursor";
import { lineUpdate } from "./line-update.js";

interface CursorPosition { readonly x: number; readonly y: number }

/** What Ink's renderer calls on the writer it creates (Ink 6.8's `LogUpdate`, plus `reset`). */
export interface LogUpdate {
  (text: string): boolean;
  clear(): void;
  done(): void;
  /** Forgets the last frame without writing: the next one is written whole. */
  reset(): void;
  sync(text: string): void;
  setCursorPosition(position: CursorPosition | undefined): void;
  isCursorDirty(): boolean;
  willRender(text: string): boolean;
}

const SHOW_CURSOR = "\x1b[?25h";
const HIDE_CURSOR = "\x1b[?25l";

/** Writers alive in this process, so the REPL can make each forget a screen it cleared. */
const writers = new Set<LogUpdate>();

/**
 * Tells every frame writer that the screen was cleared underneath it, so its next frame is
 * written whole instead of as changes to rows that are no longer there.
 *
 * @example
 * process.stdout.write("\x1b[2J\x1b[3J\x1b[H");
 * forgetFrames();
 */
export function forgetFrames(): void {
  for (const writer of writers) writer.reset();
}

// A split frame: `text.split("\n")`. With a trailing newline its last element is empty and the
// cursor rests on the row after the frame; without one, on the frame's last row. Either way the
// cursor's row, counted from the frame's top, is `lines.length - 1`.
const visibleLineCount = (lines: readonly string[], text: string) => (text.endsWith("\n") ? lines.length - 1 : lines.length);
const cursorChanged = (a: CursorPosition | undefined, b: CursorPosition | undefined) => a?.x !== b?.x || a?.y !== b?.y;

/** From the frame's bottom row (`bottomLine`) to the cursor Ink was asked to show. */
function cursorSuffix(bottomLine: number, cursor: CursorPosition | undefined): string {
  if (!cursor) return "";
  const up = bottomLine - cursor.y;
  return (up > 0 ? ansiEscapes.cursorUp(up) : "") + ansiEscapes.cursorTo(cursor.x) + SHOW_CURSOR;
}

function returnToBottom(lineCount: number, cursor: CursorPosition | undefined): string {
  if (!cursor) return "";
  const down = lineCount - 1 - cursor.y;
  return (down > 0 ? ansiEscapes.cursorDown(down) : "") + ansiEscapes.cursorTo(0);
}

function returnToBottomPrefix(shown: boolean, lineCount: number, cursor: CursorPosition | undefined): string {
  return shown ? HIDE_CURSOR + returnToBottom(lineCount, cursor) : "";
}

/** Erases the last frame; with a cursor shown, from the cursor up (rows below it may be gone after the terminal shrank). */
function eraseFrame(lineCount: number, cursor: CursorPosition | undefined): string {
  if (!cursor) return ansiEscapes.eraseLines(lineCount);
  const rowsBelowTop = Math.min(cursor.y, lineCount - 1);
  return HIDE_CURSOR + ansiEscapes.cursorMove(0, -rowsBelowTop) + ansiEscapes.cursorTo(0) + ansiEscapes.eraseDown;
}

interface Stream { write(chunk: string): boolean; readonly columns?: number }

/**
 * Ink's `logUpdate.create`: a frame writer for `stream`, incremental when asked.
 *
 * @example
 * const log = logUpdate.create(process.stdout, { incremental: true });
 * log("one\ntwo\n");
 * log("one\nthree\n"); // moves up two rows, steps over "one", rewrites the second row
 */
function create(stream: NodeJS.WriteStream, { showCursor = false, incremental = false }: { showCursor?: boolean; incremental?: boolean } = {}): LogUpdate {
  const out = stream as Stream;
  let previousLines: string[] = [];
  let previousOutput = "";
  let previousColumns = out.columns;
  let hiddenCursor = false;
  let cursor: CursorPosition | undefined;
  let cursorDirty = false;
  let previousCursor: CursorPosition | undefined;
  let cursorShown = false;
  const activeCursor = () => (cursorDirty ? cursor : undefined);
  const hasChanges = (text: string, active: CursorPosition | undefined) => text !== previousOutput || cursorChanged(active, previousCursor);
  const settle = (text: string, lines: string[], active: CursorPosition | undefined) => {
    previousOutput = text;
    previousLines = lines;
    previousCursor = active ? { ...active } : undefined;
    cursorShown = active !== undefined;
  };

  const whole = (text: string, lines: string[], active: CursorPosition | undefined) =>
    returnToBottomPrefix(cursorShown, previousLines.length, previousCursor) + ansiEscapes.eraseLines(previousLines.length) + text + cursorSuffix(lines.length - 1, active);

  const changes = (text: string, lines: string[], active: CursorPosition | undefined): string => {
    const columnsUnchanged = previousColumns === out.columns;
    const visible = visibleLineCount(lines, text);
    const previousVisible = visibleLineCount(previousLines, previousOutput);
    const trailingNewline = text.endsWith("\n");
    const buffer = [returnToBottomPrefix(cursorShown, previousLines.length, previousCursor)];
    if (visible < previousVisible) {
      // Erase the rows the frame lost (and the row under it, where the cursor rests), then go to its top.
      const extra = previousOutput.endsWith("\n") ? 1 : 0;
      buffer.push(ansiEscapes.eraseLines(previousVisible - visible + extra), ansiEscapes.cursorUp(visible));
    } else if (previousLines.length > 1) {
      buffer.push(ansiEscapes.cursorUp(previousLines.length - 1));
    }
    for (let i = 0; i < visible; i++) {
      const last = i === visible - 1;
      if (i < previousVisible && lines[i] === previousLines[i]) {
        // An unchanged row is stepped over; past the last one only if the frame ends in a newline.
        if (!last || trailingNewline) buffer.push(ansiEscapes.cursorNextLine);
        continue;
      }
      const line = lines[i]!;
      const changed = columnsUnchanged && i < previousVisible && lines.length === previousLines.length
        ? lineUpdate(previousLines[i]!, line, out.columns)
        : ansiEscapes.cursorTo(0) + ansiEscapes.eraseEndLine + line;
      buffer.push(changed + (last && !trailingNewline ? "" : "\n"));
    }
    buffer.push(cursorSuffix(lines.length - 1, active));
    return buffer.join("");
  };

  const render = ((text: string): boolean => {
    if (!showCursor && !hiddenCursor) {
      cliCursor.hide(stream);
      hiddenCursor = true;
    }
    // A cursor is used only if it was set since the last frame (a stale one must not persist after unmount).
    const active = activeCursor();
    cursorDirty = false;
    if (!hasChanges(text, active)) return false;
    const lines = text.split("\n");
    if (text === previousOutput) {
      out.write((cursorShown ? HIDE_CURSOR : "") + returnToBottom(previousLines.length, previousCursor) + cursorSuffix(previousLines.length - 1, active));
    } else if (!incremental || text === "\n" || previousOutput.length === 0) {
      out.write(whole(text, lines, active));
    } else {
      out.write(changes(text, lines, active));
    }
    previousColumns = out.columns;
    settle(text, lines, active);
    return true;
  }) as LogUpdate;

  render.clear = () => {
    out.write(cursorShown ? eraseFrame(previousLines.length, previousCursor) : ansiEscapes.eraseLines(previousLines.length));
    settle("", [], undefined);
  };
  render.done = () => {
    // Leave the terminal at the frame's bottom before the cursor position is forgotten.
    if (previousCursor) out.write(returnToBottom(previousLines.length, previousCursor));
    settle("", [], undefined);
    writers.delete(render);
    if (showCursor) return;
    cliCursor.show(stream);
    hiddenCursor = false;
  };
  render.reset = () => settle("", [], undefined);
  render.sync = (text: string) => {
    const active = activeCursor();
    cursorDirty = false;
    previousColumns = out.columns;
    const lines = text.split("\n");
    if (!active && cursorShown) out.write(HIDE_CURSOR);
    if (active) out.write(cursorSuffix(lines.length - 1, active));
    settle(text, lines, active);
  };
  render.setCursorPosition = (position) => {
    cursor = position;
    cursorDirty = true;
  };
  render.isCursorDirty = () => cursorDirty;
  render.willRender = (text: string) => hasChanges(text, activeCursor());
  writers.add(render);
  return render;
}

const logUpdate = { create };
export default logUpdate;
