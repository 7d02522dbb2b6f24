// @heavy: `deployments batch` in a real terminal (tmux): the progress bar is redrawn in place.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually } from "../helpers/eventually.js";
import { batchEmulator } from "./helpers.js";
import { cli, envFor, readAnswerLines, workDir, writeLines } from "./cli-helpers.js";

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const test = suite("deployments batch on a terminal");

test("a bar on stderr, redrawn in place, with rate, ETA, tokens and rate-limit waits; then the summary", async () => {
  if (!hasTmux) {
    console.log("tmux is not installed: skipped");
    return;
  }
  assert.ok(existsSync(cli), `build first: ${cli}`);
  const { emu } = await batchEmulator({ calls: 10, rateLimitWindowMs: 1_000 });
  const socket = `dd-batch-${process.pid}`;
  const tmux = (...a: string[]): string => execFileSync("tmux", ["-L", socket, ...a], { encoding: "utf8" });
  try {
    const dir = workDir("tty");
    writeLines(join(dir, "rows.jsonl"), Array.from({ length: 40 }, (_, i) => ({ prompt: `tty ${i}`, max_tokens: 4 })));
    const env = envFor(emu, dir);
    const script = join(dir, "run.sh");
    writeFileSync(script, [
      "#!/bin/sh",
      `cd ${JSON.stringify(dir)}`,
      `env ${Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v ?? "")}`).join(" ")} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} batch -e limited --input rows.jsonl --output a.jsonl -c 4`,
      `echo "__EXITED__ $?"`,
      "sleep 600",
    ].join("\n"));
    tmux("new-session", "-d", "-s", "batch", "-x", "120", "-y", "20", `sh ${script}`);
    const screen = (): string => tmux("capture-pane", "-p", "-J", "-t", "batch");
    const live = await eventually(() => {
      const s = screen();
      assert.match(s, /[█░]{20}\s+\d+% \d+\/40 rows · [\d.]+ rows\/s/);
      assert.not.match(s, /__EXITED__/);
      return s;
    }, { timeoutMs: 20_000, message: "the live bar" });
    assert.match(live, /tokens · concurrency \d/);
    const end = await eventually(() => {
      const s = screen();
      assert.match(s, /__EXITED__ 0/);
      return s;
    }, { timeoutMs: 30_000, message: "the end of the run" });
    const history = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "batch");
    assert.is(history.split("\n").filter((l) => /[█░]{20}/.test(l)).length, 1, `one bar line, redrawn in place:\n${history}`);
    assert.match(end, /█{20} 100% 40\/40 rows/);
    assert.match(end, /waiting on rate limits/);
    assert.match(end, /batch: 40 rows: 40 answered, 0 failed/);
    assert.is(readAnswerLines(join(dir, "a.jsonl")).length, 40);
  } finally {
    const path = spawnSync("tmux", ["-L", socket, "display-message", "-p", "#{socket_path}"], { encoding: "utf8" }).stdout.trim();
    spawnSync("tmux", ["-L", socket, "kill-server"]);
    if (path.includes(socket)) rmSync(path, { force: true });
    await emu.close();
  }
});

test.run();
