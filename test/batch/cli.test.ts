// `deployments batch` off a terminal: the built CLI against an emulator this test runs.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../src/emulator/index.js";
import { batchEmulator, type Hit } from "./helpers.js";
import { cli, envFor, readAnswerLines, runBatch, workDir, writeLines } from "./cli-helpers.js";

const test = suite<{ emu: Emulator; hits: Hit[] }>("deployments batch (no terminal)");

test.before(async (ctx) => {
  assert.ok(existsSync(cli), `build first: ${cli}`);
  const { emu, hits } = await batchEmulator({ calls: 6, rateLimitWindowMs: 1_000 });
  ctx.emu = emu;
  ctx.hits = hits;
});
test.after(async ({ emu }) => emu.close());
test.before.each(({ hits }) => void hits.splice(0));

test("--help names the flags, the line formats and the exit codes", async ({ emu }) => {
  const dir = workDir("help");
  const r = await runBatch(["--help"], dir, envFor(emu, dir));
  assert.is(r.code, 0);
  for (const word of ["--input", "--output", "--concurrency", "--schema", "--template", "--retry-failed", "--print-sql", "latency_ms", "Exit status: 0"]) assert.match(r.out, word);
});

test("JSONL rows: one answer line per row, exit 0, plain progress lines and a summary on stderr", async ({ emu, hits }) => {
  const dir = workDir("jsonl");
  writeLines(join(dir, "rows.jsonl"), [
    { messages: [{ role: "user", content: "first" }], max_tokens: 8 },
    { prompt: "second" },
    "",
    { prompt: "third", max_tokens: 4 },
    ...Array.from({ length: 17 }, (_, i) => ({ prompt: `more ${i}` })),
  ]);
  const r = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "answers.jsonl", "--max-tokens", "6", "-c", "4"], dir, envFor(emu, dir));
  assert.is(r.code, 0, r.err);
  const lines = readAnswerLines(join(dir, "answers.jsonl"));
  assert.equal(lines.map((l) => l.index).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  const byIndex = new Map(lines.map((l) => [l.index, l]));
  assert.is(byIndex.get(1)!.input.messages[0]!.content, "second");
  assert.is((byIndex.get(1)!.input as unknown as { max_tokens: number }).max_tokens, 6, "--max-tokens fills rows that set none");
  assert.is((byIndex.get(2)!.input as unknown as { max_tokens: number }).max_tokens, 4, "a row's own max_tokens wins");
  for (const l of lines) {
    assert.ok(l.output !== undefined && l.usage !== undefined && l.latency_ms >= 0 && l.attempts >= 1, JSON.stringify(l));
    assert.equal(Object.keys(l), ["index", "input", "output", "usage", "latency_ms", "attempts"]);
  }
  assert.is(hits.filter((h) => h.status === 200).length, 20);
  assert.match(r.err, /batch: \d+\/20 rows · [\d.]+ rows\/s/);
  assert.match(r.err, /batch: 20 rows: 20 answered, 0 failed/);
  assert.match(r.err, /latency p50 [\d.]+ m?s, p95/);
  assert.not.match(r.err, /\r|\x1b\[/, "no terminal control codes off a terminal");
  // Run again: everything is there, nothing is sent.
  const again = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "answers.jsonl", "--max-tokens", "6"], dir, envFor(emu, dir));
  assert.is(again.code, 0, again.err);
  assert.match(again.err, /20 already in answers.jsonl/);
  assert.is(hits.filter((h) => h.status === 200).length, 20);
});

test("a malformed line names its line number, the run exits 2 and nothing is sent", async ({ emu, hits }) => {
  const dir = workDir("bad");
  writeLines(join(dir, "rows.jsonl"), [{ prompt: "fine" }, "{not json", { prompt: "fine too" }, { messages: "nope" }, "[1,2]"]);
  const r = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "answers.jsonl"], dir, envFor(emu, dir));
  assert.is(r.code, 2);
  assert.match(r.err, /rows\.jsonl:2: not JSON/);
  assert.match(r.err, /rows\.jsonl:4: not query inputs: messages/);
  assert.match(r.err, /rows\.jsonl:5: expected a JSON object per line/);
  assert.match(r.err, /nothing was sent/);
  assert.is(hits.length, 0);
  assert.not.ok(existsSync(join(dir, "answers.jsonl")) && readFileSync(join(dir, "answers.jsonl"), "utf8") !== "");
});

test("an input edited after a run is refused on resume (exit 2, nothing sent)", async ({ emu, hits }) => {
  const dir = workDir("edited");
  const rows = Array.from({ length: 5 }, (_, i) => ({ prompt: `row ${i}` }));
  writeLines(join(dir, "rows.jsonl"), rows);
  assert.is((await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "a.jsonl"], dir, envFor(emu, dir))).code, 0);
  const sent = hits.length;
  writeLines(join(dir, "rows.jsonl"), rows.map((r, i) => (i === 3 ? { prompt: "row 3, edited" } : r)));
  const r = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "a.jsonl"], dir, envFor(emu, dir));
  assert.is(r.code, 2);
  assert.match(r.err, /rows\.jsonl:4: row 3 is not the row a\.jsonl answered: the input was edited/);
  assert.is(hits.length, sent);
  writeLines(join(dir, "rows.jsonl"), rows.slice(0, 3));
  const shorter = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "a.jsonl"], dir, envFor(emu, dir));
  assert.is(shorter.code, 2);
  assert.match(shorter.err, /holds 2 rows beyond the 3 of rows\.jsonl/);
});

