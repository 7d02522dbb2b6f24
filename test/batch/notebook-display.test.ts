import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ApiError, type BatchProgress, type BatchResult } from "../../src/index.js";
import { batchProgress, batchTable, type NotebookDisplay } from "../../src/notebook/index.js";

const test = suite("notebook: batchProgress and batchTable");

const progress = (over: Partial<BatchProgress>): BatchProgress => ({ done: 0, answered: 0, failed: 0, inFlight: 0, total: 10, rowsPerSecond: 0, tokens: 0, etaMs: undefined, concurrency: 4, rateLimitWaitMs: 0, pausedForMs: 0, retried: 0, elapsedMs: 0, finished: false, ...over });

test("batchProgress redraws one display in place (throttled), and always shows the last report", () => {
  const fresh: string[] = [];
  let entries = 0;
  const display: NotebookDisplay = { html: () => undefined, markdown: () => undefined, text: () => undefined, newDisplay: () => { entries++; return { html: (s) => void fresh.push(s), markdown: () => undefined, text: () => undefined }; } };
  const p = batchProgress({ display, intervalMs: 60_000, title: "reviews" });
  p.onProgress(progress({ done: 1, answered: 1, inFlight: 4 }));
  p.onProgress(progress({ done: 2, answered: 2 }));
  p.onProgress(progress({ done: 10, answered: 9, failed: 1, tokens: 420, rateLimitWaitMs: 2_000, finished: true, elapsedMs: 3_000 }));
  assert.is(entries, 1, "one display entry");
  assert.is(fresh.length, 2, "the second report was throttled, the final one shown");
  assert.match(fresh[1]!, /<b>reviews<\/b> · finished/);
  assert.match(fresh[1]!, /10\/10 rows · 1 failed · [\d.]+ rows\/s · 420 tokens · concurrency 4 · 2\.0 s waiting on rate limits · done in 3\.0 s/);
  assert.is(p.last()?.finished, true);
});

test("batchTable: rows by index, parsed answers, failed rows highlighted, escaped", () => {
  const error = new ApiError({ status: 500, errorCode: "INTERNAL_ERROR", message: "boom <b>", details: undefined, requestId: undefined, retryAfter: undefined, operation: undefined });
  const results: BatchResult<unknown>[] = [
    { index: 1, input: { messages: [{ role: "user", content: "second <row>" }] }, error, latencyMs: 12, attempts: 1 },
    { index: 0, input: { messages: [{ role: "user", content: "first" }] }, output: { choices: [{ message: { content: '{"a":1}', parsed: { a: 1 } } }] }, usage: { total_tokens: 7 }, latencyMs: 30.4, attempts: 2 },
  ];
  const table = batchTable(results);
  assert.match(table.html, /2 rows: 1 answered, 1 failed/);
  assert.match(table.html, /<tr class="batch-failed" style="background:#fee2e2;color:#991b1b"><td[^>]*>✗<\/td><td[^>]*>1<\/td><td[^>]*>second &lt;row&gt;/);
  assert.is((table.html.match(/batch-failed/g) ?? []).length, 1);
  assert.ok(table.html.indexOf(">first<") < table.html.indexOf("second &lt;row&gt;"), "ordered by index");
  assert.match(table.text, /✓\s+0\s+first\s+\{"a":1\}\s+7\s+30\s+2/);
  assert.match(table.text, /✗\s+1\s+second <row>\s+ApiError: .*boom/);
});

test.run();
