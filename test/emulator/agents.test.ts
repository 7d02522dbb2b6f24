// Agent endpoints: what GET shows, the ResponsesAgent and ChatAgent shapes on /invocations (plain
// and streamed, data-only SSE), the Responses route for agents, and registration refusals.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigurationError } from "../../src/index.js";
import { SIMULATED_HEADER, parseAgentFlag, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call } from "./helpers.js";

const test = suite<{ emu: Emulator }>("emulator: agent endpoints");
test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0, agents: [{ name: "support", task: "agent/v2/chat", entityName: "main.help.support_bot", entityVersion: "3" }] });
});
test.after(async ({ emu }) => { await emu.close(); });

function events(text: string): any[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  assert.ok(lines.every((l) => l.startsWith("data: ")), "data-only framing (MLflow's parser rejects event: lines)");
  assert.is(lines[lines.length - 1], "data: [DONE]");
  return lines.slice(0, -1).map((l) => JSON.parse(l.slice(6)));
}
const invoke = (emu: Emulator, name: string, body: unknown) => call(emu, "POST", `/serving-endpoints/${name}/invocations`, body);

test("the seed serves `agent` beside `chat`: GET shows the task and a UC-model served entity", async ({ emu }) => {
  const names = (await emu.client().listEndpoints()).map((e) => e.name).sort();
  assert.equal(names, ["agent", "chat", "support"]);
  const agent = (await call(emu, "GET", "/api/2.0/serving-endpoints/agent")).body;
  assert.is(agent.task, "agent/v1/responses");
  assert.equal(agent.state, { ready: "READY", config_update: "NOT_UPDATING" });
  const entity = agent.config.served_entities[0];
  assert.equal([entity.name, entity.entity_name, entity.entity_version, entity.workload_size, entity.scale_to_zero_enabled], ["agent-1", "main.agents.agent", "1", "Small", true]);
  assert.equal(agent.config.traffic_config.routes, [{ served_entity_name: "agent-1", served_model_name: "agent-1", traffic_percentage: 100 }]);
  const support = (await call(emu, "GET", "/api/2.0/serving-endpoints/support")).body;
  assert.is(support.task, "agent/v2/chat");
  assert.is(support.config.served_entities[0].entity_name, "main.help.support_bot");
  assert.is(support.config.served_entities[0].name, "support_bot-3");
});

test("ResponsesAgent: list input → a response with custom_outputs echoed and, when asked, a trace; deterministic", async ({ emu }) => {
  const body = { input: [{ role: "user", content: "Hi agent" }], custom_inputs: { session: "s1" }, context: { conversation_id: "c1" }, databricks_options: { return_trace: true } };
  const first = await invoke(emu, "agent", body);
  assert.is(first.status, 200, first.text);
  assert.is(first.headers.get(SIMULATED_HEADER), "true");
  const r = first.body;
  assert.is(r.object, "response");
  assert.match(r.id, /^resp_[0-9a-f]{24}$/);
  assert.is(r.output[0].type, "message");
  assert.match(r.output[0].content[0].text, "> Hi agent");
  assert.equal(r.custom_outputs, { session: "s1" });
  assert.match(r.databricks_output.trace.info.trace_id, /^tr-[0-9a-f]{32}$/);
  assert.is(r.databricks_output.trace.info.trace_location.mlflow_experiment.experiment_id, "0");
  assert.ok(r.predictions === undefined, "not wrapped in predictions");
  const again = await invoke(emu, "agent", body);
  assert.is(again.body.id, r.id);
  assert.is(again.body.databricks_output.trace.info.trace_id, r.databricks_output.trace.info.trace_id);
  const plain = (await invoke(emu, "agent", { input: "Hi agent" })).body;
  assert.is(plain.databricks_output, undefined, "no trace unless asked");
  assert.equal(plain.custom_outputs, {});
});

test("ResponsesAgent stream: the full Responses event set, then responses.completed with usage, then [DONE]", async ({ emu }) => {
  const res = await invoke(emu, "agent", { input: [{ role: "user", content: "Stream please" }], stream: true, custom_inputs: { k: 1 } });
  const list = events(res.text);
  const types = list.map((e) => e.type);
  assert.is(types[0], "response.created");
  assert.ok(types.includes("response.output_text.delta"));
  assert.ok(types.includes("response.output_item.done"));
  assert.is(types[types.length - 2], "response.completed");
  assert.is(types[types.length - 1], "responses.completed");
  const last = list[list.length - 1];
  assert.ok(last.response.usage.output_tokens > 0);
  assert.equal(last.custom_outputs, { k: 1 });
  assert.equal(list.map((e) => e.sequence_number), list.map((_, i) => i));
  const text = list.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta).join("");
  assert.match(text, "> Stream please");
});

