// The Conversation tool loop: on the seeded emulator over real HTTP, and with a scripted client
// where the model's exact calls matter (bad arguments, unknown tools).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import { Conversation, ValidationError, tool, type ToolCallRecord } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { scriptedClient } from "../helpers/scripted-client.js";

const getWeather = tool({
  name: "get_weather",
  description: "Current weather in a city",
  parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]) }),
  execute: ({ city, unit }) => ({ city, unit, temp: 21 }),
});

const emu = suite<{ emulator: Emulator }>("Conversation tools on the emulator");
emu.before(async (ctx) => {
  ctx.emulator = await startEmulator({ seed: true, streamDelayMs: 0, deployDelayMs: 0, agents: [{ name: "support", task: "agent/v2/chat" }] });
  await ctx.emulator.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 1000, key: "user", renewal_period: "minute" }] } });
});
emu.after(async ({ emulator }) => { await emulator.close(); });

emu("send runs the loop: the model asks for get_weather, the tool runs, the result goes back, the model answers in text", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", tools: [getWeather] });
  const reply = conversation.send("Please call get_weather for Paris");
  const seen: string[] = [];
  reply.onToolCall((call) => seen.push(`${call.status}:${call.name}`));
  const turn = await reply;
  assert.is(turn.status, "complete");
  assert.is(turn.finishReason, "stop");
  assert.equal(seen, ["running:get_weather", "done:get_weather"]);
  const call = turn.toolCalls?.[0] as ToolCallRecord;
  assert.is(turn.toolCalls?.length, 1);
  assert.is(call.name, "get_weather");
  assert.match(call.id, /^call_/);
  assert.equal(getWeather.parseArguments(call.arguments), JSON.parse(call.arguments), "the arguments validate against the tool's schema");
  assert.equal(call.result, { ...JSON.parse(call.arguments), temp: 21 });
  assert.ok(call.durationMs !== undefined && call.durationMs >= 0);
  assert.match(turn.reply, /"temp":21/, "the model's answer quotes the tool result");
  // The context of the next request: user, assistant tool_calls, tool result, assistant text.
  const roles = conversation.messages().map((m) => m.role);
  assert.equal(roles, ["user", "assistant", "tool", "assistant"]);
  assert.is(conversation.messages()[2]?.tool_call_id, call.id);
  const next = await conversation.send("Thanks, that is all");
  assert.is(next.status, "complete");
  assert.is(next.toolCalls, undefined, "no tool named in the message, tool_choice auto: plain text");
  assert.ok((turn.usage?.total_tokens ?? 0) > 0);
});

emu("a throwing tool becomes an error result the model sees, not a crash", async ({ emulator }) => {
  const broken = tool({ name: "lookup_order", description: "Find an order", parameters: z.object({ id: z.string() }), execute: () => { throw new Error("database is down"); } });
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", tools: [broken] });
  const turn = await conversation.send("lookup_order 42 please");
  assert.is(turn.status, "complete");
  assert.is(turn.toolCalls?.[0]?.status, "error");
  assert.is(turn.toolCalls?.[0]?.error, "database is down");
  assert.match(turn.reply, /database is down/, "the model was shown the error");
});

emu("a forced tool_choice is bounded by maxToolSteps; past it the model is asked to answer in text", async ({ emulator }) => {
  let runs = 0;
  const counter = tool({ name: "count", description: "Counts", parameters: z.object({}), execute: () => ++runs });
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", tools: [counter], toolChoice: "required", maxToolSteps: 2 });
  const turn = await conversation.send("count");
  assert.is(runs, 2);
  assert.equal(turn.toolCalls?.map((c) => c.step), [1, 2]);
  assert.is(turn.toolStepLimit, true);
  assert.is(turn.status, "complete");
  assert.ok(turn.reply.length > 0);
});

