import { suite } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call } from "./helpers.js";

const test = suite<{ emu: Emulator }>("the simulated model honours tools, formats and caps");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  await ctx.emu.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 100000, key: "user", renewal_period: "minute" }] } });
});
test.after(async (ctx) => ctx.emu.close());

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] }, days: { type: "integer", minimum: 1, maximum: 7 } }, required: ["city", "days"], additionalProperties: false },
  },
};
const time = { type: "function", function: { name: "get_time", description: "The local time in a timezone", parameters: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] } } };
const user = (content: string) => ({ role: "user", content });
const chat = (emu: Emulator, body: Record<string, unknown>) => call(emu, "POST", "/serving-endpoints/chat/invocations", body);
const validFor = (schema: unknown, json: string): boolean => z.fromJSONSchema(schema as never).safeParse(JSON.parse(json)).success;

/** MLflow's predict_stream parser: every non-empty line is `data: …`, and `[DONE]` is last. */
function strictEvents(text: string): any[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  assert.ok(lines.every((l) => l.startsWith("data: ")), "data-only framing");
  assert.is(lines[lines.length - 1], "data: [DONE]");
  return lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)));
}

test("tool_choice forced by name, required, auto and none", async ({ emu }) => {
  const named = await chat(emu, { messages: [user("hello")], tools: [weather, time], tool_choice: { type: "function", function: { name: "get_time" } } });
  assert.is(named.status, 200);
  const choice = named.body.choices[0];
  assert.is(choice.finish_reason, "tool_calls");
  assert.is(choice.message.content, null);
  assert.is(choice.message.tool_calls.length, 1);
  const tc = choice.message.tool_calls[0];
  assert.is(tc.type, "function");
  assert.is(tc.function.name, "get_time");
  assert.match(tc.id, /^call_[0-9a-f]{24}$/);
  assert.ok(validFor(time.function.parameters, tc.function.arguments));
  assert.ok(named.body.usage.completion_tokens > 0);

  const required = await chat(emu, { messages: [user("no tool named here")], tools: [weather, time], tool_choice: "required" });
  assert.is(required.body.choices[0].message.tool_calls[0].function.name, "get_weather", "required with no mention calls the first tool");
  assert.ok(validFor(weather.function.parameters, required.body.choices[0].message.tool_calls[0].function.arguments));

  const both = await chat(emu, { messages: [user("call get_time, then get weather")], tools: [weather, time], tool_choice: "required" });
  assert.equal(both.body.choices[0].message.tool_calls.map((c: any) => c.function.name), ["get_time", "get_weather"], "parallel, in order of mention");
  const single = await chat(emu, { messages: [user("call get_time, then get weather")], tools: [weather, time], tool_choice: "required", parallel_tool_calls: false });
  assert.is(single.body.choices[0].message.tool_calls.length, 1);

  const asks = await chat(emu, { messages: [user("What's the weather like in Paris?")], tools: [weather, time] });
  assert.is(asks.body.choices[0].message.tool_calls[0].function.name, "get_weather", "auto: the user plainly asks for what a tool offers");
  const chatty = await chat(emu, { messages: [user("Tell me a joke")], tools: [weather, time], tool_choice: "auto" });
  assert.is(chatty.body.choices[0].finish_reason, "stop");
  assert.is(chatty.body.choices[0].message.tool_calls, undefined);
  assert.match(chatty.body.choices[0].message.content, "simulated");
  const none = await chat(emu, { messages: [user("get_weather please")], tools: [weather], tool_choice: "none" });
  assert.is(none.body.choices[0].finish_reason, "stop");
});

test("deterministic: the same request gets the same ids and arguments, stream or not", async ({ emu }) => {
  const body = { messages: [user("get_weather for Oslo")], tools: [weather] };
  const a = await chat(emu, body);
  const b = await chat(emu, body);
  assert.equal(a.body.choices[0].message.tool_calls, b.body.choices[0].message.tool_calls);
  const streamed = strictEvents((await chat(emu, { ...body, stream: true })).text);
  assert.is(streamed[0].choices[0].delta.tool_calls[0].id, a.body.choices[0].message.tool_calls[0].id);
});

