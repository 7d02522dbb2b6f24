// The official @databricks/ai-sdk-provider 0.5 with the Vercel AI SDK (`ai` 6) against the CLI
// emulator in its own process: the calls outside-clients.md saw fail, now answered.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createDatabricksProvider } from "@databricks/ai-sdk-provider";
import { generateText, Output, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { startCliEmulator, type CliEmulator } from "./cli-emulator.js";

const test = suite<{ emu: CliEmulator }>("@databricks/ai-sdk-provider + ai 6 against the CLI emulator");
test.before(async (ctx) => { ctx.emu = await startCliEmulator(["--agent", "support=chat"]); });
test.after(async (ctx) => { await ctx.emu.stop(); });

function provider(emu: CliEmulator, extra: { formatUrl?: (o: { baseUrl?: string; path: string }) => string } = {}) {
  // useRemoteToolCalling: false — the tools run here, in the AI SDK, not in a remote agent.
  return createDatabricksProvider({ baseURL: `${emu.url}/serving-endpoints`, headers: { Authorization: `Bearer ${emu.token}` }, useRemoteToolCalling: false, ...extra });
}

const weather = tool({
  description: "Current weather in a city",
  inputSchema: z.object({ city: z.string(), unit: z.enum(["c", "f"]) }),
  execute: async ({ city, unit }) => ({ city, unit, temp: 21 }),
});

test("chatCompletions with tools and toolChoice required: a tool call whose input validates", async ({ emu }) => {
  const result = await generateText({ model: provider(emu).chatCompletions("chat"), prompt: "What is the weather?", tools: { get_weather: weather }, toolChoice: "required" });
  assert.is(result.finishReason, "tool-calls");
  assert.is(result.toolCalls.length, 1);
  assert.is(result.toolCalls[0]!.toolName, "get_weather");
  assert.ok(z.object({ city: z.string(), unit: z.enum(["c", "f"]) }).safeParse(result.toolCalls[0]!.input).success);
  assert.equal(result.toolResults[0]!.output, { ...(result.toolCalls[0]!.input as object), temp: 21 });
});

test("a multi-step tool run with stopWhen ends in text that quotes the result", async ({ emu }) => {
  const result = await generateText({ model: provider(emu).chatCompletions("chat"), prompt: "Call get_weather for Paris", tools: { get_weather: weather }, stopWhen: stepCountIs(4) });
  assert.is(result.steps.length, 2);
  assert.is(result.steps[0]!.finishReason, "tool-calls");
  assert.is(result.finishReason, "stop");
  assert.match(result.text, /"temp":21/);
});

test("Output.object with a zod schema: a parsed, valid object", async ({ emu }) => {
  const Recipe = z.object({ name: z.string(), servings: z.number().int().min(1), steps: z.array(z.string()), vegan: z.boolean() });
  const result = await generateText({ model: provider(emu).chatCompletions("chat"), prompt: "A pancake recipe", output: Output.object({ schema: Recipe }) });
  assert.ok(Recipe.safeParse(result.output).success, JSON.stringify(result.output));
  assert.is(result.output.servings, 1);
});

test("streamText streams the tool call whole", async ({ emu }) => {
  const result = streamText({ model: provider(emu).chatCompletions("chat"), prompt: "get_weather in Oslo", tools: { get_weather: weather }, toolChoice: "required" });
  const calls: { toolName: string; input: unknown }[] = [];
  for await (const part of result.fullStream) if (part.type === "tool-call") calls.push({ toolName: part.toolName, input: part.input });
  assert.is(calls.length, 1);
  assert.is(calls[0]!.toolName, "get_weather");
  assert.is(await result.finishReason, "tool-calls");
});

test("responses() generate and stream, with usage", async ({ emu }) => {
  const model = provider(emu).responses("chat");
  const generated = await generateText({ model, prompt: "Hello via Responses" });
  assert.match(generated.text, "> Hello via Responses");
  assert.ok((generated.usage.outputTokens ?? 0) > 0, JSON.stringify(generated.usage));
  const streamed = streamText({ model, prompt: "Hello via a streamed Response" });
  let text = "";
  for await (const delta of streamed.textStream) text += delta;
  assert.match(text, "> Hello via a streamed Response");
  assert.is(text, await streamed.text);
});

test("responses() on the agent endpoint through its invocations URL, generate and stream (usage from responses.completed)", async ({ emu }) => {
  const formatUrl = ({ path }: { baseUrl?: string; path: string }) => (path === "/responses" ? `${emu.url}/serving-endpoints/agent/invocations` : `${emu.url}/serving-endpoints${path}`);
  const model = provider(emu, { formatUrl }).responses("agent");
  const generated = await generateText({ model, prompt: "Hello agent" });
  assert.match(generated.text, "> Hello agent");
  assert.match(generated.text, "main.agents.agent");
  const streamed = streamText({ model, prompt: "Hello streaming agent" });
  let text = "";
  for await (const delta of streamed.textStream) text += delta;
  assert.match(text, "> Hello streaming agent");
  const usage = await streamed.usage;
  assert.ok((usage.outputTokens ?? 0) > 0, JSON.stringify(usage));
});

test("chatAgent() on a ChatAgent endpoint (--agent support=chat): generate and stream", async ({ emu }) => {
  const model = provider(emu).chatAgent("support");
  const generated = await generateText({ model, prompt: "Hello chat agent" });
  assert.match(generated.text, "> Hello chat agent");
  const streamed = streamText({ model, prompt: "Hello streaming chat agent" });
  let text = "";
  for await (const delta of streamed.textStream) text += delta;
  assert.match(text, "> Hello streaming chat agent");
});

test.run();
