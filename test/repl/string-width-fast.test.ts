// The REPL's bundle answers simple strings' widths itself (repl/ui/string-width-fast.ts) and asks
// string-width only for the rest: every answer it gives must be string-width's. Checked for every
// code point it answers for, against both majors Ink's tree bundles (8 for Ink, 7 for wrap-ansi),
// with both ambiguous-width settings, then on random strings with ANSI codes. Also checks that the
// built REPL really goes through it and that yoga's loader no longer fetches its own wasm.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { fastStringWidth, type StringWidthOptions } from "../../repl/ui/string-width-fast.js";
import { groupDigits } from "../../repl/ui/group-digits.js";

type StringWidth = (input: string, options?: StringWidthOptions) => number;
// By path (a variable keeps tsc from typing it), against this file's URL: same from source and bundle.
const load = async (path: string) => ((await import(new URL(path, import.meta.url).href)) as { default: StringWidth }).default;
const widths: Array<[string, StringWidth]> = [
  ["string-width 8", await load("../../node_modules/string-width/index.js")],
  ["string-width 7", await load("../../node_modules/wrap-ansi/node_modules/string-width/index.js")],
];
const settings: StringWidthOptions[] = [{}, { ambiguousIsNarrow: false }, { countAnsiEscapeCodes: true }];

const test = suite("string-width fast path");

test("every code point it answers for has string-width's width, in both majors and every setting", () => {
  let answered = 0;
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCharCode(cp);
    for (const options of settings) {
      const fast = fastStringWidth(s, options);
      if (fast === undefined) continue;
      answered++;
      for (const [name, real] of widths) {
        if (real(s, options) !== fast) assert.unreachable(`U+${cp.toString(16).padStart(4, "0")} ${JSON.stringify(options)}: ${name} says ${real(s, options)}, fast path ${fast}`);
      }
    }
  }
  // the fast set is what the first frame needs: ASCII, Latin, punctuation, arrows, box drawing…
  assert.ok(answered > 3 * 3000, `only ${answered} answers`);
});

test("what the first frame draws is answered without string-width", () => {
  for (const s of ["› ", "chat · openai/gpt-4 · SIMULATED · 0 tokens", "─".repeat(40), "… 12 more characters", "→ ←", "Ünïcödé", "\x1b[2m·\x1b[22m"]) {
    assert.type(fastStringWidth(s), "number", s);
  }
});

test("emoji, marks, wide and zero-width text are left to string-width", () => {
  for (const s of ["😀", "👍🏽", "☀", "☀️", "©", "↔", "e\u0301", "日本", "한", "\u200b", "\u00ad", "a\tb", "#\u20e3", "\u0483"]) {
    assert.is(fastStringWidth(s), undefined, JSON.stringify(s));
  }
});

test("random strings: the fast path, when it answers, agrees with string-width", () => {
  const piece = fc.oneof(
    fc.constantFrom("word", " ", "›", "·", "—", "…", "─", "│", "é", "Ω", "Ж", "€", "→", "■", "日本語", "😀", "e\u0301", "\x1b[1m", "\x1b[22m", "\x1b[38;5;208m", "\x1b]8;;x\x07"),
    fc.string({ unit: "grapheme", maxLength: 4 }),
  );
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom(...settings), (parts, options) => {
    const s = parts.join("");
    const fast = fastStringWidth(s, options);
    if (fast === undefined) return;
    for (const [name, real] of widths) assert.is(fast, real(s, options), `${name}: ${JSON.stringify(s)} ${JSON.stringify(options)}`);
  }), { seed: 13, numRuns: 3000 });
});

test("non-strings and empty strings are 0, as string-width says", () => {
  for (const [, real] of widths) {
    assert.is(fastStringWidth(""), real(""));
    assert.is(fastStringWidth(undefined), real(undefined as unknown as string));
  }
});

test("the built REPL measures through the fast path and yoga decodes its own wasm", () => {
  const chunks = join(new URL("../../dist/esm/chunks/", import.meta.url).pathname);
  const source = readdirSync(chunks).filter((f) => f.startsWith("interactive-")).map((f) => readFileSync(join(chunks, f), "utf8")).join("\n");
  assert.ok(source.length > 0, "no interactive chunk in dist: build first");
  assert.is(source.match(/= fastStringWidth\(input, options\)/g)?.length, 2, "both string-width copies wrapped");
  assert.not.match(source, /typeof fetch/, "yoga's loader still fetches its wasm");
});

test("groupDigits writes integers as toLocaleString('en-US') does", () => {
  for (const n of [0, 7, 999, 1000, 12345, 999999, 1234567, -1234, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN]) {
    assert.is(groupDigits(n), n.toLocaleString("en-US"), String(n));
  }
});

test.run();
