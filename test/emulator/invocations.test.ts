import { suite } from "uvu";
import * as assert from "uvu/assert";
import OpenAI from "openai";
import { InvalidParameterError } from "../../src/index.js";
import { SIMULATED_HEADER, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call, userMessage } from "./helpers.js";

const test = suite<{ emu: Emulator }>("emulator invocations and the simulated model");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  const client = ctx.emu.client();
  await client.updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 100000, key: "user", renewal_period: "minute" }] } });
  for (const [name, task, model] of [["completer", "llm/v1/completions", "gpt-3.5-turbo-instruct"], ["embedder", "llm/v1/embeddings", "text-embedding-3-small"]] as const) {
    await client.createEndpoint({ name, config: { served_entities: [{ name: "m", external_model: { name: model, provider: "openai", task, openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } }] } } as any);
  }
  await client.createEndpoint({
    name: "split",
    config: {
      served_entities: ["a", "b"].map((name) => ({ name, external_model: { name: `model-${name}`, provider: "anthropic", task: "llm/v1/chat", anthropic_config: { anthropic_api_key: "{{secrets/my-scope/openai-api-key}}" } } })),
      traffic_config: { routes: [{ served_entity_name: "a", traffic_percentage: 70 }, { served_entity_name: "b", traffic_percentage: 30 }] },
    },
  } as any);
  await client.waitForEndpoint({ endpoint: "split", timeoutMs: 5000, pollIntervalMs: 20 } as any);
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("predict: deterministic, labelled simulated reply quoting the question, with usage", async ({ emu }) => {
  const client = emu.client();
  const a = (await client.predict({ endpoint: "chat", inputs: userMessage("What is MLflow?") })) as any;
  const b = (await client.predict({ endpoint: "chat", inputs: userMessage("What is MLflow?") })) as any;
  assert.is(a.simulated, true);
  assert.is(a.object, "chat.completion");
  assert.match(a.choices[0].message.content, "> What is MLflow?");
  assert.match(a.choices[0].message.content, "simulated");
  assert.is(a.choices[0].message.content, b.choices[0].message.content);
  assert.is(a.choices[0].finish_reason, "stop");
  assert.is(a.usage.prompt_tokens, 3);
  assert.is(a.usage.total_tokens, a.usage.prompt_tokens + a.usage.completion_tokens);
  const raw = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("hi"));
  assert.is(raw.headers.get(SIMULATED_HEADER), "true");
  assert.is(raw.headers.get("served-model-name"), "test");
});

test("predictStream: word-by-word chunks, every one labelled, usage at the end, text equals predict's", async ({ emu }) => {
  const client = emu.client();
  const chunks: any[] = [];
  for await (const chunk of client.predictStream({ endpoint: "chat", inputs: userMessage("Stream please") })) chunks.push(chunk);
  assert.ok(chunks.length > 20);
  assert.ok(chunks.every((c) => c.simulated === true && c.object === "chat.completion.chunk"));
  assert.is(chunks[0].choices[0].delta.role, "assistant");
  const text = chunks.map((c) => c.choices[0].delta.content ?? "").join("");
  const whole = (await client.predict({ endpoint: "chat", inputs: userMessage("Stream please") })) as any;
  assert.is(text, whole.choices[0].message.content);
  const last = chunks[chunks.length - 1];
  assert.is(last.choices[0].finish_reason, "stop");
  assert.is(last.usage.completion_tokens, chunks.length - 1);
});

test("max_tokens truncates with finish_reason length; long prompts and simulated_tokens give long replies", async ({ emu }) => {
  const client = emu.client();
  const short = (await client.predict({ endpoint: "chat", inputs: { ...userMessage("hi"), max_tokens: 4 } })) as any;
  assert.is(short.usage.completion_tokens, 4);
  assert.is(short.choices[0].finish_reason, "length");
  const essay = (await client.predict({ endpoint: "chat", inputs: userMessage("Write a long essay about endpoints") })) as any;
  assert.is(essay.usage.completion_tokens, 800);
  assert.ok(essay.choices[0].message.content.split("\n\n").length > 8);
  let count = 0;
  let finish = "";
  for await (const chunk of client.predictStream({ endpoint: "chat", inputs: { ...userMessage("x"), extra_params: { simulated_tokens: "5000" } } }) as AsyncIterable<any>) {
    if (chunk.choices[0].delta.content !== undefined) count++;
    if (chunk.choices[0].finish_reason) finish = chunk.choices[0].finish_reason;
  }
  assert.is(count, 5000);
  assert.is(finish, "stop");
});

test("paced streams follow the requested pace (extra_params.simulated_delay_ms)", async ({ emu }) => {
  const started = performance.now();
  let n = 0;
  const inputs = { ...userMessage("pace"), extra_params: { simulated_tokens: "40", simulated_delay_ms: "5" } };
  for await (const chunk of emu.client().predictStream({ endpoint: "chat", inputs })) if (chunk) n++;
  const ms = performance.now() - started;
  assert.is(n, 41);
  assert.ok(ms >= 180 && ms < 2000, `40 tokens at 5 ms took ${ms} ms`);
});

