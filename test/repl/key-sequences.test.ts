// @heavy: drives the built CLI under tmux
// Several keys in one read (typed fast, or sent together by tmux or a script) are all kept:
// `abc`, then Home and `X` in one write leaves `› Xabc`, not `› abc`.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { decodeKeys } from "../../repl/ui/keys.js";
import { cli, hasTmux, startChat } from "./tmux.js";

const t = suite("key sequences inside one read");

t("escape sequences are parsed out of a read and the text around them is kept", () => {
  assert.equal(decodeKeys("\x1b[HX"), [{ type: "home" }, { type: "text", text: "X" }]);
  assert.equal(decodeKeys("\x1b[1~X"), [{ type: "home" }, { type: "text", text: "X" }]);
  assert.equal(decodeKeys("ab\x1b[Fcd"), [{ type: "text", text: "ab" }, { type: "end" }, { type: "text", text: "cd" }]);
  assert.equal(decodeKeys("\x1b[D\x1b[Dx"), [{ type: "left" }, { type: "left" }, { type: "text", text: "x" }]);
  assert.equal(decodeKeys("a\x1b[15~b"), [{ type: "text", text: "a" }, { type: "text", text: "b" }], "an unknown function key is dropped, the rest kept");
  assert.equal(decodeKeys("\x1b[200~one\rtwo\x1b[201~"), [{ type: "paste-start" }, { type: "text", text: "one\ntwo" }, { type: "paste-end" }]);
  assert.equal(decodeKeys("x\x1b"), [{ type: "text", text: "x" }, { type: "escape" }]);
});

if (!hasTmux) {
  console.log("SKIP key sequences in tmux: tmux not found");
} else {
  t("in a real terminal: Home or End followed by text in the same send-keys keeps the text", async () => {
    assert.ok(existsSync(cli), "build first");
    const term = startChat("keys");
    try {
      await term.waitFor((s) => /SIMULATED · 0 tokens/.test(s), "the prompt");
      term.keys("abc");
      await term.waitFor((s) => /› abc\s*$/m.test(s), "abc typed");
      term.keys("Home", "X");
      await term.waitFor((s) => /› Xabc\s*$/m.test(s), "X inserted at the start");
      term.keys("End", "Y");
      await term.waitFor((s) => /› XabcY\s*$/m.test(s), "Y appended at the end");
      term.keys("Left", "Left", "Z");
      const s = await term.waitFor((s) => /› XabZcY\s*$/m.test(s), "Z inserted two to the left");
      assert.match(s, /› XabZcY/);
    } finally {
      term.close();
    }
  });
}

t.run();
