import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Conversation, DeploymentsError, RateLimitError, ValidationError, turnStats } from "../../src/index.js";
import { scriptedClient } from "../helpers/scripted-client.js";

// The shared fake: each call streams the next script's chunks (test/helpers/scripted-client.ts).
const scripted = scriptedClient;

const chunk = (content: string, extra: Record<string, unknown> = {}) => ({
  object: "chat.completion.chunk", model: "gpt-4", choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra,
});

const s = suite("Conversation");

s("a stream that arrives in one burst gets no tokens-per-second figure (it would be meaningless)", async () => {
  const client = scripted([{ gapMs: 0, chunks: [chunk("a"), chunk("b"), chunk("c"), chunk("d")] }]);
  const turn = await new Conversation({ client, endpoint: "chat" }).send("Hi");
  assert.is(turn.reply, "abcd");
  assert.is(turn.tokensPerSecond, undefined);
  assert.not.match(turnStats(turn), /tok\/s/);
});

s("send streams deltas to for-await, onDelta and await alike; records usage, model, simulated, TTFT and tok/s", async () => {
  // 30 ms between chunks: a rate is measured over at least 50 ms of streaming (see the burst test below).
  const client = scripted([{ gapMs: 30, chunks: [chunk("Hel"), chunk("lo"), chunk(" there", { simulated: true, usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }, choices: [{ index: 0, delta: { content: " there" }, finish_reason: "stop" }] })] }]);
  const conversation = new Conversation({ client, endpoint: "chat", system: "Be brief.", params: { temperature: 0.3, max_tokens: 50 } });
  const reply = conversation.send("Hi");
  const heard: string[] = [];
  reply.onDelta((d) => heard.push(d));
  const iterated: string[] = [];
  for await (const delta of reply) iterated.push(delta);
  const turn = await reply;
  assert.equal(iterated, ["Hel", "lo", " there"]);
  assert.equal(heard, iterated);
  assert.is(turn.reply, "Hello there");
  assert.is(turn.status, "complete");
  assert.is(turn.model, "gpt-4");
  assert.is(turn.simulated, true);
  assert.is(turn.finishReason, "stop");
  assert.equal(turn.usage, { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
  assert.ok(turn.timeToFirstTokenMs !== undefined && turn.timeToFirstTokenMs >= 0);
  assert.ok(turn.tokensPerSecond !== undefined && turn.tokensPerSecond > 0);
  assert.equal(client.calls[0]?.inputs, { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }], temperature: 0.3, max_tokens: 50 });
  assert.is(conversation.totals().totalTokens, 10);
});

s("a late iterator replays every delta from the start", async () => {
  const conversation = new Conversation({ client: scripted([{ chunks: [chunk("a"), chunk("b")] }]), endpoint: "chat" });
  const reply = conversation.send("x");
  await reply;
  const seen: string[] = [];
  for await (const d of reply) seen.push(d);
  assert.equal(seen, ["a", "b"]);
});

s("the next request carries earlier turns as context", async () => {
  const client = scripted([{ chunks: [chunk("one")] }, { chunks: [chunk("two")] }]);
  const conversation = new Conversation({ client, endpoint: "chat" });
  await conversation.send("first");
  await conversation.send("second");
  assert.equal(client.calls[1]?.inputs.messages, [
    { role: "user", content: "first" }, { role: "assistant", content: "one" }, { role: "user", content: "second" },
  ]);
});

s("cancel keeps the partial reply, marks it cancelled, and resolves (does not reject)", async () => {
  const client = scripted([{ chunks: Array.from({ length: 200 }, (_, i) => chunk(`t${i} `)), gapMs: 2 }]);
  const conversation = new Conversation({ client, endpoint: "chat" });
  const reply = conversation.send("long");
  let n = 0;
  reply.onDelta(() => { if (++n === 5) reply.cancel(); });
  const turn = await reply;
  assert.is(turn.status, "cancelled");
  assert.ok(turn.reply.startsWith("t0 t1 t2 t3 t4"), turn.reply);
  assert.ok(turn.reply.length < 200 * 3);
  assert.is(conversation.streaming, false);
  assert.is(client.calls[0]?.signal?.aborted, true);
});

