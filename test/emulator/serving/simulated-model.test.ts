import { suite } from "uvu";
import * as assert from "uvu/assert";
import { streamBody, streamEvents, type SimulatedReply, type SimulationCall } from "../../../src/emulator/serving/simulated-model.js";
import { ReadyStream } from "../../../src/emulator/http/ready-stream.js";

const test = suite("emulator simulated stream events");

/** The chunk event as it was built before the per-reply template: the reference for the wire bytes. */
function previousChunkEvent(call: SimulationCall, reply: SimulatedReply, piece: string, first: boolean): string {
  const choices = [];
  for (let index = 0; index < reply.n; index++) {
    choices.push(
      call.task === "chat"
        ? { index, delta: first ? { role: "assistant", content: piece } : { content: piece }, finish_reason: null }
        : { index, text: piece, finish_reason: null },
    );
  }
  const object = call.task === "chat" ? "chat.completion.chunk" : "text_completion";
  return `data: ${JSON.stringify({ id: call.id, object, created: call.created, model: call.model, choices, simulated: true })}\n\n`;
}

/** The closing chunk(s) and `data: [DONE]`, as they were built before the shared templates. */
function finalEvents(call: SimulationCall, reply: SimulatedReply): string {
  const choices = [];
  for (let index = 0; index < reply.n; index++) {
    choices.push(call.task === "chat" ? { index, delta: {}, finish_reason: reply.finishReason } : { index, text: "", finish_reason: reply.finishReason });
  }
  const completion = reply.tokens.length * reply.n;
  const usage = { prompt_tokens: reply.promptTokens, completion_tokens: completion, total_tokens: reply.promptTokens + completion };
  const head = { id: call.id, object: call.task === "chat" ? "chat.completion.chunk" : "text_completion", created: call.created, model: call.model };
  if (reply.includeUsage === true) {
    return `data: ${JSON.stringify({ ...head, choices, simulated: true })}\n\ndata: ${JSON.stringify({ ...head, choices: [], usage, simulated: true })}\n\ndata: [DONE]\n\n`;
  }
  return `data: ${JSON.stringify({ ...head, choices, usage, simulated: true })}\n\ndata: [DONE]\n\n`;
}

function previousStream(call: SimulationCall, reply: SimulatedReply): string {
  let all = "";
  reply.tokens.forEach((piece, i) => (all += previousChunkEvent(call, reply, piece, i === 0)));
  if (reply.tokens.length === 0) all += previousChunkEvent(call, reply, "", true);
  return all + finalEvents(call, reply);
}

