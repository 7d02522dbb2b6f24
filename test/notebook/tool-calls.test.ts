// The notebook's rich display of tool calls: toolCallsTable and the tool lines in transcript().
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { toolCallsTable, transcript } from "../../src/notebook/index.js";
import type { ToolCallRecord } from "../../src/index.js";

const test = suite("notebook: tool calls");

const calls: ToolCallRecord[] = [
  { id: "c1", name: "get_weather", arguments: "{\"city\":\"Paris\"}", step: 1, status: "done", result: { temp: 21 }, durationMs: 3 },
  { id: "c2", name: "lookup<x>", arguments: "{}", step: 2, status: "error", error: "database is down" },
];

test("toolCallsTable: one row per call, HTML escaped, errors marked; text form for terminals", () => {
  const table = toolCallsTable({ toolCalls: calls });
  assert.match(table.html, /<code>get_weather<\/code>/);
  assert.match(table.html, /\{&quot;temp&quot;:21\}/);
  assert.match(table.html, /lookup&lt;x&gt;/);
  assert.match(table.html, /style="color:#b00"><code>error: database is down/);
  assert.is(table.text.split("\n")[0], "Tool [1] get_weather {\"city\":\"Paris\"} → {\"temp\":21} (3 ms)");
  assert.equal(String(toolCallsTable({ turns: [{ toolCalls: calls }, {}] })).split("\n").length, 2);
  assert.is(String(toolCallsTable([])), "No tool calls.");
});

test("transcript() shows each tool call between the question and the answer", () => {
  const md = transcript({ endpoint: "chat", turns: [{ user: "weather?", reply: "It is 21.", toolCalls: calls }] }).markdown ?? "";
  const q = md.indexOf("weather?"), tool = md.indexOf("get_weather"), a = md.indexOf("It is 21.");
  assert.ok(q < tool && tool < a, md);
  assert.match(md, /error: database is down/);
});

test.run();