s("an outer AbortSignal cancels too; a cancelled reply with text is context, an empty one is not", async () => {
  const client = scripted([{ chunks: Array.from({ length: 100 }, () => chunk("z")), gapMs: 2 }, { chunks: [chunk("ok")] }]);
  const conversation = new Conversation({ client, endpoint: "chat" });
  const controller = new AbortController();
  const reply = conversation.send("q1", { signal: controller.signal });
  reply.onDelta(() => controller.abort());
  const turn = await reply;
  assert.is(turn.status, "cancelled");
  await conversation.send("q2");
  const messages = client.calls[1]?.inputs.messages ?? [];
  assert.equal(messages.map((m) => m.role), ["user", "assistant", "user"]);
});

s("a failed request keeps the user's message, rejects with the error, is left out of context; retry() replaces it", async () => {
  // A real RateLimitError: describeError reads the error shape (toJSON), not any object's fields.
  const boom = new RateLimitError({ status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", message: "Too many requests", details: undefined, requestId: undefined, retryAfter: 2, operation: undefined });
  const client = scripted([{ error: boom }, { chunks: [chunk("fine")] }, { chunks: [chunk("after")] }]);
  const conversation = new Conversation({ client, endpoint: "chat" });
  const reply = conversation.send("keep me");
  const error = await reply.then(() => undefined, (e: unknown) => e);
  assert.is(error, boom);
  const failed = conversation.lastTurn;
  assert.is(failed?.user, "keep me");
  assert.is(failed?.status, "error");
  assert.equal(failed?.error, { name: "RateLimitError", message: "429 REQUEST_LIMIT_EXCEEDED: Too many requests", status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", retryAfterMs: 2000 });
  assert.equal(conversation.messages(), []);
  const retried = await conversation.retry();
  assert.is(retried.reply, "fine");
  assert.is(conversation.turns.length, 1);
  await conversation.send("next");
  assert.equal(client.calls[2]?.inputs.messages.map((m) => m.content), ["keep me", "fine", "next"]);
});

s("an error mid-stream keeps the partial text and the iterator throws", async () => {
  const client = scripted([{ chunks: [chunk("par"), chunk("tial"), chunk("x")], failAfter: 2, error: new Error("stream broke") }]);
  const conversation = new Conversation({ client, endpoint: "chat" });
  const reply = conversation.send("q");
  const seen: string[] = [];
  const thrown = await (async () => { try { for await (const d of reply) seen.push(d); } catch (e) { return e; } return undefined; })();
  assert.instance(thrown, Error);
  assert.equal(seen, ["par", "tial"]);
  assert.is(conversation.lastTurn?.reply, "partial");
  assert.is(conversation.lastTurn?.status, "error");
});

s("only one reply streams at a time; empty messages and missing clients are clear errors", async () => {
  const conversation = new Conversation({ client: scripted([{ chunks: [chunk("a")], gapMs: 5 }]), endpoint: "chat" });
  const reply = conversation.send("one");
  assert.throws(() => conversation.send("two"), /still streaming/);
  await reply;
  assert.throws(() => conversation.send("   "), /empty/);
  assert.throws(() => new Conversation({ endpoint: "chat" }).send("hi"), (e: unknown) => e instanceof DeploymentsError && /no client/.test((e as Error).message));
  assert.throws(() => new Conversation({ endpoint: "chat" }).retry(), /Nothing to retry/);
});

s("a bad batchMs is refused by send() and retry() before a turn is recorded or anything is sent", async () => {
  const client = scripted([{ chunks: [chunk("a")], gapMs: 0 }, { chunks: [chunk("b")], gapMs: 0 }]);
  const conversation = new Conversation({ client, endpoint: "chat" });
  await conversation.send("first", { batchMs: 0 });
  for (const bad of [Number.NaN, null, -1, 1.5, 1001, "80", Number.POSITIVE_INFINITY]) {
    const calls = { send: () => conversation.send("hi", { batchMs: bad as number }), retry: () => conversation.retry({ batchMs: bad as number }) };
    for (const [name, call] of Object.entries(calls)) {
      try {
        call();
        assert.unreachable(`${name}: batchMs ${String(bad)} was accepted`);
      } catch (e) {
        assert.instance(e, ValidationError, `${name}: batchMs ${String(bad)}: ${String(e)}`);
        assert.is((e as ValidationError).issues[0]?.path, "batchMs");
        assert.match((e as Error).message, new RegExp(`${name}\\(\\) argument`));
      }
    }
  }
  assert.equal(conversation.turns.map((t) => t.reply), ["a"], "no turn recorded, none replaced, by a refused call");
  assert.is((await conversation.send("again", { batchMs: 80 })).reply, "b");
});

s("retry() without a client throws and keeps the last turn (the user's message is not lost)", () => {
  const saved = new Conversation({ endpoint: "chat" }).toJSON();
  const json = { ...saved, turns: [{ id: 1, user: "keep me", reply: "", status: "error" as const, endpoint: "chat", simulated: false, startedAt: saved.createdAt, error: { name: "Error", message: "x" } }] };
  const conversation = Conversation.fromJSON(json);
  assert.throws(() => conversation.retry(), /no client/);
  assert.is(conversation.turns.length, 1);
  assert.is(conversation.lastTurn?.user, "keep me");
});

s("setParams validates names and ranges and leaves params unchanged on error", () => {
  const conversation = new Conversation({ endpoint: "chat", params: { temperature: 1 } });
  conversation.setParams({ max_tokens: 10, stop: ["END"] });
  assert.equal(conversation.params, { temperature: 1, max_tokens: 10, stop: ["END"] });
  try { conversation.setParams({ temperature: 5 }); assert.unreachable(); }
  catch (e) { assert.instance(e, ValidationError); assert.match((e as Error).message, /temperature/); }
  try { conversation.setParams({ max_token: 5 } as never); assert.unreachable(); }
  catch (e) { assert.instance(e, ValidationError); assert.match((e as Error).message, /max_token/); }
  conversation.setParams({ temperature: undefined });
  assert.equal(conversation.params, { max_tokens: 10, stop: ["END"] });
});

s("toJSON / fromJSON round-trip (also through JSON text); toMarkdown shows turns, cancelled and errors", async () => {
  const client = scripted([{ chunks: [chunk("Answer **one**")] }, { error: new Error("nope") }]);
  const conversation = new Conversation({ client, endpoint: "chat", system: "sys", params: { temperature: 0.5 } });
  await conversation.send("Q1");
  await conversation.send("Q2").then(undefined, () => undefined);
  const text = JSON.stringify(conversation);
  const back = Conversation.fromJSON(text);
  assert.equal(back.toJSON(), conversation.toJSON());
  assert.is(back.system, "sys");
  assert.equal(back.params, { temperature: 0.5 });
  const md = back.toMarkdown();
  assert.match(md, /# Conversation with `chat`/);
  assert.match(md, /## System\n\nsys/);
  assert.match(md, /## You\n\nQ1/);
  assert.match(md, /Answer \*\*one\*\*/);
  assert.match(md, /\*\*Error\*\* \(Error\): nope/);
  assert.throws(() => Conversation.fromJSON({ format: "x" }), (e: unknown) => e instanceof ValidationError);
  assert.throws(() => Conversation.fromJSON("{not json"), /not JSON/);
});

s("fromJSON turns a turn saved mid-stream into a cancelled one", () => {
  const data = new Conversation({ endpoint: "chat" }).toJSON();
  const back = Conversation.fromJSON({ ...data, turns: [{ id: 1, user: "u", reply: "par", status: "streaming", endpoint: "chat", simulated: false, startedAt: data.createdAt }] });
  assert.is(back.lastTurn?.status, "cancelled");
  assert.equal(back.messages(), [{ role: "user", content: "u" }, { role: "assistant", content: "par" }]);
});

s.run();
