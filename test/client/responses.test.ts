import { suite } from "uvu";
import * as assert from "uvu/assert";
import { accumulateResponse, DatabricksDeploymentClient, ValidationError, type ResponseStreamEvent } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { TestServer, TOKEN, sendJson, sendText } from "./helpers/server.js";

const test = suite<{ emu: Emulator; server: TestServer; fake: DatabricksDeploymentClient }>("the client's Responses API methods");

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

test("predictResponse against the emulator: output_text, usage", async ({ emu }) => {
  const r = await emu.client().predictResponse({ endpoint: "chat", inputs: { input: "Hello via Responses", max_output_tokens: 64 } });
  assert.match(r.output_text!, "> Hello via Responses");
  assert.is(r.status, "completed");
  assert.ok(r.usage!.output_tokens > 0);
});

test("predictResponseStream: typed events, accumulateResponse gives the same response as the non-streamed call", async ({ emu }) => {
  const client = emu.client();
  let text = "";
  const types: string[] = [];
  const r = await accumulateResponse(client.predictResponseStream({ endpoint: "chat", inputs: { input: "Hello stream" } }), (e: ResponseStreamEvent) => {
    types.push(e.type);
    if (e.type === "response.output_text.delta") text += e.delta;
  });
  assert.is(types[0], "response.created");
  assert.is(types[types.length - 1], "response.completed");
  const whole = await client.predictResponse({ endpoint: "chat", inputs: { input: "Hello stream" } });
  assert.is(text, whole.output_text);
  assert.is(r.output_text, whole.output_text);
  assert.equal(r.usage, whole.usage);
  const tools = await accumulateResponse(client.predictResponseStream({ endpoint: "chat", inputs: { input: "call get_weather", tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }] } }));
  assert.is(tools.output[0]!.type, "function_call");
  assert.equal(JSON.parse(tools.output[0]!.arguments!), { city: "example" });
});

test("the wire: model = endpoint on /serving-endpoints/responses; route 'invocations' for agents wraps a string input", async ({ server, fake }) => {
  server.reset((_r, res) => sendJson(res, 200, { object: "response", output: [{ type: "message", content: [{ type: "output_text", text: "ok" }] }] }));
  const r = await fake.predictResponse({ endpoint: "my-chat", inputs: { input: "Hi", instructions: "Be brief." } });
  assert.is(r.output_text, "ok");
  assert.is(server.last.path, "/serving-endpoints/responses");
  assert.equal(server.last.json, { model: "my-chat", input: "Hi", instructions: "Be brief." });
  await fake.predictResponse({ endpoint: "agent", inputs: { input: "Hi", custom_inputs: { session: "s1" } }, route: "invocations" });
  assert.is(server.last.path, "/serving-endpoints/agent/invocations");
  assert.equal(server.last.json, { input: [{ role: "user", content: "Hi" }], custom_inputs: { session: "s1" } });
  server.reset((_r, res) => sendText(res, 200, 'data: {"type":"response.output_text.delta","item_id":"m","delta":"yo"}\n\ndata: {"type":"response.output_item.done","item":{"type":"message","id":"m","content":[{"type":"output_text","text":"yo"}]}}\n\ndata: [DONE]\n\n', "text/event-stream"));
  const streamed = await accumulateResponse(fake.predictResponseStream({ endpoint: "agent", inputs: { input: [{ role: "user", content: "Hi" }] }, route: "invocations" }));
  assert.is(streamed.output_text, "yo");
  assert.equal(server.last.json, { input: [{ role: "user", content: "Hi" }], stream: true });
});

test("bad Responses inputs fail before the wire", async ({ server, fake }) => {
  server.reset();
  const unknown = await fake.predictResponse({ endpoint: "chat", inputs: { input: "hi", tools: [{ type: "function", name: "f", parameters: { type: "object" } }], tool_choice: { type: "function", name: "g" } } }).catch((e: unknown) => e);
  assert.instance(unknown, ValidationError);
  const stream = fake.predictResponseStream({ endpoint: "chat", inputs: { input: "hi", text: { format: { type: "json_schema", name: "x", schema: { type: "array" } } as never } } });
  await stream.next().then(() => assert.unreachable(), (e: unknown) => assert.instance(e, ValidationError));
  const missing = await fake.predictResponse({ endpoint: "chat", inputs: {} as never }).catch((e: unknown) => e);
  assert.instance(missing, ValidationError);
  assert.is(server.requests.length, 0);
});

test.run();
