// The REPL's bundle writes Ink's frames with repl/ui/log-update.ts in incremental mode: only the
// rows (and, within a row, the columns) that changed. Whatever it writes must leave a terminal
// exactly as Ink's own full redraw does. Both byte streams are replayed in xterm.js's headless
// terminal and the whole buffer — scrollback and screen, every cell's character and style, and
// the cursor — is compared, on random sequences of frames like the REPL's: rows streaming in,
// rows coming and going, styled and wide text, <Static> output written above the frame, and the
// screen cleared underneath it. Seeded so a failure reproduces.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import xterm from "@xterm/headless";
import stringWidth from "string-width";
import logUpdate, { forgetFrames, type LogUpdate } from "../../repl/ui/log-update.js";

interface Writer { (text: string): unknown; clear(): void }
interface WriterModule { default: { create(stream: unknown, options?: { incremental?: boolean }): Writer } }
// Ink's own module, by path (the package exports only its entry), the reference to compare with.
const inkPath = new URL("../../node_modules/ink/build/log-update.js", import.meta.url).href;
const ink = ((await import(inkPath)) as WriterModule).default;

const COLUMNS = 40;
const ROWS = 12;
const CLEAR = "\x1b[2J\x1b[3J\x1b[H";

const styleOf = (cell: xterm.IBufferCell) =>
  `${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isDim()}${cell.isItalic()}${cell.isUnderline()}${cell.isInverse()}`;

/** A terminal and a stream writing into it, as Ink sees stdout (a tty turns "\n" into CR LF: convertEol). */
function terminal() {
  const term = new xterm.Terminal({ cols: COLUMNS, rows: ROWS, scrollback: 500, allowProposedApi: true, convertEol: true });
  let bytes = 0;
  const stream = {
    isTTY: true,
    columns: COLUMNS,
    rows: ROWS,
    write(chunk: string) {
      bytes += Buffer.byteLength(chunk);
      term.write(chunk);
      return true;
    },
  };
  return {
    term,
    stream,
    get bytes() { return bytes; },
    /** Every cell of scrollback and screen with its style, and the cursor, once xterm has parsed all. */
    async snapshot(): Promise<string> {
      await new Promise<void>((resolve) => term.write("", resolve));
      const buffer = term.buffer.active;
      const rows: string[] = [];
      const cell = buffer.getNullCell();
      const plain = styleOf(cell);
      for (let y = 0; y < buffer.length; y++) {
        const line = buffer.getLine(y)!;
        let row = "";
        for (let x = 0; x < COLUMNS; x++) {
          line.getCell(x, cell);
          const style = styleOf(cell);
          row += `${cell.getChars() || (cell.getWidth() === 0 ? "" : " ")}${style === plain ? "" : `{${style}}`}`;
        }
        rows.push(row.trimEnd());
      }
      while (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
      return `${rows.join("\n")}\ncursor ${buffer.cursorX},${buffer.cursorY + buffer.baseY}`;
    },
  };
}

type Event =
  | { kind: "frame"; lines: string[] }
  | { kind: "static"; text: string }
  | { kind: "clear" };

/** Plays events the way Ink 6.8's renderer drives its writer (ink/build/ink.js, onRender). */
function play(writer: Writer, stream: { write(chunk: string): boolean }, events: readonly Event[]): void {
  let last = "";
  for (const event of events) {
    if (event.kind === "frame") {
      last = `${event.lines.join("\n")}\n`;
      writer(last);
    } else if (event.kind === "static") {
      writer.clear();
      stream.write(event.text);
      if (last) writer(last);
    } else {
      // As the REPL's /clear and redraw do; the story's next frame differs, as the REPL's does.
      stream.write(CLEAR);
      forgetFrames();
    }
  }
}

// Pieces at most 6 columns wide, so a row of six never wraps at 40 columns (Ink wraps rows itself).
const piece = fc.constantFrom("word", " ", "reply", "›", "·", "—", "…", "日本語", "😀", "e\u0301", "\x1b[1m", "\x1b[22m", "\x1b[2m", "\x1b[36m", "\x1b[39m", "\x1b[7m", "\x1b[38;5;208m", "\x1b]8;;x\x07ln\x1b]8;;\x07");
// Ink's rows end with their styles closed.
const row = fc.array(piece, { maxLength: 6 }).map((parts) => { const line = parts.join(""); return line.includes("\x1b") ? `${line}\x1b[0m` : line; });
const rows = fc.array(row, { minLength: 1, maxLength: 8 });

/** A frame, then frames made from it as the REPL makes them: a row grows, one changes, rows come or go. */
const story = fc.tuple(rows, fc.array(fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("grow" as const), row: fc.nat(), text: fc.constantFrom(" more", " words", "日本", " \x1b[1mbold\x1b[22m") }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("set" as const), row: fc.nat(), line: row }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("resize" as const), lines: rows }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("same" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("static" as const), text: fc.constantFrom("done paragraph\n", "\x1b[36mtool call\x1b[39m\nresult\n", "\n") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const) }) },
), { maxLength: 14 })).map(([first, steps]) => {
  const events: Event[] = [{ kind: "frame", lines: first }];
  let lines = first;
  let cleared = 0;
  for (const step of steps) {
    if (step.kind === "grow" || step.kind === "set") {
      const i = step.row % lines.length;
      const next = [...lines];
      // A grown row stays within 40 columns: past 30 it starts over, as a wrapped paragraph's next row would.
      // A styled row grows inside its styles (before the closing reset): a partial write must replay them.
      const grow = (r: string, text: string) => (r.endsWith("\x1b[0m") ? `${r.slice(0, -4)}${text}\x1b[0m` : `${r}${text}`);
      next[i] = step.kind === "set" ? step.line : stringWidth(next[i]!) > 30 ? step.text.trimStart() : grow(next[i]!, step.text);
      lines = next;
      events.push({ kind: "frame", lines });
    } else if (step.kind === "resize") {
      lines = step.lines;
      events.push({ kind: "frame", lines });
    } else if (step.kind === "same") {
      events.push({ kind: "frame", lines });
    } else if (step.kind === "static") {
      events.push(step);
    } else {
      cleared += 1;
      lines = [...lines.slice(lines.length >= 8 ? 1 : 0), `(cleared ${cleared})`];
      events.push(step, { kind: "frame", lines });
    }
  }
  return events;
});