test("inputs are checked against the task", async ({ emu }) => {
  const wrong = await call(emu, "POST", "/serving-endpoints/chat/invocations", { prompt: "hi" });
  assert.is(wrong.status, 400);
  assert.is(wrong.body.error_code, "INVALID_PARAMETER_VALUE");
  assert.match(wrong.body.message, "messages");
  const role = await call(emu, "POST", "/serving-endpoints/chat/invocations", { messages: [{ role: "wizard", content: "x" }] });
  assert.match(role.body.message, "messages[0].role");
  const emb = await call(emu, "POST", "/serving-endpoints/embedder/invocations", { messages: [] });
  assert.is(emb.status, 400);
  try {
    await emu.client().predict({ endpoint: "completer", inputs: userMessage("x") });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, InvalidParameterError);
  }
});

test("completions and embeddings: shapes, determinism, unit vectors", async ({ emu }) => {
  const completion = await call(emu, "POST", "/serving-endpoints/completer/invocations", { prompt: "Once upon a time" });
  assert.is(completion.body.object, "text_completion");
  assert.match(completion.body.choices[0].text, "Once upon a time");
  const e1 = await call(emu, "POST", "/serving-endpoints/embedder/invocations", { input: ["alpha", "beta"] });
  const e2 = await call(emu, "POST", "/serving-endpoints/embedder/invocations", { input: "alpha" });
  assert.is(e1.body.object, "list");
  assert.is(e1.body.data.length, 2);
  assert.is(e1.body.data[0].embedding.length, 1536);
  assert.equal(e1.body.data[0].embedding, e2.body.data[0].embedding);
  assert.not.equal(e1.body.data[0].embedding, e1.body.data[1].embedding);
  const norm = Math.sqrt(e2.body.data[0].embedding.reduce((s: number, v: number) => s + v * v, 0));
  assert.ok(Math.abs(norm - 1) < 1e-3);
  assert.is(e2.body.simulated, true);
});

test("traffic split follows the weights exactly over 100 calls; the served-models route pins one entity", async ({ emu }) => {
  const counts: Record<string, number> = {};
  for (let i = 0; i < 100; i++) {
    const r = await call(emu, "POST", "/serving-endpoints/split/invocations", userMessage("x"));
    const served = r.headers.get("served-model-name")!;
    counts[served] = (counts[served] ?? 0) + 1;
  }
  assert.equal(counts, { a: 70, b: 30 });
  const pinned = await call(emu, "POST", "/serving-endpoints/split/served-models/b/invocations", userMessage("x"));
  assert.is(pinned.headers.get("served-model-name"), "b");
  assert.is(pinned.body.model, "model-b");
  assert.is((await call(emu, "POST", "/serving-endpoints/split/served-models/zzz/invocations", userMessage("x"))).status, 404);
  assert.is((await call(emu, "POST", "/serving-endpoints/nope/invocations", userMessage("x"))).body.error_code, "RESOURCE_DOES_NOT_EXIST");
});

test("OpenAI-compatible routes with plain fetch and with the official openai client", async ({ emu }) => {
  const chat = await call(emu, "POST", "/serving-endpoints/chat/completions", { model: "chat", messages: [{ role: "user", content: "Hi there" }] });
  assert.is(chat.status, 200);
  assert.match(chat.body.choices[0].message.content, "> Hi there");
  const missing = await call(emu, "POST", "/serving-endpoints/chat/completions", { messages: [{ role: "user", content: "x" }] });
  assert.is(missing.status, 400);
  assert.match(missing.body.message, "model");
  const completions = await call(emu, "POST", "/serving-endpoints/completions", { model: "completer", prompt: "abc" });
  assert.is(completions.body.object, "text_completion");
  const embeddings = await call(emu, "POST", "/serving-endpoints/embeddings", { model: "embedder", input: "abc" });
  assert.is(embeddings.body.data[0].embedding.length, 1536);

  const openai = new OpenAI({ baseURL: `${emu.url}/serving-endpoints`, apiKey: emu.token, maxRetries: 0 });
  const reply = await openai.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "From the OpenAI SDK" }] });
  assert.match(reply.choices[0]!.message.content ?? "", "From the OpenAI SDK");
  const stream = await openai.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "stream" }], stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  assert.match(text, "> stream");
  const vectors = await openai.embeddings.create({ model: "embedder", input: "abc" });
  const expected: number[] = embeddings.body.data[0].embedding;
  assert.is(vectors.data[0]!.embedding.length, expected.length);
  assert.ok(vectors.data[0]!.embedding.every((v, i) => Math.abs(v - expected[i]!) < 1e-6));
});

test.run();
