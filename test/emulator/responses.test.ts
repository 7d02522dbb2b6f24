import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { SIMULATED_HEADER, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call } from "./helpers.js";

interface Ctx {
  emu: Emulator;
  forwarding: Emulator;
  upstream: Server;
  seen: { path: string; body: any }[];
}

const test = suite<Ctx>("emulator: POST /serving-endpoints/responses");

test.before(async (ctx) => {
  ctx.seen = [];
  // A small OpenAI-compatible upstream on loopback that records what it was sent.
  ctx.upstream = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const body = JSON.parse(raw);
      ctx.seen.push({ path: req.url ?? "", body });
      const reply = req.url === "/v1/responses"
        ? { id: "resp_up", object: "response", status: "completed", model: body.model, output: [{ type: "message", id: "msg_up", role: "assistant", content: [{ type: "output_text", text: "from upstream" }] }], usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } }
        : { id: "c", object: "chat.completion", created: 1, model: body.model, choices: [{ index: 0, message: { role: "assistant", content: "up" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => ctx.upstream.listen(0, "127.0.0.1", r));
  const upstreamUrl = `http://127.0.0.1:${(ctx.upstream.address() as AddressInfo).port}/v1`;
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  ctx.forwarding = await startEmulator({ seed: true, deployDelayMs: 0, forward: upstreamUrl });
  for (const emu of [ctx.emu, ctx.forwarding]) await emu.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 100000, key: "user", renewal_period: "minute" }] } });
});
test.after(async (ctx) => {
  await ctx.emu.close();
  await ctx.forwarding.close();
  ctx.upstream.closeAllConnections();
  await new Promise((r) => ctx.upstream.close(r));
});

const weather = { type: "function", name: "get_weather", description: "Current weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }, strict: true };
const post = (emu: Emulator, body: Record<string, unknown>) => call(emu, "POST", "/serving-endpoints/responses", body);

function strictEvents(text: string): any[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  assert.ok(lines.every((l) => l.startsWith("data: ")), "data-only framing");
  assert.is(lines[lines.length - 1], "data: [DONE]");
  return lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)));
}

test("non-stream: a response object with a message, usage, ids, labelled simulated", async ({ emu }) => {
  const res = await post(emu, { model: "chat", input: "Hello via Responses", instructions: "Be brief." });
  assert.is(res.status, 200, res.text);
  assert.is(res.headers.get(SIMULATED_HEADER), "true");
  const r = res.body;
  assert.is(r.object, "response");
  assert.match(r.id, /^resp_[0-9a-f]{24}$/);
  assert.is(r.status, "completed");
  assert.is(r.model, "gpt-4");
  assert.is(r.simulated, true);
  assert.is(r.output.length, 1);
  assert.is(r.output[0].type, "message");
  assert.match(r.output[0].id, /^msg_/);
  assert.match(r.output[0].content[0].text, "> Hello via Responses");
  assert.is(r.usage.total_tokens, r.usage.input_tokens + r.usage.output_tokens);
  assert.is(r.usage.input_tokens, 5, "instructions count as the system message");
  const again = await post(emu, { model: "chat", input: "Hello via Responses", instructions: "Be brief." });
  assert.is(again.body.id, r.id, "same request, same ids");
});

test("function calls, results as function_call_output, text.format json_schema (flat and nested), max_output_tokens", async ({ emu }) => {
  const called = (await post(emu, { model: "chat", input: [{ role: "user", content: [{ type: "input_text", text: "get_weather for Paris" }] }], tools: [weather] })).body;
  const fc = called.output[0];
  assert.is(fc.type, "function_call");
  assert.match(fc.id, /^fc_/);
  assert.match(fc.call_id, /^call_/);
  assert.is(fc.name, "get_weather");
  assert.ok(z.fromJSONSchema(weather.parameters as never).safeParse(JSON.parse(fc.arguments)).success);
  const answered = (await post(emu, { model: "chat", input: [{ role: "user", content: "get_weather for Paris" }, fc, { type: "function_call_output", call_id: fc.call_id, output: '{"temp":21}' }], tools: [weather] })).body;
  assert.is(answered.output[0].type, "message");
  assert.match(answered.output[0].content[0].text, '{"temp":21}');
  const schema = { type: "object", properties: { title: { type: "string" } }, required: ["title"], additionalProperties: false };
  for (const format of [{ type: "json_schema", name: "paper", schema, strict: true }, { type: "json_schema", json_schema: { name: "paper", schema, strict: true } }]) {
    const r = (await post(emu, { model: "chat", input: "a paper", text: { format } })).body;
    assert.equal(JSON.parse(r.output[0].content[0].text), { title: "example" });
  }
  const cut = (await post(emu, { model: "chat", input: "hi", max_output_tokens: 2 })).body;
  assert.is(cut.status, "incomplete");
  assert.equal(cut.incomplete_details, { reason: "max_output_tokens" });
  assert.is(cut.usage.output_tokens, 2);
});

