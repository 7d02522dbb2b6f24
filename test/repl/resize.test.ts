// @heavy: drives the built CLI under tmux
// Narrowing the terminal from 100 to 70 columns while a reply streams: the screen is redrawn at
// the new width, and nothing (the live paragraph in particular) is shown twice.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { cli, hasTmux, startChat } from "./tmux.js";

const t = suite("resizing mid-stream");

if (!hasTmux) {
  console.log("SKIP resizing in tmux: tmux not found");
} else {
  t("100 → 70 columns while streaming: every paragraph once, re-wrapped at 70", async () => {
    assert.ok(existsSync(cli), "build first");
    // 300 tokens (about three paragraphs at the embedded emulator's 20 ms a token) instead of the
    // essay's 800: the resize lands in the first paragraph and two more stream after it, and the
    // reply ends 10 s sooner.
    const term = startChat("resize", ["--max-tokens", "300"], { rows: 40 });
    try {
      await term.waitFor((s) => /SIMULATED · 0 tokens/.test(s), "the prompt");
      term.keys("write a long essay about terminals", "Enter");
      // The filler's first paragraph is streaming (the live area holds it) when the width changes.
      await term.waitFor((s) => /streaming \(Esc cancels\)/.test(s) && /\n\nUpstream serving batch this query/.test(s), "the first paragraph streaming", 30_000);
      term.resize(70, 40);
      await term.waitFor((s) => s.split("\n").every((row) => row.length <= 70), "a redraw at 70 columns");
      await term.waitFor((s) => /gpt-4 · simulated · \d+ tokens/.test(s), "the end of the reply", 90_000);
      const history = term.history();
      assert.ok(history.split("\n\n").length > 4, `more than one paragraph streamed after the resize:\n${history}`);
      for (const phrase of ["Upstream serving batch this query", "You asked:", "› write a long essay about terminals"]) {
        assert.is(history.split(phrase).length - 1, 1, `"${phrase}" shown ${history.split(phrase).length - 1} times:\n${history}`);
      }
      for (const row of history.split("\n")) assert.ok(row.length <= 70, `a row wider than 70 columns: ${JSON.stringify(row)}`);
    } finally {
      term.close();
    }
  });
}

t.run();
