// The REPL's fast wrap of plain ASCII text must give exactly wrap-ansi's rows (it replaces it on
// the live reply's hot path): compared on random text, seeded so a failure reproduces.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import wrapAnsi from "wrap-ansi";
import { wrapLine, wrapPlain, wrapText } from "../../repl/ui/wrap.js";

const wrap = suite("wrapPlain");

wrap("matches wrap-ansi (hard, trim) on random words, spaces and long words at any width", () => {
  const text = fc.array(fc.constantFrom("a", "b", " ", "  ", ".", "-", "word", "averyveryverylongword", "x"), { maxLength: 40 }).map((parts) => parts.join(""));
  fc.assert(fc.property(text, fc.integer({ min: 1, max: 30 }), (s, columns) => {
    assert.is(wrapPlain(s, columns), wrapAnsi(s, columns, { hard: true, trim: true }), JSON.stringify({ s, columns }));
  }), { seed: 13, numRuns: 3_000 });
});

wrap("matches wrap-ansi on a paragraph as marked-terminal styles it (ESC[0m at both ends)", () => {
  const text = fc.array(fc.constantFrom("a", "b", " ", "  ", ".", "word", "averyveryverylongword"), { minLength: 1, maxLength: 40 }).map((parts) => `\x1b[0m${parts.join("")}\x1b[0m`);
  fc.assert(fc.property(text, fc.integer({ min: 1, max: 30 }), (s, columns) => {
    assert.is(wrapText(s, columns), wrapAnsi(s, columns, { hard: true, trim: true }), JSON.stringify({ s, columns }));
  }), { seed: 12, numRuns: 3_000 });
});

wrap("wrapLine takes the fast path only for plain ASCII: styled and wide text still wrap by wrap-ansi", () => {
  const styled = "\x1b[1mbold\x1b[22m words that go on and on past the edge";
  assert.is(wrapLine(styled, 20), wrapLine(styled, 20)); // deterministic
  assert.ok(wrapLine(styled, 20).split("\n").every((row) => row.replace(/\x1b\[[0-9;]*m/g, "").length <= 20));
  assert.is(wrapLine("日本語のテキスト 日本語のテキスト", 10).split("\n").length, 4); // two columns a character
});

wrap.run();
