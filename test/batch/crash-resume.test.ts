// @heavy: kills the CLI with SIGKILL mid-run, then resumes it.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eventually } from "../helpers/eventually.js";
import { batchEmulator } from "./helpers.js";
import { cli, envFor, readAnswerLines, runBatch, startBatch, workDir, writeLines } from "./cli-helpers.js";

const test = suite("deployments batch: kill -9 and resume");

test("killed mid-run, then run again: every row exactly once, nothing answered twice except the rows in flight", async () => {
  assert.ok(existsSync(cli), `build first: ${cli}`);
  // 8 calls per 500 ms: 60 rows take a few seconds, long enough to be killed half-way.
  const { emu, hits } = await batchEmulator({ calls: 8, rateLimitWindowMs: 500 });
  try {
    const dir = workDir("crash");
    const env = envFor(emu, dir);
    const out = join(dir, "answers.jsonl");
    writeLines(join(dir, "rows.jsonl"), Array.from({ length: 60 }, (_, i) => ({ prompt: `crash ${i}`, max_tokens: 4 })));
    const first = startBatch(["-e", "limited", "--input", "rows.jsonl", "--output", "answers.jsonl", "-c", "4"], dir, env);
    await eventually(() => existsSync(out) && readFileSync(out, "utf8").split("\n").length > 20, { timeoutMs: 20_000, message: "20 answers before the kill" });
    first.child.kill("SIGKILL");
    const killed = await first.done;
    assert.is(killed.code, null);
    const before = readAnswerLines(out);
    assert.ok(before.length < 60, `${before.length} rows before the kill`);
    const second = await runBatch(["-e", "limited", "--input", "rows.jsonl", "--output", "answers.jsonl", "-c", "4"], dir, env);
    assert.is(second.code, 0, second.err);
    assert.match(second.err, new RegExp(`60 rows \\(${before.length} already in answers.jsonl\\)`));
    const lines = readAnswerLines(out);
    assert.equal(lines.map((l) => l.index).sort((a, b) => a - b), Array.from({ length: 60 }, (_, i) => i), "every row exactly once");
    assert.ok(lines.every((l) => l.error === undefined));
    // The resumed run asked only the rows missing from the file; the server answered at most the
    // window (rows in flight at the kill) twice.
    assert.match(second.err, new RegExp(`: ${60 - before.length} answered, 0 failed`));
    const answered = hits.filter((h) => h.status === 200).length;
    assert.ok(answered - 60 <= 4, `${answered - 60} rows answered twice`);
  } finally {
    await emu.close();
  }
});

test.run();