test("stream: the OpenAI event sequence, data-only, sequence numbers from 0, consistent item ids", async ({ emu }) => {
  const events = strictEvents((await post(emu, { model: "chat", input: "Hello stream", stream: true })).text);
  assert.equal(events.map((e) => e.sequence_number), events.map((_, i) => i));
  assert.ok(events.every((e) => e.simulated === true), "every event labelled simulated");
  const types = events.map((e) => e.type);
  assert.equal(types.slice(0, 4), ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"]);
  assert.equal(types.slice(-4), ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"]);
  assert.ok(!types.includes("responses.completed"), "never Databricks' plural event on an OpenAI-model endpoint");
  assert.is(events[0].response.status, "in_progress");
  assert.is(events[0].response.usage, null);
  const deltas = events.filter((e) => e.type === "response.output_text.delta");
  const itemId = events[2].item.id;
  assert.ok(deltas.every((d) => d.item_id === itemId && d.output_index === 0 && d.content_index === 0));
  const done = events[events.length - 1].response;
  assert.is(deltas.map((d) => d.delta).join(""), done.output[0].content[0].text);
  assert.ok(done.usage.output_tokens > 0);

  const tools = strictEvents((await post(emu, { model: "chat", input: "get_weather please", tools: [weather], tool_choice: "required", stream: true })).text);
  const added = tools.find((e) => e.type === "response.output_item.added");
  assert.is(added.item.type, "function_call");
  assert.is(added.item.arguments, "");
  const args = tools.filter((e) => e.type === "response.function_call_arguments.delta");
  assert.ok(args.length > 0 && args.every((a) => a.item_id === added.item.id));
  const argsDone = tools.find((e) => e.type === "response.function_call_arguments.done");
  assert.is(args.map((a) => a.delta).join(""), argsDone.arguments);
  assert.is(tools.find((e) => e.type === "response.output_item.done").item.arguments, argsDone.arguments);
});

test("errors: unknown endpoint, missing model, messages instead of input, unsupported params", async ({ emu }) => {
  assert.is((await post(emu, { model: "nope", input: "hi" })).status, 404);
  assert.is((await post(emu, { input: "hi" })).status, 400);
  const messages = await post(emu, { model: "chat", messages: [{ role: "user", content: "hi" }] });
  assert.match(messages.body.message, "'messages' field is not supported");
  const background = await post(emu, { model: "chat", input: "hi", background: true });
  assert.is(background.body.error_code, "INVALID_PARAMETER_VALUE");
  assert.is((await post(emu, { model: "chat", input: "hi", store: false })).status, 200);
});

test("forwarding passes Responses requests, tools and response_format through unchanged", async ({ forwarding, seen }) => {
  seen.length = 0;
  const body = { input: [{ role: "user", content: "hi" }], tools: [weather], tool_choice: { type: "function", name: "get_weather" }, text: { format: { type: "json_schema", name: "x", schema: { type: "object" } } }, max_output_tokens: 64, metadata: { a: "1" } };
  const res = await post(forwarding, { model: "chat", ...body });
  assert.is(res.status, 200, res.text);
  assert.is(res.body.output[0].content[0].text, "from upstream");
  assert.is(res.headers.get(SIMULATED_HEADER), null);
  assert.is(seen[0]!.path, "/v1/responses");
  assert.equal(seen[0]!.body, { ...body, model: "gpt-4" });
  const chatBody = { messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "f", parameters: { type: "object" }, strict: true } }], tool_choice: "required", response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" }, strict: true } }, max_completion_tokens: 9 };
  const chat = await call(forwarding, "POST", "/serving-endpoints/chat/invocations", chatBody);
  assert.is(chat.status, 200, chat.text);
  assert.is(seen[1]!.path, "/v1/chat/completions");
  assert.equal(seen[1]!.body, { ...chatBody, model: "gpt-4" });
});

test.run();
