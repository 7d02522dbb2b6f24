import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeKeys } from "../../repl/ui/keys.js";
import * as ed from "../../repl/ui/editor.js";
import { splitAtSafeBoundary, openFence } from "../../repl/chat/split-markdown.js";

const keys = suite("decodeKeys");

keys("Enter submits, Ctrl+J / Alt+Enter / Shift+Enter (kitty, xterm) insert a newline", () => {
  assert.equal(decodeKeys("\r"), [{ type: "submit" }]);
  for (const seq of ["\n", "\x1b\r", "\x1b[13;2u", "\x1b[27;2;13~"]) assert.equal(decodeKeys(seq), [{ type: "newline" }], JSON.stringify(seq));
});

keys("typed text with a trailing Enter in one chunk: text then submit; Tab splits out of text", () => {
  assert.equal(decodeKeys("hello\r"), [{ type: "text", text: "hello" }, { type: "submit" }]);
  assert.equal(decodeKeys("/he\t"), [{ type: "text", text: "/he" }, { type: "tab" }]);
});

keys("a pasted chunk without brackets: inner line breaks are newlines, not submits", () => {
  assert.equal(decodeKeys("line 1\rline 2\r\nline 3"), [{ type: "text", text: "line 1\nline 2\nline 3" }]);
});

keys("inside bracketed paste, Enter and Tab are text", () => {
  assert.equal(decodeKeys("\x1b[200~"), [{ type: "paste-start" }]);
  assert.equal(decodeKeys("\r", true), [{ type: "text", text: "\n" }]);
  assert.equal(decodeKeys("a\rb\r", true), [{ type: "text", text: "a\nb\n" }]);
  assert.equal(decodeKeys("\x1b[201~", true), [{ type: "paste-end" }]);
});

keys("control keys and arrows; unknown escape sequences are dropped, not typed", () => {
  assert.equal(decodeKeys("\x03"), [{ type: "ctrl-c" }]);
  assert.equal(decodeKeys("\x1b"), [{ type: "escape" }]);
  assert.equal(decodeKeys("\x1b[A"), [{ type: "up" }]);
  assert.equal(decodeKeys("\x7f"), [{ type: "backspace" }]);
  assert.equal(decodeKeys("\x1b[15~"), []);
  assert.equal(decodeKeys("a\x07b"), [{ type: "text", text: "ab" }]);
});

keys.run();

const editor = suite("editor");

editor("insert, move, backspace, delete, kill word/line, home/end on the current line", () => {
  let s = ed.insert(ed.emptyEditor, "hello world");
  s = ed.killWord(s);
  assert.equal(s, { text: "hello ", cursor: 6 });
  s = ed.insert(ed.move(s, -6), ">");
  assert.equal(s, { text: ">hello ", cursor: 1 });
  s = ed.backspace(s);
  assert.equal(s, { text: "hello ", cursor: 0 });
  s = ed.del(s);
  assert.is(s.text, "ello ");
  s = ed.insert(ed.end(s), "\nsecond");
  assert.equal(ed.home(s).cursor, 6);
  assert.is(ed.killLine(s).text, "ello \n");
  assert.is(ed.killToEnd(ed.home(s)).text, "ello \n");
});

editor("vertical moves keep the column; first/last line detection for history", () => {
  const s = ed.editorWith("abcdef\nxy\nlonger line");
  assert.ok(ed.onLastLine(s));
  const up = ed.verticalMove(s, -1);
  assert.equal(up.cursor, 9); // end of "xy"
  const up2 = ed.verticalMove(up, -1);
  assert.equal(up2.cursor, 2);
  assert.ok(ed.onFirstLine(up2));
  assert.equal(ed.verticalMove(up2, 1).cursor, 9);
});

editor("backspace removes a whole emoji (surrogate pair)", () => {
  assert.is(ed.backspace(ed.editorWith("a😀")).text, "a");
});

editor.run();

const split = suite("splitAtSafeBoundary");

split("splits after the last blank line; the unfinished paragraph stays live", () => {
  assert.equal(splitAtSafeBoundary("One.\n\nTwo.\n\nThr"), ["One.\n\nTwo.\n\n", "Thr"]);
  assert.equal(splitAtSafeBoundary("no boundary yet"), ["", "no boundary yet"]);
});

split("never splits inside a code fence (``` or ~~~), even across blank lines", () => {
  const text = "Intro.\n\n```ts\nconst a = 1;\n\nconst b = 2;\n";
  assert.equal(splitAtSafeBoundary(text), ["Intro.\n\n", "```ts\nconst a = 1;\n\nconst b = 2;\n"]);
  const closed = "```\ncode\n\nmore\n```\n\nafter";
  assert.equal(splitAtSafeBoundary(closed), ["```\ncode\n\nmore\n```\n\n", "after"]);
  assert.equal(splitAtSafeBoundary("~~~\na\n\nb"), ["", "~~~\na\n\nb"]);
  assert.is(openFence("x\n```py\nprint()"), "```");
  assert.is(openFence("```\na\n```"), undefined);
});

split("property: concatenation is lossless and the done part never ends inside a fence", () => {
  const pieces = ["para", "\n", "\n\n", "```", "```js\n", "~~~", "code", " ", "- item\n"];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) {
    let text = "";
    for (let j = 0; j < 12; j++) text += pieces[Math.floor(rand() * pieces.length)];
    const [done, rest] = splitAtSafeBoundary(text);
    assert.is(done + rest, text);
    assert.is(openFence(done), undefined, JSON.stringify(text));
    if (done !== "") assert.ok(/\n[ \t]*\n$/.test(done), JSON.stringify(done));
  }
});

split.run();