async function collect(events: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const TOKENS = ["Hello", " \"quoted\"", " back\\slash", " new\nline", " ünïcode ✓", " \u0001ctl", " </script>"];

function cases(): Array<{ call: SimulationCall; reply: SimulatedReply }> {
  const out: Array<{ call: SimulationCall; reply: SimulatedReply }> = [];
  for (const task of ["chat", "completions"] as const) {
    for (const n of [1, 3]) {
      for (const tokens of [TOKENS, [] as string[]]) {
        out.push({
          call: { task, inputs: {}, endpoint: "chat", model: "gpt-\"4\"", id: `${task}-emulator-${n}`, created: 1_700_000_000 },
          reply: { tokens, finishReason: "stop", promptTokens: 4, n },
        });
      }
    }
  }
  return out;
}

test("unpaced streams are byte-identical to the previous per-token envelope (chat and completions, n=1 and n=3, no tokens)", async () => {
  for (const { call, reply } of cases()) {
    const events = await collect(streamEvents(call, reply, 0, new AbortController().signal));
    assert.is(events.join(""), previousStream(call, reply), `${call.task} n=${reply.n} tokens=${reply.tokens.length}`);
    const parsed = events.join("").split("\n\n").filter((e) => e !== "" && e !== "data: [DONE]").map((e) => JSON.parse(e.slice("data: ".length)));
    const expected = previousStream(call, reply).split("\n\n").filter((e) => e !== "" && e !== "data: [DONE]").map((e) => JSON.parse(e.slice("data: ".length)));
    assert.equal(parsed, expected);
  }
});

async function bodyText(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return out;
}

test("an unpaced stream body is one ready Buffer with the same bytes, for shared (frozen) and one-off token arrays, with and without include_usage, twice over", async () => {
  for (const { call, reply } of cases()) {
    for (const includeUsage of [false, true]) {
      for (const tokens of [reply.tokens, Object.freeze([...reply.tokens])]) {
        const shaped: SimulatedReply = { ...reply, tokens, ...(includeUsage ? { includeUsage } : {}) };
        // the second round reads the kept template
        for (const round of [1, 2]) {
          const chunks = streamBody(call, shaped, 0, new AbortController());
          assert.ok(chunks instanceof ReadyStream);
          assert.is(await bodyText(chunks), previousStream(call, shaped), `${call.task} n=${reply.n} tokens=${tokens.length} frozen=${Object.isFrozen(tokens)} usage=${includeUsage} round ${round}`);
        }
      }
    }
  }
  // Another stream of the same shared words: its own id and created, same rests.
  const shared = Object.freeze(["One", " two"]);
  const reply: SimulatedReply = { tokens: shared, finishReason: "length", promptTokens: 2, n: 1 };
  for (const id of ["chatcmpl-emulator-7", "chatcmpl-emulator-1234"]) {
    const call: SimulationCall = { task: "chat", inputs: {}, endpoint: "e", model: "m", id, created: 1_800_000_000 };
    assert.is(await bodyText(streamBody(call, reply, 0, new AbortController())), previousStream(call, reply));
  }
});

test("paced stream bodies are the paced event generator, event by event", async () => {
  const [{ call, reply }] = cases();
  const events: string[] = [];
  for await (const chunk of streamBody(call!, reply!, 1, new AbortController())) events.push(chunk as string);
  assert.equal(events, [...reply!.tokens.map((t, i) => previousChunkEvent(call!, reply!, t, i === 0)), finalEvents(call!, reply!)]);
});

test("paced streams yield the same events one by one; only the first chat chunk carries the role", async () => {
  for (const { call, reply } of cases()) {
    const events = await collect(streamEvents(call, reply, 1, new AbortController().signal));
    const expected = reply.tokens.length === 0 ? [previousChunkEvent(call, reply, "", true)] : reply.tokens.map((t, i) => previousChunkEvent(call, reply, t, i === 0));
    assert.equal(events, [...expected, finalEvents(call, reply)]);
  }
  const [chat] = cases();
  const events = await collect(streamEvents(chat!.call, chat!.reply, 1, new AbortController().signal));
  const roles = events.slice(0, -1).map((e) => JSON.parse(e.slice("data: ".length)).choices[0].delta.role);
  assert.equal(roles, ["assistant", ...Array<undefined>(TOKENS.length - 1).fill(undefined)]);
});

test("the chunk envelope is serialised once per reply, not once per token", async () => {
  const call: SimulationCall = { task: "chat", inputs: {}, endpoint: "chat", model: "m", id: "chatcmpl-x", created: 1 };
  const reply: SimulatedReply = { tokens: Array.from({ length: 1_000 }, (_, i) => ` t${i}`), finishReason: "stop", promptTokens: 1, n: 2 };
  const original = JSON.stringify;
  let objectCalls = 0;
  JSON.stringify = ((value: unknown, ...rest: unknown[]) => {
    if (typeof value === "object" && value !== null) objectCalls++;
    return (original as (v: unknown, ...r: unknown[]) => string)(value, ...rest);
  }) as typeof JSON.stringify;
  try {
    await collect(streamEvents(call, reply, 0, new AbortController().signal));
  } finally {
    JSON.stringify = original;
  }
  // The closing chunk (finish_reason + usage) is one object; token chunks add none.
  assert.ok(objectCalls <= 2, `${objectCalls} object serialisations for 1000 tokens`);
});

test("a paced stream whose client left between chunks ends at once instead of sleeping out the delay", async () => {
  const call: SimulationCall = { task: "chat", inputs: {}, endpoint: "chat", model: "m", id: "chatcmpl-x", created: 1 };
  const reply: SimulatedReply = { tokens: ["a", " b", " c"], finishReason: "stop", promptTokens: 1, n: 1 };
  const controller = new AbortController();
  const events = streamEvents(call, reply, 2_000, controller.signal);
  assert.is((await events.next()).done, false);
  controller.abort(new Error("client disconnected"));
  const started = performance.now();
  assert.is((await events.next()).done, true);
  const ms = performance.now() - started;
  assert.ok(ms < 200, `the stream kept sleeping for ${ms.toFixed(0)} ms after the abort`);
});

test.run();