test("ResponsesAgent: tools in the request are honoured (a forced function_call item)", async ({ emu }) => {
  const tool = { type: "function", name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } };
  const r = (await invoke(emu, "agent", { input: [{ role: "user", content: "hi" }], tools: [tool], tool_choice: "required" })).body;
  assert.is(r.output[0].type, "function_call");
  assert.is(r.output[0].name, "lookup");
  assert.equal(JSON.parse(r.output[0].arguments), { q: "example" });
});

test("ResponsesAgent refuses `messages` with Databricks' message; also on the Responses route with model = agent", async ({ emu }) => {
  const refused = await invoke(emu, "agent", { messages: [{ role: "user", content: "hi" }] });
  assert.is(refused.status, 400);
  assert.match(refused.body.message, "'messages' field is not supported. Please use 'input' field instead.");
  const viaRoute = await call(emu, "POST", "/serving-endpoints/responses", { model: "agent", input: "Hi via the route", custom_inputs: { a: 1 } });
  assert.is(viaRoute.status, 200, viaRoute.text);
  assert.match(viaRoute.body.output[0].content[0].text, "> Hi via the route");
  assert.equal(viaRoute.body.custom_outputs, { a: 1 });
});

test("ChatAgent: messages with ids → {id, messages[{role, content, id}], finish_reason, usage, custom_outputs}", async ({ emu }) => {
  const res = await invoke(emu, "support", { messages: [{ role: "user", content: "Hi support", id: "user-0" }], custom_inputs: { t: "x" } });
  assert.is(res.status, 200, res.text);
  const r = res.body;
  assert.match(r.id, /^chatagent-/);
  assert.is(r.messages.length, 1);
  assert.is(r.messages[0].role, "assistant");
  assert.is(typeof r.messages[0].content, "string");
  assert.match(r.messages[0].content, "> Hi support");
  assert.match(r.messages[0].id, /^msg_/);
  assert.is(r.finish_reason, "stop");
  assert.equal(r.custom_outputs, { t: "x" });
  assert.ok(r.usage.total_tokens > 0);
});

test("ChatAgent stream: every chunk {id, delta{role, content, id}} with one message id; finish and usage last", async ({ emu }) => {
  const res = await invoke(emu, "support", { messages: [{ role: "user", content: "Stream support", id: "user-0" }], stream: true });
  const list = events(res.text);
  assert.ok(list.length > 3);
  assert.ok(list.every((e) => typeof e.id === "string" && typeof e.delta?.id === "string" && e.delta.role === "assistant"));
  assert.is(new Set(list.map((e) => e.delta.id)).size, 1);
  assert.match(list.map((e) => e.delta.content).join(""), "> Stream support");
  const last = list[list.length - 1];
  assert.is(last.finish_reason, "stop");
  assert.ok(last.usage.completion_tokens > 0);
});

test("ChatAgent: input instead of messages, and the Responses route, are 400s that say what to send", async ({ emu }) => {
  const wrong = await invoke(emu, "support", { input: [{ role: "user", content: "hi" }] });
  assert.is(wrong.status, 400);
  assert.match(wrong.body.message, "'input' is for ResponsesAgent");
  const route = await call(emu, "POST", "/serving-endpoints/responses", { model: "support", input: "hi" });
  assert.is(route.status, 400);
  assert.match(route.body.message, "agent/v2/chat");
});

test("registration: the --agent flag form, and refusals before anything starts", async () => {
  assert.equal(parseAgentFlag("support=chat"), { name: "support", task: "agent/v2/chat" });
  assert.equal(parseAgentFlag("bot"), { name: "bot" });
  assert.equal(parseAgentFlag("r=agent/v1/responses"), { name: "r", task: "agent/v1/responses" });
  assert.throws(() => parseAgentFlag("x=agent/v9/nope"), (e: unknown) => e instanceof ConfigurationError && /unknown agent task/.test(e.message));
  try {
    await startEmulator({ agents: [{ name: "bad name!" }] });
    assert.unreachable("a bad name must refuse to start");
  } catch (error) {
    assert.instance(error, ConfigurationError);
  }
});

test.run();
