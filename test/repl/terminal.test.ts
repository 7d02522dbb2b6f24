// @heavy: drives the built CLI under tmux — never beside the Ink suites
// The chat in a real terminal: the built CLI under tmux (100×30), driven with send-keys and read
// with capture-pane — what a user sees. Skips when tmux is missing, unless REQUIRE_TMUX=1.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventually } from "../helpers/eventually.js";
import { tempDir } from "../helpers/temp-dir.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/esm/repl/cli.js");
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const socket = `h4-chat-${process.pid}`;
const session = "chat";
const tmux = (...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const screen = (): string => tmux("capture-pane", "-p", "-J", "-t", session);

function waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  return eventually(() => {
    const s = screen();
    if (process.env.H4DEBUG) writeFileSync(`/tmp/h4screen-${Date.now()}.txt`, s);
    return test(s) ? s : false;
  }, { timeoutMs, intervalMs: 50, message: () => `${what}; screen:\n${screen()}` });
}

const term = suite("deployments chat in tmux");

if (!hasTmux) {
  if (process.env.REQUIRE_TMUX === "1") {
    term("tmux is required (REQUIRE_TMUX=1)", () => assert.unreachable("tmux not found on PATH"));
  } else {
    console.log("SKIP deployments chat in tmux: tmux not found (set REQUIRE_TMUX=1 to make this a failure)");
  }
} else {
  term("type, stream, paste, cancel with Ctrl-C, /help, /exit — terminal restored", async () => {
    assert.ok(existsSync(cli), `build first: ${cli}`);
    const home = tempDir("h4-term-");
    const data = join(home, "data");
    const after = join(home, "after.txt");
    const script = join(home, "run.sh");
    // After the chat exits: record its status and the tty modes, then echo raw input so a leftover
    // bracketed-paste mode would show as ^[[200~.
    writeFileSync(script, [
      "#!/bin/sh",
      `cd ${JSON.stringify(root)}`,
      `env -u DATABRICKS_HOST -u DATABRICKS_TOKEN -u DATABRICKS_CONFIG_PROFILE HOME=${JSON.stringify(home)} DATABRICKS_DEPLOYMENTS_DATA_DIR=${JSON.stringify(data)} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} chat`,
      `echo "__EXITED__ $?"`,
      `stty -a > ${JSON.stringify(after)}`,
      "exec cat -v",
    ].join("\n"));
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", `sh ${script}`);
    const socketPath = tmux("display-message", "-p", "#{socket_path}").trim();
    try {
      const started = Date.now();
      const first = await waitFor((s) => /SIMULATED · 0 tokens/.test(s), "the prompt and status line");
      console.log(`  prompt after ${Date.now() - started} ms`);
      assert.match(first, /target: emulator at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(first, /endpoint: chat · model: openai\/gpt-4 · SIMULATED replies/);

      tmux("send-keys", "-t", session, "hello from tmux", "Enter");
      const replied = await waitFor((s) => /gpt-4 · simulated · \d+ tokens · TTFT \d+ ms · [\d.]+ tok\/s/.test(s), "the streamed reply");
      assert.match(replied, /› hello from tmux/);
      assert.match(replied, /This is a simulated reply/);

      // A bracketed paste with line breaks must not send anything until Enter.
      tmux("set-buffer", "pasted line one\npasted line two\n");
      tmux("paste-buffer", "-p", "-t", session);
      const pasted = await waitFor((s) => /pasted line two/.test(s), "the pasted text in the input");
      await new Promise((r) => setTimeout(r, 300));
      assert.match(pasted, /› pasted line one\n\s+pasted line two/);
      assert.not.match(screen(), /You asked:\s*\n\s*pasted line one/);
      tmux("send-keys", "-t", session, "C-c"); // not streaming: Ctrl-C clears the input
      await waitFor((s) => !/pasted line/.test(s), "the input cleared");

      tmux("send-keys", "-t", session, "write a long essay about terminals", "Enter");
      await waitFor((s) => /streaming \(Esc cancels\)/.test(s) && /› write a long essay about terminals/.test(s), "the long reply streaming", 20_000);
      // ~800 tokens at the emulator's 50 tok/s take 16 s: cancel once some of it is on screen.
      // "You asked" below the new prompt line: the first reply's own "You asked" is still on screen,
      // and matching it sent Ctrl-C before the first token under load.
      await waitFor((s) => /› write a long essay about terminals[\s\S]*You asked/.test(s), "the first words of the long reply");
      tmux("send-keys", "-t", session, "C-c");
      const cancelled = await waitFor((s) => /\[cancelled — partial reply kept\]/.test(s), "the cancelled marker");
      assert.not.match(cancelled, /__EXITED__/);
      assert.not.match(cancelled, /streaming \(Esc cancels\)/);

      tmux("send-keys", "-t", session, "/help", "Enter");
      const help = await waitFor((s) => /Keys:/.test(s) && /\/exit/.test(s), "/help");
      assert.match(help, /\/usage\s+Tokens/);

      tmux("send-keys", "-t", session, "/exit", "Enter");
      const exited = await waitFor((s) => /__EXITED__ \d+/.test(s), "the process to exit");
      assert.match(exited, /__EXITED__ 0/);
      // The last frame drops the prompt and the status line: the scrollback ends with the conversation.
      assert.not.match(exited, /· \d+ tokens[^\n]*\n\s*__EXITED__/);
      assert.not.match(exited, /›\s*\n[^\n]*\n?\s*__EXITED__/);
      await waitFor(() => existsSync(after) && readFileSync(after, "utf8").includes("icanon"), "stty output");
      const modes = readFileSync(after, "utf8");
      assert.match(modes, /(^|\s)icanon(\s|$)/m, "canonical mode restored");
      assert.match(modes, /(^|\s)echo(\s|$)/m, "echo restored");
      assert.is(tmux("display-message", "-p", "-t", session, "#{cursor_flag}").trim(), "1", "cursor visible");
      tmux("set-buffer", "after-exit");
      tmux("paste-buffer", "-p", "-t", session);
      const raw = await waitFor((s) => /after-exit/.test(s), "the paste echoed by cat -v");
      assert.not.match(raw, /\^\[\[200~after-exit/, "bracketed paste switched off");

      const dir = join(data, "transcripts");
      const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
      assert.is(files.length, 1);
      const transcript = JSON.parse(readFileSync(join(dir, files[0] as string), "utf8")) as { turns: Array<{ status: string; user: string; reply: string }> };
      assert.equal(transcript.turns.map((t) => t.status), ["complete", "cancelled"]);
      assert.ok((transcript.turns[1]?.reply.length ?? 0) > 0);
      const history = readFileSync(join(data, "history.jsonl"), "utf8");
      assert.match(history, /"hello from tmux"/);
    } finally {
      spawnSync("tmux", ["-L", socket, "kill-server"]);
      if (socketPath.includes(socket)) rmSync(socketPath, { force: true });
    }
  });

  term("/clear in a real terminal: the frame after it is drawn whole, once, and /exit after it prints nothing again", async () => {
    const home = tempDir("h4-clear-");
    // The shell stays after the REPL leaves, so the screen it left can be read.
    tmux("new-session", "-d", "-s", "clear", "-x", "100", "-y", "30", `cd ${JSON.stringify(root)} && env -u DATABRICKS_HOST -u DATABRICKS_TOKEN -u DATABRICKS_CONFIG_PROFILE HOME=${JSON.stringify(home)} DATABRICKS_DEPLOYMENTS_DATA_DIR=${JSON.stringify(join(home, "data"))} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} chat; echo "[REPL exited $?]"; sleep 600`);
    const socketPath = tmux("display-message", "-p", "#{socket_path}").trim();
    const screen = (): string => tmux("capture-pane", "-p", "-J", "-t", "clear");
    const waitFor = (test: (s: string) => boolean, what: string) =>
      eventually(() => (test(screen()) ? screen() : false), { timeoutMs: 15_000, intervalMs: 50, message: () => `${what}; screen:\n${screen()}` });
    try {
      await waitFor((s) => /SIMULATED · 0 tokens/.test(s), "the prompt and status line");
      tmux("send-keys", "-t", "clear", "hello from tmux", "Enter");
      await waitFor((s) => /gpt-4 · simulated · \d+ tokens · TTFT/.test(s), "the streamed reply");
      // /clear wipes the screen under Ink's frame writer, which writes only changed rows: the
      // frames after it show each row once, with nothing of the frames before it left behind.
      tmux("send-keys", "-t", "clear", "/clear", "Enter");
      const cleared = await waitFor((s) => /Conversation cleared/.test(s), "the cleared screen");
      assert.not.match(cleared, /hello from tmux|You asked/);
      tmux("send-keys", "-t", "clear", "after the clear", "Enter");
      const again = await waitFor((s) => /› after the clear/.test(s) && /gpt-4 · simulated · \d+ tokens · TTFT/.test(s), "a reply after /clear");
      assert.is(again.match(/^›/gm)?.length, 2, `the sent message and the prompt, once each:\n${again}`);
      assert.is(again.match(/gpt-4 · simulated · \d+ tokens/g)?.length, 1, again);
      assert.is(again.match(/SIMULATED · \d+ tokens/g)?.length, 1, again);
      // Leaving drops the input and status lines; the scrollback must not be printed a second
      // time (it was, when the exiting frame moved it in the tree and <Static> remounted).
      tmux("send-keys", "-t", "clear", "/exit", "Enter");
      const left = await waitFor((s) => /\[REPL exited 0\]/.test(s), "the REPL to leave");
      assert.is(left.match(/Conversation cleared/g)?.length, 1, `printed once:\n${left}`);
      assert.is(left.match(/^› after the clear/gm)?.length, 1, `printed once:\n${left}`);
      assert.not.match(left, /SIMULATED · \d+ tokens/, "no status line left behind");
    } finally {
      spawnSync("tmux", ["-L", socket, "kill-server"]);
      if (socketPath.includes(socket)) rmSync(socketPath, { force: true });
    }
  });
}

term.run();
