import { suite } from "uvu";
import * as assert from "uvu/assert";
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";

const test = suite<{ emu: Emulator; openai: OpenAI }>("openai-node 6 against the emulator: parse, tools, caps, Responses");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  await ctx.emu.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 100000, key: "user", renewal_period: "minute" }] } });
  ctx.openai = new OpenAI({ baseURL: `${ctx.emu.url}/serving-endpoints`, apiKey: ctx.emu.token, maxRetries: 0 });
});
test.after(async (ctx) => ctx.emu.close());

const weather = {
  type: "function" as const,
  function: { name: "get_weather", description: "Current weather in a city", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city", "unit"], additionalProperties: false }, strict: true },
};

test("chat.completions.parse with zodResponseFormat returns the parsed object", async ({ openai }) => {
  const Paper = z.object({ title: z.string(), tags: z.array(z.string()), year: z.number().int().min(1900), venue: z.string().nullable() });
  const completion = await openai.chat.completions.parse({ model: "chat", messages: [{ role: "user", content: "Describe a paper" }], response_format: zodResponseFormat(Paper, "paper") });
  const parsed = completion.choices[0]!.message.parsed;
  assert.ok(parsed !== null);
  assert.ok(Paper.safeParse(parsed).success);
  assert.is(parsed!.year, 1900);
});

test("a forced tool call, non-stream and through the stream helper", async ({ openai }) => {
  const forced = await openai.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "hello" }], tools: [weather], tool_choice: { type: "function", function: { name: "get_weather" } } });
  const call = forced.choices[0]!.message.tool_calls![0]!;
  assert.is(forced.choices[0]!.finish_reason, "tool_calls");
  assert.ok(call.type === "function" && call.function.name === "get_weather");
  assert.equal(JSON.parse(call.function.arguments), { city: "example", unit: "c" });
  const stream = openai.chat.completions.stream({ model: "chat", messages: [{ role: "user", content: "hello" }], tools: [weather], tool_choice: "required" });
  const final = await stream.finalChatCompletion();
  const streamed = final.choices[0]!.message.tool_calls![0]!;
  assert.ok(streamed.type === "function");
  assert.match(streamed.id, /^call_/);
  // Same call; the id differs because the request does (required vs named).
  assert.equal([streamed.function.name, streamed.function.arguments], [call.function.name, call.function.arguments]);
  const parsedTool = await openai.chat.completions.parse({ model: "chat", messages: [{ role: "user", content: "get_weather" }], tools: [weather], tool_choice: "required" });
  const pc = parsedTool.choices[0]!.message.tool_calls![0]!;
  assert.equal(pc.type === "function" ? pc.function.parsed_arguments : undefined, { city: "example", unit: "c" });
});

test("max_completion_tokens is honoured (finish_reason length)", async ({ openai }) => {
  const capped = await openai.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "hi" }], max_completion_tokens: 3 });
  assert.is(capped.choices[0]!.finish_reason, "length");
  assert.is(capped.usage!.completion_tokens, 3);
});

test("responses.create, plain and streamed (raw and the responses.stream helper)", async ({ openai }) => {
  const r = await openai.responses.create({ model: "chat", input: "Hello via Responses" });
  assert.match(r.output_text, "> Hello via Responses");
  assert.ok(r.usage!.total_tokens > 0);
  const raw = await openai.responses.create({ model: "chat", input: "Hello via Responses", stream: true });
  let text = "";
  let completed: OpenAI.Responses.Response | undefined;
  for await (const e of raw) {
    if (e.type === "response.output_text.delta") text += e.delta;
    if (e.type === "response.completed") completed = e.response;
  }
  assert.is(text, r.output_text);
  assert.equal(completed!.usage, r.usage);
  const helper = openai.responses.stream({ model: "chat", input: "weather in Paris?", tools: [{ type: "function", name: "get_weather", description: "Current weather in a city", parameters: weather.function.parameters, strict: true }] });
  const final = await helper.finalResponse();
  const item = final.output[0]!;
  assert.is(item.type, "function_call");
  assert.equal(item.type === "function_call" ? JSON.parse(item.arguments) : undefined, { city: "example", unit: "c" });
});

test.run();
