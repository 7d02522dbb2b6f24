import { suite } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import {
  DatabricksDeploymentClient, DeploymentsError, LengthFinishReasonError, StructuredOutputError, ValidationError, accumulateChatStream, tool,
} from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { TestServer, TOKEN, sendJson } from "./helpers/server.js";

const test = suite<{ emu: Emulator; server: TestServer; fake: DatabricksDeploymentClient }>("structured outputs and streamed tool calls through the client");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  await ctx.emu.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 100000, key: "user", renewal_period: "minute" }] } });
  ctx.server = await TestServer.start();
  ctx.fake = new DatabricksDeploymentClient({ host: ctx.server.url, token: TOKEN, maxRetries: 0 });
});
test.after(async (ctx) => {
  await ctx.emu.close();
  await ctx.server.close();
});

const Paper = z.object({ title: z.string(), tags: z.array(z.string()), year: z.number().int().min(1900), kind: z.enum(["paper", "book"]) });
const messages = [{ role: "user", content: "Describe a paper" }];

test("predict with a zod schema: response_format json_schema sent, choices[].message.parsed typed and validated", async ({ emu }) => {
  const reply = await emu.client().predict({ endpoint: "chat", inputs: { messages, n: 2 }, schema: Paper, schemaName: "paper" });
  const parsed: { title: string; year: number } = reply.choices[0]!.message.parsed;
  assert.equal(parsed, { title: "example", tags: ["example"], year: 1900, kind: "paper" });
  assert.equal(reply.choices[1]!.message.parsed, parsed);
});

test("the request carries the strict json_schema envelope", async ({ server, fake }) => {
  server.reset((_r, res) => sendJson(res, 200, { choices: [{ index: 0, message: { role: "assistant", content: '{"title":"t","tags":[],"year":2000,"kind":"book"}' }, finish_reason: "stop" }] }));
  const reply = await fake.predict({ endpoint: "chat", inputs: { messages }, schema: Paper });
  assert.is(reply.choices[0]!.message.parsed.kind, "book");
  const sent = server.last.json as { response_format: any };
  assert.is(sent.response_format.type, "json_schema");
  assert.is(sent.response_format.json_schema.name, "response");
  assert.is(sent.response_format.json_schema.strict, true);
  assert.equal(sent.response_format.json_schema.schema.required, ["title", "tags", "year", "kind"]);
  assert.is(sent.response_format.json_schema.schema.additionalProperties, false);
});

test("not JSON, or not the schema → StructuredOutputError with the raw text and issues; length → LengthFinishReasonError", async ({ server, fake, emu }) => {
  server.reset((_r, res) => sendJson(res, 200, { choices: [{ index: 0, message: { role: "assistant", content: "This is not JSON" }, finish_reason: "stop" }] }));
  const notJson = await fake.predict({ endpoint: "chat", inputs: { messages }, schema: Paper }).catch((e: unknown) => e);
  assert.instance(notJson, StructuredOutputError);
  assert.instance(notJson, DeploymentsError);
  assert.is((notJson as StructuredOutputError).text, "This is not JSON");
  assert.is((notJson as StructuredOutputError).issues[0]!.code, "invalid_json");
  server.reset((_r, res) => sendJson(res, 200, { choices: [{ index: 0, message: { role: "assistant", content: '{"title":3,"tags":[],"year":1,"kind":"book"}' }, finish_reason: "stop" }] }));
  const wrong = (await fake.predict({ endpoint: "chat", inputs: { messages }, schema: Paper }).catch((e: unknown) => e)) as StructuredOutputError;
  assert.instance(wrong, StructuredOutputError);
  assert.equal(wrong.issues.map((i) => i.path).sort(), ["title", "year"]);
  const cut = await emu.client().predict({ endpoint: "chat", inputs: { messages, max_tokens: 1 }, schema: Paper }).catch((e: unknown) => e);
  assert.instance(cut, LengthFinishReasonError);
});

test("a non-object schema, a schema Databricks refuses, or schema + response_format: ValidationError, nothing sent", async ({ server, fake }) => {
  server.reset();
  for (const schema of [z.string(), z.array(z.string()), z.object({ code: z.string().regex(/^x+$/) })]) {
    const e = await fake.predict({ endpoint: "chat", inputs: { messages }, schema }).catch((err: unknown) => err);
    assert.instance(e, ValidationError);
  }
  const both = await fake.predict({ endpoint: "chat", inputs: { messages, response_format: { type: "json_object" } }, schema: Paper }).catch((err: unknown) => err);
  assert.instance(both, ValidationError);
  assert.is(server.requests.length, 0);
});

test("predictStream tool calls: accumulateChatStream merges the deltas into whole, valid calls", async ({ emu }) => {
  const getWeather = tool({ name: "get_weather", description: "Current weather in a city", parameters: z.object({ city: z.string(), days: z.number().int().min(1).max(7) }) });
  const getTime = tool({ name: "get_time", description: "Local time", parameters: z.object({ tz: z.string() }) });
  const client = emu.client();
  const inputs = { messages: [{ role: "user", content: "get_weather and get_time please" }], tools: [getWeather, getTime] };
  let chunks = 0;
  const reply = await accumulateChatStream(client.predictStream({ endpoint: "chat", inputs }), () => chunks++);
  assert.ok(chunks > 3);
  const calls = reply.choices[0]!.message.tool_calls!;
  assert.equal(calls.map((c) => c.function.name), ["get_weather", "get_time"]);
  assert.equal(getWeather.parseArguments(calls[0]!.function.arguments), { city: "example", days: 1 });
  assert.equal(getTime.parseArguments(calls[1]!.function.arguments), { tz: "example" });
  assert.is(reply.choices[0]!.finish_reason, "tool_calls");
  assert.is(reply.choices[0]!.message.content, null);
  const whole = await client.predict({ endpoint: "chat", inputs });
  assert.equal(whole.choices?.[0]?.message?.tool_calls, calls, "the stream adds up to the non-streamed reply");
});

test.run();
