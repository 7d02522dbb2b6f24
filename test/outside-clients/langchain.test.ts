// LangChain's ChatOpenAI (@langchain/openai 1.5, the last that installs on Node 20) against the
// CLI emulator in its own process: structured output and forced tool calls.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { startCliEmulator, type CliEmulator } from "./cli-emulator.js";

const test = suite<{ emu: CliEmulator }>("@langchain/openai against the CLI emulator");
test.before(async (ctx) => { ctx.emu = await startCliEmulator(); });
test.after(async (ctx) => { await ctx.emu.stop(); });

const chat = (emu: CliEmulator, extra: Record<string, unknown> = {}) =>
  new ChatOpenAI({ model: "chat", apiKey: emu.token, configuration: { baseURL: `${emu.url}/serving-endpoints` }, maxRetries: 0, ...extra });

const Person = z.object({ name: z.string(), age: z.number().int().min(0), email: z.email() });

test("withStructuredOutput (json schema) returns an object valid against the schema", async ({ emu }) => {
  const person = await chat(emu).withStructuredOutput(Person, { name: "person", method: "jsonSchema" }).invoke("Describe a person");
  assert.ok(Person.safeParse(person).success, JSON.stringify(person));
  assert.is(person.email, "user@example.com");
});

test("withStructuredOutput (function calling) forces the tool and returns its arguments", async ({ emu }) => {
  const person = await chat(emu).withStructuredOutput(Person, { name: "person", method: "functionCalling" }).invoke("Describe a person");
  assert.ok(person !== undefined, "not undefined any more");
  assert.ok(Person.safeParse(person).success, JSON.stringify(person));
});

test("bindTools with tool_choice required: a tool call with parsed arguments, invoke and stream", async ({ emu }) => {
  const getWeather = { name: "get_weather", description: "Current weather in a city", schema: z.object({ city: z.string() }) };
  const model = chat(emu).bindTools([getWeather], { tool_choice: "required" });
  const message = await model.invoke("What is the weather?");
  assert.is(message.tool_calls?.length, 1);
  assert.is(message.tool_calls![0]!.name, "get_weather");
  assert.equal(message.tool_calls![0]!.args, { city: "example" });
  let merged: Awaited<ReturnType<typeof model.invoke>> | undefined;
  for await (const chunk of await model.stream("What is the weather?")) merged = merged === undefined ? chunk : merged.concat(chunk);
  assert.is(merged?.tool_calls?.[0]?.name, "get_weather");
  assert.equal(merged?.tool_calls?.[0]?.args, { city: "example" });
});

test("useResponsesApi: invoke through POST /serving-endpoints/responses", async ({ emu }) => {
  const message = await chat(emu, { useResponsesApi: true }).invoke("Hello via LangChain Responses");
  assert.match(String(message.text), "> Hello via LangChain Responses");
});

test.run();
