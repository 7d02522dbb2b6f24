import { suite } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import { manualClock } from "../../src/emulator/index.js";
import { AbortError, ConnectionError, ValidationError, type BatchProgress, type QueryInput } from "../../src/index.js";
import { ask, batchEmulator, clockedClient, resettingProxy } from "./helpers.js";

const test = suite("client.predictBatch");

test("an array: every row once, in completion order, with usage, latency and attempts; never more in flight than asked", async () => {
  const { emu, hits } = await batchEmulator();
  try {
    const reports: BatchProgress[] = [];
    const rows = Array.from({ length: 30 }, (_, i) => ask(`row ${i}`));
    const seen: number[] = [];
    for await (const r of emu.client().predictBatch({ endpoint: "free", inputs: rows, concurrency: 4, onProgress: (p) => reports.push(p) })) {
      assert.is(r.error, undefined, r.error?.message);
      assert.is(r.input, rows[r.index]);
      assert.ok((r.output?.choices?.[0]?.message as { content?: unknown } | undefined)?.content !== undefined);
      assert.ok((r.usage?.total_tokens ?? 0) > 0);
      assert.is(r.attempts, 1);
      assert.ok(r.latencyMs >= 0);
      seen.push(r.index);
    }
    assert.equal([...seen].sort((a, b) => a - b), rows.map((_, i) => i));
    assert.is(hits.length, 30);
    assert.ok(Math.max(...reports.map((p) => p.inFlight)) <= 4);
    const last = reports.at(-1)!;
    assert.is(last.finished, true);
    assert.is(last.done, 30);
    assert.is(last.answered, 30);
    assert.is(last.total, 30);
    assert.is(last.etaMs, 0);
    assert.ok(last.tokens > 0);
  } finally {
    await emu.close();
  }
});