test("after tool results the model answers in text quoting them", async ({ emu }) => {
  const first = await chat(emu, { messages: [user("get_weather for Paris")], tools: [weather] });
  const assistant = first.body.choices[0].message;
  const messages = [user("get_weather for Paris"), assistant, { role: "tool", tool_call_id: assistant.tool_calls[0].id, content: '{"temp":21}' }];
  const second = await chat(emu, { messages, tools: [weather] });
  assert.is(second.body.choices[0].finish_reason, "stop");
  assert.match(second.body.choices[0].message.content, '`get_weather` returned: {"temp":21}');
  assert.match(second.body.choices[0].message.content, "simulated");
  const forced = await chat(emu, { messages, tools: [weather], tool_choice: "required" });
  assert.is(forced.body.choices[0].finish_reason, "tool_calls", "forcing still forces after results");
});

test("streamed tool calls: first delta has index, id, type, name; argument fragments; finish tool_calls", async ({ emu }) => {
  const events = strictEvents((await chat(emu, { messages: [user("get_time and get_weather")], tools: [weather, time], stream: true })).text);
  const deltas = events.flatMap((e) => e.choices.flatMap((c: any) => c.delta?.tool_calls ?? []));
  const byIndex = new Map<number, any[]>();
  for (const d of deltas) byIndex.set(d.index, [...(byIndex.get(d.index) ?? []), d]);
  assert.equal([...byIndex.keys()], [0, 1]);
  for (const [index, parts] of byIndex) {
    const [head, ...rest] = parts;
    assert.ok(head.id && head.type === "function" && head.function.name && head.function.arguments === "", `first delta of ${index}`);
    assert.ok(rest.length > 0 && rest.every((p: any) => p.id === undefined && p.function.name === undefined && p.function.arguments.length <= 16));
    const args = rest.map((p: any) => p.function.arguments).join("");
    assert.ok(validFor((head.function.name === "get_time" ? time : weather).function.parameters, args));
  }
  assert.is(events[0].choices[0].delta.role, "assistant");
  const last = events[events.length - 1];
  assert.is(last.choices[0].finish_reason, "tool_calls");
  assert.ok(last.usage.completion_tokens > 0);
  assert.ok(events.every((e) => e.simulated === true));
});

test("bad tool requests are refused as the service refuses them", async ({ emu }) => {
  const unknown = await chat(emu, { messages: [user("hi")], tools: [weather], tool_choice: { type: "function", function: { name: "nope" } } });
  assert.is(unknown.status, 400);
  assert.is(unknown.body.error_code, "INVALID_PARAMETER_VALUE");
  const orphan = await chat(emu, { messages: [user("hi"), { role: "tool", tool_call_id: "call_x", content: "1" }] });
  assert.is(orphan.status, 400);
  assert.match(orphan.body.message, "must follow a preceding assistant message");
});

test("response_format: json_schema is JSON valid against the schema; json_object is an object; max_tokens cuts with length", async ({ emu }) => {
  const schema = { type: "object", properties: { title: { type: "string" }, tags: { type: "array", items: { type: "string" } }, year: { type: "integer", minimum: 1900 }, kind: { enum: ["paper", "book"] } }, required: ["title", "tags", "year", "kind"], additionalProperties: false };
  const structured = await chat(emu, { messages: [user("a paper")], response_format: { type: "json_schema", json_schema: { name: "paper", schema, strict: true } } });
  assert.is(structured.body.choices[0].finish_reason, "stop");
  assert.ok(validFor(schema, structured.body.choices[0].message.content), structured.body.choices[0].message.content);
  const streamed = strictEvents((await chat(emu, { messages: [user("a paper")], stream: true, response_format: { type: "json_schema", json_schema: { name: "paper", schema, strict: true } } })).text);
  assert.is(streamed.map((e) => e.choices[0]?.delta?.content ?? "").join(""), structured.body.choices[0].message.content);
  const object = await chat(emu, { messages: [user("anything")], response_format: { type: "json_object" } });
  const parsed = JSON.parse(object.body.choices[0].message.content);
  assert.type(parsed.result, "string");
  assert.match(parsed.result, "simulated");
  const cut = await chat(emu, { messages: [user("a paper")], max_tokens: 1, response_format: { type: "json_schema", json_schema: { name: "paper", schema } } });
  assert.is(cut.body.choices[0].finish_reason, "length");
  assert.throws(() => JSON.parse(cut.body.choices[0].message.content));
});

