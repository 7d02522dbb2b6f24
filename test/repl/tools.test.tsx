// The REPL with tools, structured output and the agent endpoint, on the seeded emulator.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { tool } from "../../src/index.js";
import { demoTools } from "../../repl/chat/demo-tools.js";
import { loadToolsFile } from "../../repl/chat/tools-file.js";
import { mount, startSeeded, type Harness } from "./harness.js";
import type { Emulator } from "../../src/emulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";

const test = suite<{ emulator: Emulator; h: Harness }>("REPL: tools, /schema, /use agent");
test.before(async (ctx) => { ctx.emulator = await startSeeded(); });
test.after(async (ctx) => { await ctx.emulator.close(); });
test.before.each((ctx) => { ctx.h = mount(ctx.emulator); });
test.after.each((ctx) => { ctx.h.unmount(); });

const dir = tempDir("repl-tools-");

test("demo tools: the call shows in the scrollback with its arguments, result and time, then the answer", async ({ h }) => {
  h.controller.conversation.setTools(demoTools());
  await h.controller.submit("get weather in Paris");
  const frame = await h.waitFor((f) => /↳ .*"conditions"/.test(f) && /"temperature"/.test(f) && !h.controller.conversation.streaming, "the tool call and its result");
  assert.match(frame, /⚙ get_weather \{"city":"example","unit":"c"\}/);
  assert.match(frame, /↳ \{"city":"example","temperature":-?\d+,"unit":"c","conditions":"[a-z ]+","source":"demo"\} · \d+ ms/);
  // The tool line comes before the reply that quotes it.
  assert.ok(frame.indexOf("⚙ get_weather") < frame.lastIndexOf("\"source\":\"demo\""));
  const turn = h.controller.conversation.lastTurn!;
  assert.is(turn.toolCalls?.[0]?.status, "done");
  assert.is(turn.status, "complete");
});

test("--tools FILE: a tool that throws shows its error; /tools lists the tools", async ({ h }) => {
  // A module importing tool() from the package by name (its own copy of the class): still tools.
  const tools = await loadToolsFile(join(import.meta.dirname, "..", "fixtures", "tools", "explode-tools.mjs"));
  assert.equal(tools.map((t) => t.name).sort(), ["echo", "explode"]);
  h.controller.conversation.setTools(tools);
  await h.controller.submit("explode now");
  await h.waitFor((f) => /✖ error: kaboom/.test(f) && !h.controller.conversation.streaming, "the tool error");
  await h.controller.submit("/tools");
  await h.waitFor((f) => /explode\(\) — Always fails/.test(f), "the /tools listing");
});

test("--tools FILE that exports no tools is a clear error", async () => {
  const file = join(dir, "none.mjs");
  writeFileSync(file, "export const x = 1;\n");
  try {
    await loadToolsFile(file);
    assert.unreachable("must refuse");
  } catch (error) {
    assert.match((error as Error).message, /exports no tool\(\) objects/);
  }
});

test("/schema FILE: the reply is the parsed object, pretty-printed; /schema off returns to text", async ({ h }) => {
  const file = join(dir, "person.json");
  writeFileSync(file, JSON.stringify({ type: "object", properties: { name: { type: "string" }, age: { type: "integer", minimum: 18 }, email: { type: "string", format: "email" } }, required: ["name", "age", "email"], additionalProperties: false }));
  await h.controller.submit(`/schema ${file}`);
  await h.waitFor((f) => /Structured output on/.test(f), "schema on");
  await h.controller.submit("Describe a person");
  const frame = await h.waitFor((f) => /"email": "user@example.com"/.test(f), "the parsed object");
  assert.match(frame, /"age": 18/);
  assert.match(frame, /structured output · schema person · valid/);
  await h.controller.submit("/schema off");
  await h.waitFor((f) => /Structured output off/.test(f), "schema off");
  assert.is(h.controller.schema, undefined);
});

test("/schema with a schema Databricks refuses, or not an object, says so before anything is sent", async ({ h }) => {
  const bad = join(dir, "list.json");
  writeFileSync(bad, JSON.stringify({ type: "array", items: { type: "string" } }));
  await h.controller.submit(`/schema ${bad}`);
  await h.waitFor((f) => /"type": "object" at the top/.test(f), "refusal of a non-object schema");
  const pattern = join(dir, "pattern.json");
  writeFileSync(pattern, JSON.stringify({ type: "object", properties: { code: { type: "string", pattern: "^[A-Z]+$" } }, required: ["code"] }));
  await h.controller.submit(`/schema ${pattern}`);
  await h.waitFor((f) => /pattern/.test(f) && /✖/.test(f), "refusal of a pattern");
  assert.is(h.controller.schema, undefined);
});

test("/use agent: the ResponsesAgent streams into the same UI", async ({ h }) => {
  await h.controller.submit("/use agent");
  await h.waitFor((f) => /Now talking to agent/.test(f), "switched");
  assert.is(h.controller.conversation.api, "agent");
  await h.controller.submit("Hello agent");
  const frame = await h.waitFor((f) => /Endpoint `?agent`? serves `?main\.agents\.agent/.test(f) && !h.controller.conversation.streaming, "the agent's reply");
  assert.match(frame, /Hello agent/);
  assert.is(h.controller.conversation.lastTurn?.status, "complete");
  await h.controller.submit("/use chat");
  await h.waitFor((f) => /Now talking to chat/.test(f), "back");
  assert.is(h.controller.conversation.api, "chat");
});

test("cancelling while a tool runs keeps what ran: the call shows cancelled, the turn is cancelled", async ({ h }) => {
  let aborted = false;
  const slow = tool({ name: "slow_lookup", description: "Slow", parameters: z.object({ q: z.string() }), execute: (_a, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => { aborted = true; reject(new Error("aborted")); }, { once: true })) });
  h.controller.conversation.setTools([slow]);
  await h.controller.submit("slow_lookup cats");
  await h.waitFor((f) => /⚙ slow_lookup \{"q":"example"\}/.test(f), "the call started");
  assert.ok(h.controller.cancel());
  const frame = await h.waitFor((f) => /✖ error: cancelled/.test(f) && !h.controller.conversation.streaming, "the cancelled call");
  assert.match(frame, /cancelled/);
  assert.is(aborted, true, "execute's signal was aborted");
  const turn = h.controller.conversation.lastTurn!;
  assert.is(turn.status, "cancelled");
  assert.is(turn.toolCalls?.[0]?.error, "cancelled");
});

test("/help lists /tools and /schema", async ({ h }) => {
  await h.controller.submit("/help");
  const frame = await h.waitFor((f) => /\/schema FILE\|off/.test(f), "help");
  assert.match(frame, /\/tools/);
});

test.run();