test("an async iterable is pulled only as the window has room: a slow consumer holds at most the window", async () => {
  const { emu } = await batchEmulator();
  try {
    let pulled = 0;
    async function* rows(): AsyncGenerator<QueryInput> {
      for (let i = 0; i < 40; i++) {
        pulled++;
        yield ask(`lazy ${i}`);
      }
    }
    let consumed = 0;
    let worst = 0;
    for await (const r of emu.client().predictBatch({ endpoint: "free", inputs: rows(), concurrency: 3 })) {
      consumed++;
      worst = Math.max(worst, pulled - consumed);
      assert.is(r.error, undefined);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.is(consumed, 40);
    assert.ok(worst <= 3, `held ${worst} rows beyond the consumer`);
  } finally {
    await emu.close();
  }
});

test("a 429 with Retry-After pauses the whole batch: nothing is sent until the clock has moved past it", async () => {
  const clock = manualClock();
  const { emu, hits } = await batchEmulator({ clock });
  try {
    const waits: number[] = [];
    emu.faults.next("POST /serving-endpoints/free/invocations", { status: 429, retryAfter: 3 });
    const t0 = clock.now();
    const results = [];
    for await (const r of clockedClient(emu, clock, waits).predictBatch({ endpoint: "free", inputs: Array.from({ length: 12 }, (_, i) => ask(`p${i}`)), concurrency: 4 })) results.push(r);
    assert.is(results.length, 12);
    assert.ok(results.every((r) => r.error === undefined));
    assert.equal(results.filter((r) => r.attempts === 2).length, 1, "the turned-away row was sent again, once");
    assert.equal(waits, [3_000], "one pause for the whole batch");
    assert.is(hits[0]!.status, 429);
    // Only the rows already in flight when the 429 came back were answered before the pause ended.
    const early = hits.filter((h) => h.at < t0 + 3_000);
    assert.ok(early.length <= 4, `${early.length} calls before the pause ended`);
    assert.is(hits.length, 13);
  } finally {
    await emu.close();
  }
});

test("a 429 storm against a real limit: every row answered exactly once, the window shrinks, the waits are counted", async () => {
  const clock = manualClock();
  const { emu, hits } = await batchEmulator({ clock, calls: 10, rateLimitWindowMs: 1_000 });
  try {
    const reports: BatchProgress[] = [];
    const seen = new Set<number>();
    for await (const r of clockedClient(emu, clock).predictBatch({ endpoint: "limited", inputs: Array.from({ length: 50 }, (_, i) => ask(`s${i}`)), concurrency: 8, onProgress: (p) => reports.push(p) })) {
      assert.is(r.error, undefined, r.error?.message);
      assert.not.ok(seen.has(r.index));
      seen.add(r.index);
    }
    assert.is(seen.size, 50);
    assert.is(hits.filter((h) => h.status === 200).length, 50);
    const limited = hits.filter((h) => h.status === 429).length;
    assert.ok(limited > 0, "the limit was met");
    assert.ok(limited <= 20, `${limited} calls answered 429`);
    const last = reports.at(-1)!;
    assert.ok(last.rateLimitWaitMs >= 4_000, `${last.rateLimitWaitMs} ms waited`);
    assert.ok(Math.min(...reports.map((p) => p.concurrency)) < 8, "the window shrank");
    assert.is(last.retried, limited);
  } finally {
    await emu.close();
  }
});

test("a 503 without Retry-After pauses with a backoff, and the row is answered", async () => {
  const clock = manualClock();
  const { emu } = await batchEmulator({ clock });
  try {
    const waits: number[] = [];
    emu.faults.next("POST /serving-endpoints/free/invocations", { status: 503, times: 2 });
    const results = [];
    for await (const r of clockedClient(emu, clock, waits).predictBatch({ endpoint: "free", inputs: [ask("a")], concurrency: 1 })) results.push(r);
    assert.is(results[0]!.error, undefined);
    assert.is(results[0]!.attempts, 3);
    assert.is(waits.length, 2);
    assert.ok(waits[1]! >= waits[0]! / 2 && waits.every((w) => w > 0 && w <= 10_000), String(waits));
  } finally {
    await emu.close();
  }
});

test("a 429 with Retry-After: 0 on the only row in flight: sent again at once, no hang", async () => {
  const { emu, hits } = await batchEmulator();
  try {
    emu.faults.next("POST /serving-endpoints/free/invocations", { status: 429, retryAfter: 0, times: 2 });
    const results = [];
    for await (const r of emu.client().predictBatch({ endpoint: "free", inputs: [ask("only")], concurrency: 1 })) results.push(r);
    assert.is(results[0]!.error, undefined);
    assert.is(results[0]!.attempts, 3);
    assert.is(hits.length, 3);
  } finally {
    await emu.close();
  }
});

test("a row whose connection resets after it was sent fails with the error and is never sent again", async () => {
  const { emu } = await batchEmulator();
  const proxy = await resettingProxy(emu.url, "RESET-ME");
  try {
    const client = emu.client({ host: proxy.url, token: emu.token, maxRetries: 5, retryBaseDelayMs: 1 });
    const rows = [ask("fine 1"), ask("RESET-ME please"), ask("fine 2")];
    const results = [];
    for await (const r of client.predictBatch({ endpoint: "free", inputs: rows, concurrency: 2 })) results.push(r);
    const reset = results.find((r) => r.index === 1)!;
    assert.instance(reset.error, ConnectionError);
    assert.is(reset.attempts, 1);
    assert.is(reset.output, undefined);
    assert.is(proxy.resets, 1, "sent exactly once");
    assert.is(results.filter((r) => r.error === undefined).length, 2);
  } finally {
    await proxy.close();
    await emu.close();
  }
});

test("a malformed row fails with a ValidationError and is never sent; the others are answered", async () => {
  const { emu, hits } = await batchEmulator();
  try {
    const rows = [ask("ok"), { messages: "not a list" } as unknown as QueryInput, ask("ok too")];
    const results = [];
    for await (const r of emu.client().predictBatch({ endpoint: "free", inputs: rows })) results.push(r);
    assert.instance(results.find((r) => r.index === 1)!.error, ValidationError);
    assert.is(hits.length, 2);
  } finally {
    await emu.close();
  }
});

test("schema: every row is a structured predict with message.parsed", async () => {
  const { emu } = await batchEmulator();
  try {
    const Label = z.object({ label: z.enum(["positive", "negative"]), confidence: z.number() });
    const rows = ["great", "awful", "fine"].map((w) => ask(`Classify: ${w}`, 64));
    const results = [];
    for await (const r of emu.client().predictBatch({ endpoint: "free", inputs: rows, schema: Label })) results.push(r);
    assert.is(results.length, 3);
    for (const r of results) {
      assert.is(r.error, undefined, r.error?.message);
      const parsed = r.output!.choices[0]!.message.parsed;
      assert.ok(parsed.label === "positive" || parsed.label === "negative");
      assert.type(parsed.confidence, "number");
    }
  } finally {
    await emu.close();
  }
});

test("an abort stops the batch with AbortError; breaking out early stops pulling rows", async () => {
  const { emu, hits } = await batchEmulator();
  try {
    const ac = new AbortController();
    const err = await (async () => {
      try {
        for await (const r of emu.client().predictBatch({ endpoint: "free", inputs: Array.from({ length: 100 }, (_, i) => ask(`x${i}`)), concurrency: 2, signal: ac.signal })) {
          if (r.index >= 0) ac.abort();
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.instance(err, AbortError);
    assert.ok(hits.length < 100);
    let pulled = 0;
    const rows = function* () {
      for (let i = 0; i < 100; i++) { pulled++; yield ask(`y${i}`); }
    };
    for await (const _ of emu.client().predictBatch({ endpoint: "free", inputs: rows(), concurrency: 2 })) break;
    assert.ok(pulled <= 3, `${pulled} rows pulled`);
  } finally {
    await emu.close();
  }
});

test("bad arguments are a ValidationError before anything is sent", async () => {
  const { emu, hits } = await batchEmulator();
  try {
    const client = emu.client();
    for (const bad of [{ endpoint: "free", inputs: 3 }, { endpoint: "", inputs: [] }, { endpoint: "free", inputs: [], concurrency: 0 }]) {
      let error: unknown;
      try { for await (const _ of client.predictBatch(bad as never)) void _; } catch (e) { error = e; }
      assert.instance(error, ValidationError);
    }
    assert.is(hits.length, 0);
  } finally {
    await emu.close();
  }
});

test.run();