emu("tool calls survive toJSON/fromJSON and show in toMarkdown; the restored context is the same", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", tools: [getWeather] });
  await conversation.send("get_weather in Oslo");
  const json = JSON.parse(JSON.stringify(conversation));
  assert.is(json.turns[0].toolCalls[0].name, "get_weather");
  const back = Conversation.fromJSON(json, { client: emulator.client(), tools: [getWeather] });
  assert.equal(back.turns[0]?.toolCalls, conversation.turns[0]?.toolCalls);
  assert.equal(back.messages(), conversation.messages());
  const md = back.toMarkdown();
  assert.match(md, /🔧 \*\*get_weather\*\* `\{"city":/);
  assert.match(md, /"temp":21/);
  const turn = await back.send("and get_weather in Rome");
  assert.is(turn.toolCalls?.[0]?.status, "done");
});

emu("cancelling while a tool runs aborts its signal; the turn keeps what ran", async ({ emulator }) => {
  let sawAbort = false;
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const slow = tool({
    name: "slow_search",
    description: "Searches slowly",
    parameters: z.object({ q: z.string() }),
    execute: (_args, { signal }) => new Promise((_, reject) => {
      started();
      signal.addEventListener("abort", () => { sawAbort = true; reject(new Error("aborted")); }, { once: true });
    }),
  });
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", tools: [slow] });
  const reply = conversation.send("slow_search for cats");
  await running;
  reply.cancel();
  const turn = await reply;
  assert.is(sawAbort, true);
  assert.is(turn.status, "cancelled");
  assert.is(turn.toolCalls?.[0]?.status, "error");
  assert.is(turn.toolCalls?.[0]?.error, "cancelled");
  // The cancelled call is still in the context, as an error result, so the next request is well formed.
  assert.equal(conversation.messages().map((m) => m.role), ["user", "assistant", "tool"]);
  const next = await conversation.send("never mind, say hi");
  assert.is(next.status, "complete");
});

emu("api: \"agent\" talks to the ResponsesAgent on /invocations: streamed text, usage, and the same tool loop", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "agent", api: "agent", tools: [getWeather] });
  const deltas: string[] = [];
  const plain = conversation.send("Hello agent");
  plain.onDelta((d) => deltas.push(d));
  const first = await plain;
  assert.is(first.status, "complete");
  assert.ok(deltas.length > 3);
  assert.match(first.reply, "> Hello agent");
  assert.is(first.model, "main.agents.agent");
  assert.is(first.simulated, true);
  assert.ok((first.usage?.completion_tokens ?? 0) > 0, JSON.stringify(first.usage));
  const withTool = await conversation.send("get_weather for Lima");
  assert.is(withTool.toolCalls?.[0]?.name, "get_weather");
  assert.is(withTool.toolCalls?.[0]?.status, "done");
  assert.match(withTool.reply, /"temp":21/);
});

emu("api: \"responses\" on the chat endpoint (POST /serving-endpoints/responses) runs the loop too", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", api: "responses", tools: [getWeather] });
  const turn = await conversation.send("call get_weather for Quito");
  assert.is(turn.toolCalls?.length, 1);
  assert.match(turn.reply, /"temp":21/);
  assert.is(turn.finishReason, "stop");
});

emu("a ChatAgent endpoint (agent/v2/chat) streams into a plain chat conversation", async ({ emulator }) => {
  const turn = await new Conversation({ client: emulator.client(), endpoint: "support" }).send("Hello support");
  assert.is(turn.status, "complete");
  assert.match(turn.reply, "> Hello support");
  assert.is(turn.finishReason, "stop");
});

emu.run();

const offline = suite("Conversation tools, scripted model");

const callChunks = (calls: { id: string; name: string; arguments: string }[]) => [
  { model: "m", choices: [{ index: 0, delta: { role: "assistant", tool_calls: calls.map((c, index) => ({ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } })) } }] },
  ...calls.map((c, index) => ({ model: "m", choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: c.arguments } }] } }] })),
  { model: "m", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
];
const text = (content: string) => [{ model: "m", choices: [{ index: 0, delta: { content }, finish_reason: "stop" }] }];

offline("arguments that fail the tool's zod schema, and an unknown tool, are error results; the model gets both", async () => {
  let ran = false;
  const strictWeather = tool({ name: "get_weather", parameters: z.object({ city: z.string() }), execute: () => { ran = true; return "sunny"; } });
  const client = scriptedClient([
    { chunks: callChunks([{ id: "c1", name: "get_weather", arguments: "{\"city\":42}" }, { id: "c2", name: "get_time", arguments: "{}" }]) },
    { chunks: text("Sorry.") },
  ]);
  const conversation = new Conversation({ client, endpoint: "chat", tools: [strictWeather] });
  const turn = await conversation.send("weather?");
  assert.is(ran, false);
  assert.match(turn.toolCalls?.[0]?.error ?? "", /arguments of tool 'get_weather'[\s\S]*city/);
  assert.match(turn.toolCalls?.[1]?.error ?? "", /no tool named 'get_time'/);
  const second = client.calls[1]!.inputs;
  const tools = second.messages.filter((m) => m.role === "tool");
  assert.equal(tools.map((m) => m.tool_call_id), ["c1", "c2"]);
  assert.match(tools[0]!.content, /"error":/);
  assert.ok(Array.isArray(second["tools"]) && (second["tools"] as unknown[]).length === 1);
  assert.is(turn.reply, "Sorry.");
});

offline("without tools the request carries no tools and no tool_choice", async () => {
  const client = scriptedClient([{ chunks: text("hi") }]);
  await new Conversation({ client, endpoint: "chat" }).send("hi");
  assert.equal(Object.keys(client.calls[0]!.inputs), ["messages"]);
});

offline("bad tool input is refused before the wire", () => {
  assert.throws(() => new Conversation({ endpoint: "chat", tools: [getWeather], toolChoice: { type: "function", function: { name: "get_wether" } } }), (e: unknown) => e instanceof ValidationError && /did you mean 'get_weather'/.test(e.message));
  assert.throws(() => new Conversation({ endpoint: "chat", tools: [{ type: "function", function: { name: "x" } } as never] }), (e: unknown) => e instanceof ValidationError && /tool\(/.test(e.message));
  assert.throws(() => new Conversation({ endpoint: "chat", tools: [getWeather, getWeather] }), (e: unknown) => e instanceof ValidationError && /duplicate/.test(e.message));
  assert.throws(() => new Conversation({ endpoint: "chat", maxToolSteps: 0 }), /maxToolSteps/);
});

offline.run();
