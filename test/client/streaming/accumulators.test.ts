import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ChatStreamAccumulator, ResponseAccumulator, ResponseStreamError, outputText, type ChatCompletionChunk, type ResponseStreamEvent } from "../../../src/index.js";

const test = suite("stream accumulators: tool-call deltas and Responses events");

const chunk = (choices: ChatCompletionChunk["choices"], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({ id: "c1", object: "chat.completion.chunk", created: 7, model: "m", choices, ...extra });

test("tool-call deltas are merged by index, interleaved or not, into whole calls", () => {
  const acc = new ChatStreamAccumulator();
  acc.push(chunk([{ index: 0, delta: { role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] } }]));
  acc.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: '{"tz"' } }] } }]));
  acc.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }]));
  acc.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: ':"UTC"}' } }] } }]));
  acc.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] } }]));
  assert.is(acc.finishReason, null);
  acc.push(chunk([{ index: 0, delta: {}, finish_reason: "tool_calls" }], { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }));
  assert.equal(acc.toolCalls, [
    { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    { id: "call_b", type: "function", function: { name: "get_time", arguments: '{"tz":"UTC"}' } },
  ]);
  const whole = acc.completion();
  assert.is(whole.id, "c1");
  assert.is(whole.choices[0]!.message.content, null);
  assert.is(whole.choices[0]!.finish_reason, "tool_calls");
  assert.is(whole.usage?.total_tokens, 3);
});

test("text and several choices add up separately", () => {
  const acc = new ChatStreamAccumulator();
  acc.push(chunk([{ index: 0, delta: { role: "assistant", content: "Hel" } }, { index: 1, delta: { role: "assistant", content: "Bon" } }]));
  acc.push(chunk([{ index: 0, delta: { content: "lo" }, finish_reason: "stop" }, { index: 1, delta: { content: "jour" }, finish_reason: "stop" }]));
  assert.is(acc.content, "Hello");
  assert.is(acc.choice(1)?.content, "Bonjour");
  assert.equal(acc.toolCalls, []);
  assert.equal(acc.completion().choices.map((c) => c.message.content), ["Hello", "Bonjour"]);
});

test("Responses: the full OpenAI event set folds into the final response", () => {
  const acc = new ResponseAccumulator();
  const events: ResponseStreamEvent[] = [
    { type: "response.created", response: { id: "resp_1", status: "in_progress", output: [] } },
    { type: "response.output_item.added", output_index: 0, item: { type: "function_call", id: "fc_1", call_id: "call_1", name: "f", arguments: "" } },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: '{"a":' },
    { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: "1}" },
    { type: "response.output_item.added", output_index: 1, item: { type: "message", id: "msg_1", role: "assistant", content: [] } },
    { type: "response.output_text.delta", item_id: "msg_1", output_index: 1, content_index: 0, delta: "Hi " },
    { type: "response.output_text.delta", item_id: "msg_1", output_index: 1, content_index: 0, delta: "there" },
  ];
  for (const e of events) acc.push(e);
  assert.is(acc.text, "Hi there");
  assert.is(acc.finished, false);
  acc.push({ type: "response.completed", response: { id: "resp_1", status: "completed", output: [], usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } } });
  const r = acc.response();
  assert.is(r.status, "completed");
  assert.is(r.output_text, "Hi there");
  assert.is(r.output[0]!.arguments, '{"a":1}');
  assert.is(r.usage?.total_tokens, 3);
});

test("Responses: a sparse agent stream (deltas + done items, Databricks' responses.completed) is not doubled", () => {
  const acc = new ResponseAccumulator();
  acc.push({ type: "response.output_text.delta", item_id: "m1", delta: "Hel" });
  acc.push({ type: "response.output_text.delta", item_id: "m1", delta: "lo" });
  acc.push({ type: "response.output_item.done", item: { type: "message", id: "m1", role: "assistant", content: [{ type: "output_text", text: "Hello" }] } });
  acc.push({ type: "response.output_item.done", item: { type: "function_call", id: "f1", call_id: "c1", name: "lookup", arguments: "{}" } });
  acc.push({ type: "responses.completed", response: { id: "r1", status: "completed", usage: { input_tokens: 4, output_tokens: 5, total_tokens: 9 } } });
  const r = acc.response();
  assert.is(r.output_text, "Hello");
  assert.equal(r.output.map((i) => i.type), ["message", "function_call"]);
  assert.is(r.usage?.output_tokens, 5);
  assert.is(outputText({ output: [{ type: "message", content: [{ type: "output_text", text: "a" }, { type: "refusal" }, { type: "output_text", text: "b" }] }] }), "ab");
  assert.throws(() => acc.push({ type: "error", code: "rate_limited", message: "slow down" }), (e: unknown) => e instanceof ResponseStreamError && e.code === "rate_limited");
});

test.run();
