// @heavy: drives the built CLI under tmux
// The REPL draws its prompt before the session exists and opens it behind the prompt: typing works
// while it connects, leaving then does not wait for the connection, and a session that cannot be
// opened takes the UI down again so its error is all that remains (exit status 1).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { hasTmux, startChat } from "./tmux.js";
import { closedPort } from "../helpers/closed-port.js";

const t = suite("prompt before the session");

if (hasTmux) {
  t("while connecting: the prompt, a 'connecting…' status and an editable input; Ctrl-C leaves at once", async () => {
    const port = await closedPort();
    const term = startChat("prompt-first", [], { env: { DATABRICKS_HOST: `http://127.0.0.1:${port}`, DATABRICKS_TOKEN: "dapi-prompt-first" } });
    try {
      // The prompt and the status line come first; the progress lines (connecting, retries) go above them.
      const s = await term.waitFor((s) => /^›/m.test(s) && /· connecting… ·/.test(s), "the prompt and a 'connecting…' status");
      assert.not.match(s, /SIMULATED|endpoint:/, "no session yet");
      term.keys("-l", "typed while connecting");
      await term.waitFor((s) => /^› typed while connecting/m.test(s), "the typed text in the input");
      term.keys("C-u");
      await term.waitFor((s) => !/typed while connecting/.test(s), "the input cleared");
      term.keys("C-c");
      // The back-off would take ~14 s: leaving must not wait for it.
      const end = await term.waitFor((s) => /__EXITED__ \d+/.test(s), "the chat exited", 5_000);
      assert.match(end, /__EXITED__ 0/);
    } finally {
      term.close();
    }
  });

  t("a session that cannot be opened: the UI comes down, the error and its hint remain, exit status 1", async () => {
    const term = startChat("prompt-first-404", ["-e", "no-such-endpoint"]);
    try {
      const s = await term.waitFor((s) => /__EXITED__ \d+/.test(s), "the chat exited");
      assert.match(s, /__EXITED__ 1/);
      assert.match(s, /deployments chat: .*no-such-endpoint/);
      assert.match(s, /Endpoints here: .*chat/);
      assert.not.match(s, /^›/m, "no prompt left on the screen");
      assert.not.match(s, /connecting…/, "no status line left on the screen");
    } finally {
      term.close();
    }
  });
} else {
  console.log("SKIP prompt before the session in tmux: tmux not found");
}

t.run();