test("max_completion_tokens (the smaller cap wins), stop, n", async ({ emu }) => {
  const capped = await chat(emu, { messages: [user("hi")], max_completion_tokens: 3 });
  assert.is(capped.body.choices[0].finish_reason, "length");
  assert.is(capped.body.usage.completion_tokens, 3);
  const both = await chat(emu, { messages: [user("hi")], max_completion_tokens: 9, max_tokens: 4 });
  assert.is(both.body.usage.completion_tokens, 4);
  const bad = await chat(emu, { messages: [user("hi")], max_completion_tokens: 0 });
  assert.is(bad.status, 400);
  const stopped = await chat(emu, { messages: [user("hi")], stop: ["emulator", "never"] });
  assert.is(stopped.body.choices[0].finish_reason, "stop");
  assert.is(stopped.body.choices[0].message.content, "This is a **simulated reply** from the databricks-deployments ");
  const stoppedStream = strictEvents((await chat(emu, { messages: [user("hi")], stop: "emulator", stream: true })).text);
  assert.is(stoppedStream.map((e) => e.choices[0]?.delta?.content ?? "").join(""), stopped.body.choices[0].message.content);
  const n = await chat(emu, { messages: [user("get_weather")], tools: [weather], n: 2 });
  assert.equal(n.body.choices.map((c: any) => c.index), [0, 1]);
  assert.equal(n.body.choices[0].message.tool_calls, n.body.choices[1].message.tool_calls);
});

test("logprobs: well-formed per token, in replies and chunks; null when not asked", async ({ emu }) => {
  const reply = await chat(emu, { messages: [user("hi")], logprobs: true, top_logprobs: 2, max_tokens: 5 });
  const lp = reply.body.choices[0].logprobs;
  assert.is(lp.content.length, 5);
  assert.is(lp.content.map((e: any) => e.token).join(""), reply.body.choices[0].message.content);
  for (const e of lp.content) {
    assert.equal(e.bytes, [...Buffer.from(e.token, "utf8")]);
    assert.type(e.logprob, "number");
    assert.is(e.top_logprobs.length, 2);
    assert.is(e.top_logprobs[0].token, e.token);
  }
  assert.is((await chat(emu, { messages: [user("hi")] })).body.choices[0].logprobs, null);
  const events = strictEvents((await chat(emu, { messages: [user("hi")], logprobs: true, stream: true, max_tokens: 3 })).text);
  const tokens = events.filter((e) => e.choices[0]?.delta?.content !== undefined).map((e) => e.choices[0].logprobs.content[0].token);
  assert.is(tokens.length, 3);
});

test("stream_options.include_usage: a last choices-[] chunk only when asked", async ({ emu }) => {
  const asked = strictEvents((await chat(emu, { messages: [user("hi")], stream: true, stream_options: { include_usage: true } })).text);
  const last = asked[asked.length - 1];
  assert.equal(last.choices, []);
  assert.ok(last.usage.total_tokens > 0);
  assert.is(asked[asked.length - 2].choices[0].finish_reason, "stop");
  assert.is(asked[asked.length - 2].usage, undefined);
  const plain = strictEvents((await chat(emu, { messages: [user("hi")], stream: true })).text);
  assert.ok(plain.every((e) => e.choices.length > 0), "never a choices-[] chunk unasked");
  assert.ok(plain[plain.length - 1].usage.total_tokens > 0);
  const toolsAsked = strictEvents((await chat(emu, { messages: [user("get_weather")], tools: [weather], stream: true, stream_options: { include_usage: true } })).text);
  assert.equal(toolsAsked[toolsAsked.length - 1].choices, []);
});

test("custom models: inputs as a dict of named tensors; MLflow's messages for bad format keys", async ({ emu }) => {
  const client = emu.client();
  await client.createEndpoint({ name: "custom", config: { served_entities: [{ name: "m-1", entity_name: "main.models.m", entity_version: "1", workload_size: "Small", scale_to_zero_enabled: true }] } } as any);
  await client.waitForEndpoint({ endpoint: "custom", timeoutMs: 5000, pollIntervalMs: 20 } as any);
  const dict = await call(emu, "POST", "/serving-endpoints/custom/invocations", { inputs: { x: [1, 2, 3], y: [[0.1], [0.2], [0.3]] } });
  assert.is(dict.status, 200, dict.text);
  assert.is(dict.body.predictions.length, 3);
  assert.equal(dict.body.predictions[1].input, { x: 2, y: [0.2] });
  assert.is((await call(emu, "POST", "/serving-endpoints/custom/invocations", { inputs: [[1, 2]], params: { temperature: 0.2 } })).status, 200);
  const two = await call(emu, "POST", "/serving-endpoints/custom/invocations", { instances: [1], dataframe_records: [{ a: 1 }] });
  assert.is(two.status, 400);
  assert.match(two.body.message, "exactly one of the input fields");
  const extra = await call(emu, "POST", "/serving-endpoints/custom/invocations", { inputs: [1], other: 1 });
  assert.match(extra.body.message, 'One of "instances" and "inputs" must be specified');
});

test.run();
