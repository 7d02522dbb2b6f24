// @heavy: drives the built CLI under tmux
// --resume prefers the newest transcript made against this target (and endpoint), says which it
// took, and shows the earlier replies rendered as Markdown, as live replies are.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chooseTranscript, describeChoice } from "../../repl/chat/transcripts.js";
import { cli, hasTmux, startChat } from "./tmux.js";
import { tempDir } from "../helpers/temp-dir.js";

const t = suite("--resume");

function transcript(dir: string, name: string, secondsAgo: number, fields: { target?: string; endpoint: string; reply?: string }): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({
    ...(fields.target ? { target: fields.target } : {}),
    format: "databricks-deployments/conversation", version: 1, endpoint: fields.endpoint, params: {}, createdAt: new Date().toISOString(),
    turns: [{ id: 1, user: "Format something", reply: fields.reply ?? "ok", status: "complete", endpoint: fields.endpoint, simulated: true, startedAt: new Date().toISOString() }],
  }));
  const at = Date.now() / 1000 - secondsAgo;
  utimesSync(path, at, at);
  return path;
}

t("the newest for this target and endpoint, else for this target, else the newest of all — and it says which", () => {
  const dir = tempDir("dd-resume-");
  const oldChat = transcript(dir, "a.json", 300, { target: "emulator", endpoint: "chat" });
  const other = transcript(dir, "b.json", 200, { target: "emulator", endpoint: "other" });
  const workspace = transcript(dir, "c.json", 100, { target: "https://adb-1.azuredatabricks.net", endpoint: "chat" });
  transcript(dir, "d.json", 400, { endpoint: "chat" }); // before transcripts recorded their target

  assert.equal(chooseTranscript(dir, { target: "emulator" }), { path: other, fit: "endpoint", target: "emulator", endpoint: "other" });
  assert.equal(chooseTranscript(dir, { target: "emulator", endpoint: "chat" })?.path, oldChat);
  assert.is(chooseTranscript(dir, { target: "emulator", endpoint: "nope" })?.fit, "target");
  const elsewhere = chooseTranscript(dir, { target: "https://other.cloud.databricks.com" });
  assert.equal(elsewhere?.path, workspace);
  assert.match(describeChoice(elsewhere!), /none was made against this target \(it was made against https:\/\/adb-1\.azuredatabricks\.net\)/);
  assert.is(chooseTranscript(join(dir, "missing"), { target: "emulator" }), undefined);
});

if (!hasTmux) {
  console.log("SKIP --resume in tmux: tmux not found");
} else {
  t("in a real terminal: resumed replies are rendered Markdown, and the header says which transcript", async () => {
    assert.ok(existsSync(cli), "build first");
    const home = tempDir("dd-resume-term-");
    const dir = join(home, "data", "transcripts");
    mkdirSync(dir, { recursive: true });
    transcript(dir, "2026-01-01T00-00-00-000Z-chat.json", 60, { target: "emulator", endpoint: "chat", reply: "Here is **bold text** and `inline code`.\n\n> a quoted line" });
    transcript(dir, "2026-01-02T00-00-00-000Z-chat.json", 10, { target: "https://adb-1.azuredatabricks.net", endpoint: "chat", reply: "from the workspace" });
    const term = startChat("resume", ["--resume"], { home });
    try {
      const s = await term.waitFor((s) => /Resumed 1 turn\(s\)/.test(s) && /SIMULATED · 0 tokens/.test(s), "the resumed session");
      assert.match(s, /\(the newest transcript for this target and endpoint\)/);
      assert.match(s, /2026-01-01T00-00-00-000Z-chat\.json/);
      assert.match(s, /Here is bold text and inline code\./);
      assert.not.match(s, /\*\*bold text\*\*/);
      assert.not.match(s, /`inline code`/);
      assert.not.match(s, /from the workspace/);
    } finally {
      term.close();
    }
  });
}

t.run();
