// `/batch FILE` in the REPL (ink-testing-library, a real emulator): progress in the status line,
// answers beside the file, a summary in the scrollback.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { mount } from "../repl/harness.js";
import { readAnswerLines, workDir, writeLines } from "./cli-helpers.js";

const test = suite<{ emulator: Emulator }>("/batch FILE in the REPL");
test.before(async (ctx) => {
  ctx.emulator = await startEmulator({ seed: true, streamDelayMs: 0, deployDelayMs: 0, rateLimitWindowMs: 1_000 });
  await ctx.emulator.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }] } });
});
test.after(async (ctx) => ctx.emulator.close());

test("runs the rows against the current endpoint, shows progress in the status line, writes FILE.answers.jsonl", async ({ emulator }) => {
  const h = mount(emulator);
  try {
    const dir = workDir("repl");
    const file = join(dir, "questions.jsonl");
    writeLines(file, Array.from({ length: 12 }, (_, i) => ({ prompt: `question ${i}`, max_tokens: 4 })));
    h.type(`/batch ${file}\r`);
    await h.waitFor((f) => /batch \d+\/12 · [\d.]+ rows\/s/.test(f), "progress in the status line", 15_000);
    await h.waitFor((f) => /batch \d+\/12 .*rate limited \d s/.test(f), "the rate-limit pause in the status line", 15_000);
    const frame = await h.waitFor((f) => /12 rows: 12 answered, 0 failed/.test(f), "the summary", 20_000);
    assert.match(frame, /questions\.answers\.jsonl/);
    assert.not.match(frame.split("\n").at(-1) ?? "", /batch \d+\/12/, "the status line no longer shows the batch");
    const answers = join(dir, "questions.answers.jsonl");
    assert.ok(existsSync(answers));
    assert.is(readAnswerLines(answers).length, 12);
    writeFileSync(join(dir, "bad.jsonl"), '{"prompt": "ok"}\n{oops\n');
    h.type(`/batch ${join(dir, "bad.jsonl")}\r`);
    await h.waitFor((f) => /bad\.jsonl:2: not JSON/.test(f) && /Nothing was sent/.test(f), "the malformed line");
  } finally {
    h.unmount();
  }
});

test.run();