test("a 429 storm through the rate limit: every row answered once, waits reported, exit 0", async ({ emu, hits }) => {
  const dir = workDir("storm");
  writeLines(join(dir, "rows.jsonl"), Array.from({ length: 24 }, (_, i) => ({ prompt: `storm ${i}`, max_tokens: 4 })));
  const r = await runBatch(["-e", "limited", "--input", "rows.jsonl", "--output", "a.jsonl", "-c", "8"], dir, envFor(emu, dir));
  assert.is(r.code, 0, r.err);
  const lines = readAnswerLines(join(dir, "a.jsonl"));
  assert.is(new Set(lines.map((l) => l.index)).size, 24);
  assert.is(lines.length, 24);
  assert.ok(hits.some((h) => h.status === 429), "the limit was hit");
  assert.is(hits.filter((h) => h.status === 200).length, 24);
  assert.match(r.err, /waiting on rate limits/);
});

test("failed rows: exit 1, failures by error code; --retry-failed sends only them again", async ({ emu, hits }) => {
  const dir = workDir("failed");
  writeLines(join(dir, "rows.jsonl"), Array.from({ length: 6 }, (_, i) => ({ prompt: `f ${i}` })));
  emu.faults.next("POST /serving-endpoints/free/invocations", { status: 500, times: 2 });
  const r = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "a.jsonl", "-c", "1"], dir, envFor(emu, dir));
  assert.is(r.code, 1, r.err);
  assert.match(r.err, /6 rows: 4 answered, 2 failed/);
  assert.match(r.err, /failures: 2 INTERNAL_ERROR/);
  const failed = readAnswerLines(join(dir, "a.jsonl")).filter((l) => l.error !== undefined);
  assert.is(failed.length, 2);
  assert.equal(Object.keys(failed[0]!), ["index", "input", "error", "latency_ms", "attempts"]);
  assert.is(failed[0]!.error!.status, 500);
  assert.is(hits.length, 6, "a 500 may have run the model: not sent again");
  const resumed = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "a.jsonl"], dir, envFor(emu, dir));
  assert.is(resumed.code, 1, "the failed rows are still failed");
  assert.match(resumed.err, /2 of them failed: --retry-failed/);
  assert.is(hits.length, 6);
  const retried = await runBatch(["-e", "free", "--input", "rows.jsonl", "--output", "a.jsonl", "--retry-failed"], dir, envFor(emu, dir));
  assert.is(retried.code, 0, retried.err);
  assert.is(hits.length, 8);
  const lines = readAnswerLines(join(dir, "a.jsonl"));
  assert.is(lines.length, 6);
  assert.ok(lines.every((l) => l.error === undefined));
});

test("CSV with --template and --schema: each row a structured reply", async ({ emu }) => {
  const dir = workDir("csv");
  writeFileSync(join(dir, "reviews.csv"), 'review,product\n"Great, really great",lamp\n"Broke after a day",kettle\n"Does the job, ""mostly""",chair\n');
  writeFileSync(join(dir, "prompt.txt"), "Classify the review of a {{product}}: {{review}}");
  writeFileSync(join(dir, "label.json"), JSON.stringify({ type: "object", properties: { sentiment: { type: "string", enum: ["positive", "negative", "mixed"] } }, required: ["sentiment"], additionalProperties: false }));
  const r = await runBatch(["-e", "free", "--input", "reviews.csv", "--template", "prompt.txt", "--schema", "label.json", "--max-tokens", "64", "--output", "labels.jsonl"], dir, envFor(emu, dir));
  assert.is(r.code, 0, r.err);
  const lines = readAnswerLines(join(dir, "labels.jsonl")).sort((a, b) => a.index - b.index);
  assert.is(lines.length, 3);
  assert.is(lines[2]!.input.messages[0]!.content, 'Classify the review of a chair: Does the job, "mostly"');
  for (const l of lines) {
    const parsed = l.output!.choices[0]!.message.parsed as { sentiment: string };
    assert.ok(["positive", "negative", "mixed"].includes(parsed.sentiment), JSON.stringify(l.output));
    assert.equal(JSON.parse(l.output!.choices[0]!.message.content), parsed);
  }
  writeFileSync(join(dir, "short.csv"), "review\nno product column\n");
  const missing = await runBatch(["-e", "free", "--input", "short.csv", "--template", "prompt.txt", "--output", "x.jsonl"], dir, envFor(emu, dir));
  assert.is(missing.code, 2);
  assert.match(missing.err, /short\.csv:2: no value for template field "product"/);
});

test("--print-sql prints the golden ai_query statement and sends nothing", async ({ emu, hits }) => {
  const dir = workDir("sql");
  writeFileSync(join(dir, "prompt.txt"), "Classify the review of a {{product}}:\n{{review}}\nAnswer 'positive' or 'negative'.");
  writeFileSync(join(dir, "label.json"), JSON.stringify({ type: "object", properties: { sentiment: { type: "string", enum: ["positive", "negative"] } }, required: ["sentiment"], additionalProperties: false }));
  const r = await runBatch(["-e", "reviews-llm", "--template", "prompt.txt", "--schema", "label.json", "--max-tokens", "64", "--temperature", "0", "--print-sql", "main.default.product reviews"], dir, envFor(emu, dir));
  assert.is(r.code, 0, r.err);
  const golden = readFileSync(join(import.meta.dirname, "fixtures/print-sql.golden.sql"), "utf8");
  assert.fixture(r.out, golden);
  assert.is(hits.length, 0);
});

test.run();
