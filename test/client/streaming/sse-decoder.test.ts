import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { Readable } from "node:stream";
import { decodeSse, type SseEvent } from "../../../src/index.js";

const enc = new TextEncoder();

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(prev, c);
    prev = c;
  }
  yield bytes.subarray(prev);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of decodeSse(source)) out.push(e);
  return out;
}

// A recorded-style stream: comments, event/id/retry lines, a multi-line data event, CRLF and CR
// line ends, multi-byte UTF-8 (é, 日本, an emoji) and a final [DONE] without its blank line.
const RECORDED =
  ": keep-alive\n" +
  "id: 1\nretry: 3000\n" +
  'data: {"choices":[{"delta":{"content":"Héllo"}}]}\n\n' +
  "event: message\r\n" +
  'data: {"choices":[{"delta":{"content":" 日本 🚀"}}]}\r\n\r\n' +
  'data: {"a":\ndata: 1}\n\n' +
  "thisisnotafield\n\n" +
  'data:{"b":2}\r\r' +
  "data: [DONE]";

const EXPECTED: SseEvent[] = [
  { event: undefined, data: '{"choices":[{"delta":{"content":"Héllo"}}]}' },
  { event: "message", data: '{"choices":[{"delta":{"content":" 日本 🚀"}}]}' },
  { event: undefined, data: '{"a":\n1}' },
  { event: undefined, data: '{"b":2}' },
  { event: undefined, data: "[DONE]" },
];

const test = suite("decodeSse");

test("the recorded stream in one read", async () => {
  assert.equal(await collect(chunksOf(enc.encode(RECORDED), [])), EXPECTED);
});

test("every single split point, including inside multi-byte UTF-8 characters and between CR and LF", async () => {
  const bytes = enc.encode(RECORDED);
  for (let i = 0; i <= bytes.length; i++) {
    assert.equal(await collect(chunksOf(bytes, [i])), EXPECTED, `split at byte ${i}`);
  }
});

test("byte-by-byte reads", async () => {
  const bytes = enc.encode(RECORDED);
  const cuts = Array.from({ length: bytes.length }, (_, i) => i);
  assert.equal(await collect(chunksOf(bytes, cuts)), EXPECTED);
});

test("any random chunking (property)", async () => {
  const bytes = enc.encode(RECORDED);
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 20 }), async (cuts) => {
      assert.equal(await collect(chunksOf(bytes, cuts)), EXPECTED);
    }),
    { numRuns: 300 },
  );
});

test("any events, any line endings, any chunking: what was encoded comes back (property)", async () => {
  const line = fc.string({ unit: "grapheme", maxLength: 30 }).map((t) => t.replace(/[\r\n]/g, " "));
  const event = fc.record({ type: fc.option(fc.constantFrom("message", "delta", "ping"), { nil: undefined }), lines: fc.array(line, { minLength: 1, maxLength: 3 }) });
  await fc.assert(
    fc.asyncProperty(fc.array(event, { maxLength: 8 }), fc.constantFrom("\n", "\r\n", "\r"), fc.array(fc.nat(), { maxLength: 12 }), async (events, eol, rawCuts) => {
      let text = ": hello" + eol;
      for (const e of events) {
        if (e.type !== undefined) text += `event: ${e.type}${eol}`;
        text += "id: 7" + eol;
        for (const l of e.lines) text += `data: ${l}${eol}`;
        text += eol;
      }
      const bytes = enc.encode(text);
      const got = await collect(chunksOf(bytes, rawCuts.map((c) => c % (bytes.length + 1))));
      assert.equal(got, events.map((e) => ({ event: e.type, data: e.lines.join("\n") })));
    }),
    { numRuns: 300 },
  );
});

test("a Node Readable body (what cross-fetch gives) decodes the same", async () => {
  const bytes = Buffer.from(RECORDED, "utf8");
  const readable = Readable.from([bytes.subarray(0, 7), bytes.subarray(7, 80), bytes.subarray(80)]);
  assert.equal(await collect(readable), EXPECTED);
});

test("a web ReadableStream body decodes the same", async () => {
  const bytes = enc.encode(RECORDED);
  const stream = new ReadableStream<Uint8Array>({
    start(c) { c.enqueue(bytes.subarray(0, 33)); c.enqueue(bytes.subarray(33)); c.close(); },
  });
  assert.equal(await collect(stream as unknown as AsyncIterable<Uint8Array>), EXPECTED);
});

test("an event without data is not emitted and resets the event type", async () => {
  const out = await collect(chunksOf(enc.encode("event: ping\n\ndata: x\n\n"), []));
  assert.equal(out, [{ event: undefined, data: "x" }]);
});

test("a long line split over many reads is reassembled", async () => {
  const payload = "x".repeat(100_000);
  const bytes = enc.encode(`data: ${payload}\n\n`);
  const cuts = Array.from({ length: 99 }, (_, i) => (i + 1) * 1000);
  const out = await collect(chunksOf(bytes, cuts));
  assert.is(out.length, 1);
  assert.is(out[0]!.data.length, 100_000);
});

test("10,000 events in 64 KB reads stay linear (well under a second)", async () => {
  const one = `data: ${JSON.stringify({ choices: [{ delta: { content: "token" } }] })}\n\n`;
  const bytes = enc.encode(one.repeat(10_000));
  const cuts = Array.from({ length: Math.floor(bytes.length / 65536) }, (_, i) => (i + 1) * 65536);
  const started = performance.now();
  const out = await collect(chunksOf(bytes, cuts));
  assert.is(out.length, 10_000);
  assert.ok(performance.now() - started < 1000);
});

test.run();