async function screens(events: readonly Event[], incremental: (stream: unknown) => Writer) {
  const reference = terminal();
  const candidate = terminal();
  play(ink.create(reference.stream), reference.stream, events);
  play(incremental(candidate.stream), candidate.stream, events);
  return { expected: await reference.snapshot(), actual: await candidate.snapshot(), referenceBytes: reference.bytes, bytes: candidate.bytes };
}

const ours = (stream: unknown) => logUpdate.create(stream as NodeJS.WriteStream, { incremental: true });

const log = suite("log-update");

log("leaves the terminal as Ink's full redraw does, on random sequences of frames", async () => {
  await fc.assert(fc.asyncProperty(story, async (events) => {
    const { expected, actual } = await screens(events, ours);
    assert.fixture(actual, expected, JSON.stringify(events));
  }), { seed: 1313, numRuns: 400 });
});

log("the standard (non-incremental) mode is Ink's bytes exactly", async () => {
  // Without clears: there this writer forgets the frame (forgetFrames) and Ink's cannot.
  await fc.assert(fc.asyncProperty(story.map((events) => events.filter((e) => e.kind !== "clear")), async (events) => {
    const reference = terminal();
    const candidate = terminal();
    const seen: string[][] = [[], []];
    const tap = (t: ReturnType<typeof terminal>, into: string[]) => ({ ...t.stream, write: (chunk: string) => { into.push(chunk); return t.stream.write(chunk); } });
    const a = tap(reference, seen[0]!);
    const b = tap(candidate, seen[1]!);
    play(ink.create(a), a, events);
    play(logUpdate.create(b as unknown as NodeJS.WriteStream), b, events);
    assert.equal(seen[1], seen[0]);
  }), { seed: 7, numRuns: 100 });
});

log("Ink 6.8's own incremental mode fails the same comparison (what this module fixes)", async () => {
  const events: Event[] = [{ kind: "frame", lines: ["reply", "", "› ", "status"] }, { kind: "frame", lines: ["reply more", "", "› ", "status"] }];
  const { expected, actual } = await screens(events, (stream) => ink.create(stream, { incremental: true }));
  assert.is.not(actual, expected);
  const fixed = await screens(events, ours);
  assert.fixture(fixed.actual, expected);
});

log("a row streaming in costs a few bytes a frame, not the whole frame", async () => {
  const status = "\x1b[2mchat · gpt-4 · 120 tokens\x1b[0m";
  const events: Event[] = [];
  let paragraph = "";
  for (let i = 0; i < 60; i++) {
    paragraph = paragraph.length > 30 ? "next" : `${paragraph} word`;
    events.push({ kind: "frame", lines: ["The reply streams in here", "and keeps going on this", paragraph, "", "› ", status] });
  }
  const { expected, actual, bytes, referenceBytes } = await screens(events, ours);
  assert.fixture(actual, expected);
  assert.ok(bytes * 4 < referenceBytes, `${bytes} B written incrementally against ${referenceBytes} B redrawn`);
});

log("after the screen is cleared underneath it, the next frame is written whole", async () => {
  const t = terminal();
  const writer: LogUpdate = logUpdate.create(t.stream as unknown as NodeJS.WriteStream, { incremental: true });
  writer("one\ntwo\n");
  t.stream.write(CLEAR);
  forgetFrames();
  writer("one\ntwo\n");
  assert.match(await t.snapshot(), /^one\ntwo\ncursor 0,2$/);
  writer.done();
});

log.run();
