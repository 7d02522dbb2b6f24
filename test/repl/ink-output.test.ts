// The REPL's bundle replaces Ink's screen buffer with repl/ui/ink-output.ts (rows remembered
// between frames): it must give exactly Ink's bytes. Compared with Ink's own module on random
// frames — styled, wide and emoji text, overlapping writes, clips, transformers, rows outside the
// buffer — each frame drawn twice so the second comes from the caches. Seeded so a failure reproduces.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import Output from "../../repl/ui/ink-output.js";

type Transformer = (line: string, index: number) => string;
interface OutputLike {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (options: { width: number; height: number }) => OutputLike;

// Ink's own module, by path (the package exports only its entry; a variable keeps tsc from typing it),
// resolved against this file's URL so it loads the same from the source and from the runner's bundle.
const inkPath = new URL("../../node_modules/ink/build/output.js", import.meta.url).href;
const InkOutput = ((await import(inkPath)) as { default: OutputClass }).default;

const piece = fc.constantFrom(
  "word", " ", "  ", "›", "·", "—", "…", "日本語", "😀", "👩‍💻", "e\u0301", "\t",
  "\x1b[1m", "\x1b[22m", "\x1b[2m", "\x1b[31m", "\x1b[39m", "\x1b[7m", "\x1b[27m", "\x1b[0m", "\x1b[38;5;208m",
  // compound, empty and malformed SGR: the plain-ASCII fast path must read them as tokenize does (or leave them to it)
  "\x1b[1;31m", "\x1b[m", "\x1b[38;2;10;20;30m", "\x1b[4;39;49m", "\x1b[", "\x1b[12x", "\x1b]8;;x\x07",
  "a long run of plain words that goes past the edge of a narrow box",
);
const text = fc.array(fc.oneof(piece, fc.constant("\n")), { maxLength: 24 }).map((parts) => parts.join(""));
const transformers: Transformer[][] = [[], [(line) => `\x1b[2m${line}\x1b[22m`], [(line, i) => (i === 0 ? `› ${line}` : `  ${line}`), (line) => `\x1b[36m${line}\x1b[39m`]];
const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant("write" as const), x: fc.integer({ min: 0, max: 30 }), y: fc.integer({ min: -3, max: 12 }), text, t: fc.integer({ min: 0, max: transformers.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("clip" as const), x1: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), x2: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), y1: fc.option(fc.integer({ min: -2, max: 8 }), { nil: undefined }), y2: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.constant({ type: "unclip" as const }) },
);
type Op = { type: "write"; x: number; y: number; text: string; t: number } | { type: "clip"; x1?: number; x2?: number; y1?: number; y2?: number } | { type: "unclip" };

function draw(Class: OutputClass, width: number, height: number, ops: readonly Op[]): { output: string; height: number } {
  const output = new Class({ width, height });
  for (const o of ops) {
    if (o.type === "write") output.write(o.x, o.y, o.text, { transformers: transformers[o.t]! });
    else if (o.type === "clip") output.clip({ ...(o.x1 !== undefined ? { x1: o.x1 } : {}), ...(o.x2 !== undefined ? { x2: o.x2 } : {}), ...(o.y1 !== undefined ? { y1: o.y1 } : {}), ...(o.y2 !== undefined ? { y2: o.y2 } : {}) });
    else output.unclip();
  }
  return output.get();
}

const out = suite("ink-output");

out("gives Ink's output for random frames, drawn once and again from its caches", () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 }), fc.array(op, { maxLength: 12 }), (width, height, ops) => {
    const expected = draw(InkOutput, width, height, ops);
    assert.equal(draw(Output, width, height, ops), expected, JSON.stringify({ width, height, ops }));
    assert.equal(draw(Output, width, height, ops), expected, "second frame (cached rows)");
  }), { seed: 1313, numRuns: 3_000 });
});

out("a streaming frame: the rows that did not change are the same strings, the changed one is new", () => {
  const frame = (last: string) => draw(Output, 100, 4, [
    { type: "write", x: 0, y: 0, text: "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor " + last, t: 0 },
    { type: "write", x: 0, y: 3, text: "chat · gpt-4 · streaming (Esc cancels) · 1,234 tokens", t: 1 },
  ]);
  const a = frame("incididunt").output.split("\n");
  const b = frame("incididunt ut labore").output.split("\n");
  assert.is(a[0], b[0]);
  assert.is(a[3], b[3]);
  assert.is.not(a[1], b[1]);
  assert.is(b[1], "Sed do eiusmod tempor incididunt ut labore");
});

out.run();
