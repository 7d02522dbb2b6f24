// %% [markdown]
// # Tools, structured outputs, the Responses API and agent endpoints
//
// Databricks Model Serving speaks more than plain chat: a model can ask to **call functions**
// ("Function calling" in the Databricks docs), answer in **JSON that follows a schema**
// ("Structured outputs"), be queried through the **OpenAI Responses API**, and an endpoint can
// serve an **agent** built with the Mosaic AI Agent Framework. This notebook walks through each,
// with typed helpers: `tool()` turns a zod schema into the function definition Databricks accepts,
// a `Conversation` with tools runs the whole tool loop, `predict({ schema })` hands back a
// validated object.
//
// On the emulator the simulated model honours all of it deterministically: it calls a tool when
// the message names one (or when `tool_choice` forces it), and its JSON always validates.

// %%
import { connect } from "databricks-deployments/emulator";
const { client, kind, description, close } = await connect();
console.log(`Connected to the ${description}`);

// %%
import { z } from "zod";
import {
  Conversation, tool, ValidationError, StructuredOutputError, LengthFinishReasonError,
  accumulateResponse,
} from "databricks-deployments";
import {
  show, jsonView, transcript, toolCallsTable, endpointCard, usageSummary, renderStream,
} from "databricks-deployments/notebook";

if (kind === "emulator") {
  await client.updateEndpointRateLimits({
    endpoint: "chat",
    config: { rate_limits: [{ key: "user", renewal_period: "minute", calls: 200 }] },
  });
}

// %% [markdown]
// ## Defining tools
//
// `tool({ name, description, parameters, execute })`: `parameters` is a zod schema. On the wire the
// tool is exactly the chat `tools` entry — `{"type": "function", "function": {name, description,
// parameters, strict}}` — so it can go straight into `inputs.tools`.

// %%
const getWeather = tool({
  name: "get_weather",
  description: "Current weather in a city",
  parameters: z.object({ city: z.string().describe("City name"), unit: z.enum(["c", "f"]) }),
  execute: async ({ city, unit }) => ({
    city, unit, temperature: unit === "c" ? 21 : 70, conditions: "sunny",
  }),
});
const convert = tool({
  name: "convert_currency",
  description: "Converts an amount between currencies",
  parameters: z.object({
    amount: z.number().min(0), from: z.string().length(3), to: z.string().length(3),
  }),
  execute: ({ amount, from, to }) => ({
    amount, from, to, converted: Math.round(amount * 1.08 * 100) / 100,
  }),
});
show(jsonView(JSON.parse(JSON.stringify(getWeather))));

// %% [markdown]
// Databricks refuses some schemas (`anyOf`/`oneOf`, `pattern`, `$ref`, more than 16 keys, more
// than 32 tools). `tool()` says so **before the wire**, as does a `tool_choice` naming a tool that
// is not there:

// %%
try {
  tool({ name: "lookup", parameters: z.object({ id: z.union([z.string(), z.number()]) }) });
} catch (error) {
  console.log(`${(error as Error).name}: ${(error as Error).message}`);
}
try {
  await client.predict({
    endpoint: "chat",
    inputs: {
      messages: [{ role: "user", content: "hi" }],
      tools: [getWeather],
      tool_choice: { type: "function", function: { name: "get_wether" } },
    },
  });
} catch (error) {
  console.log(`${(error as Error).name}: ${(error as Error).message}`);
}

// %% [markdown]
// ## One call: the model asks for a tool
//
// With `tool_choice: "required"` the model must call a tool. The reply's `finish_reason` is
// `tool_calls` and `message.tool_calls` holds the call; its `arguments` is a JSON string that the
// tool's own schema checks.

// %%
const forced = await client.predict({
  endpoint: "chat",
  inputs: {
    messages: [{ role: "user", content: "What's the weather like?" }],
    tools: [getWeather, convert],
    tool_choice: "required",
  },
});
const call = forced.choices?.[0]?.message?.tool_calls?.[0];
console.log(`finish_reason: ${forced.choices?.[0]?.finish_reason}`);
console.log(`tool call: ${call?.function.name}(${call?.function.arguments})`);
console.log("validated:", getWeather.parseArguments(call?.function.arguments ?? "{}"));

// %% [markdown]
// ## A conversation that runs the tool loop
//
// Give a `Conversation` the tools and `send()` does the rest: when the model asks for tools, it
// validates the arguments with each tool's zod schema, runs `execute` (with an `AbortSignal`),
// sends the results back and asks again — until the model answers in text (or `maxToolSteps`,
// 8 by default, is reached). Every call is recorded in `turn.toolCalls`; `reply.onToolCall`
// reports each as it starts and ends.

// %%
const conversation = new Conversation({
  client: client, endpoint: "chat", tools: [getWeather, convert],
});
const reply = conversation.send("Please call get_weather for Paris, in Celsius.");
reply.onToolCall((c) => {
  if (c.status === "running") return;
  const outcome = JSON.stringify(c.result ?? c.error);
  console.log(`Tool ${c.name} ${c.arguments} → ${outcome} (${c.durationMs} ms)`);
});
const turn = await renderStream(reply);

// %%
show(toolCallsTable(conversation.lastTurn!));
show(transcript(conversation));

// %% [markdown]
// A tool that throws does not crash the turn: the error becomes the tool's result, which the model
// sees (and answers about), and the turn records it.

// %%
const flaky = tool({
  name: "lookup_order",
  description: "Finds an order",
  parameters: z.object({ id: z.string() }),
  execute: () => {
    throw new Error("the orders database is down");
  },
});
const support = new Conversation({ client: client, endpoint: "chat", tools: [flaky] });
const failedTool = await support.send("lookup_order 1234, please");
show(toolCallsTable(failedTool));
const aboutTheDatabase = failedTool.reply.split("\n").find((line) => line.includes("database"));
console.log(aboutTheDatabase ?? failedTool.reply);

// %% [markdown]
// Tool calls are part of the conversation's data: they survive `toJSON()` / `fromJSON()` and show
// in `toMarkdown()`.

// %%
const restored = Conversation.fromJSON(JSON.stringify(conversation), {
  client: client, tools: [getWeather, convert],
});
const roles = restored.messages().map((m) => m.role).join(", ");
const restoredCalls = restored.turns[0]?.toolCalls?.length;
console.log(`restored ${restoredCalls} tool call(s); context roles: ${roles}`);
console.log(restored.toMarkdown().split("\n").filter((line) => line.includes("🔧")).join("\n"));

// %% [markdown]
// ## Structured outputs
//
// `predict({ endpoint, inputs, schema })` with a zod object schema sends
// `response_format: {type: "json_schema", json_schema: {name, schema, strict: true}}` and returns
// the reply with `choices[0].message.parsed`, typed by the schema and validated with it. A reply
// that is not JSON or breaks the schema is a `StructuredOutputError` (with the raw text and the
// issues); one cut off by the token limit is a `LengthFinishReasonError`.

// %%
const Paper = z.object({
  title: z.string(),
  authors: z.array(z.object({ name: z.string(), email: z.email() })),
  year: z.number().int().min(1990).max(2030),
  venue: z.enum(["NeurIPS", "ICML", "ICLR", "arXiv"]),
});
const structured = await client.predict({
  endpoint: "chat",
  inputs: {
    messages: [
      { role: "user", content: "Extract the paper: 'Attention Is All You Need', Vaswani et al." },
    ],
  },
  schema: Paper,
  schemaName: "paper",
});
const paper = structured.choices[0]!.message.parsed;
show(jsonView(paper));
console.log(
  `typed: ${paper.title} (${paper.venue} ${paper.year}), ${paper.authors.length} author(s)`,
);

// %%
try {
  await client.predict({
    endpoint: "chat",
    inputs: { messages: [{ role: "user", content: "Extract the paper" }], max_tokens: 5 },
    schema: Paper,
  });
} catch (error) {
  const expected =
    error instanceof LengthFinishReasonError || error instanceof StructuredOutputError;
  if (!expected) throw error;
  console.log(`${error.name}: ${error.message}`);
}
try {
  await client.predict({
    endpoint: "chat",
    inputs: { messages: [{ role: "user", content: "hi" }] },
    schema: z.array(z.string()),
  });
} catch (error) {
  if (error instanceof ValidationError) console.log(`${error.name}: ${error.message}`);
  else throw error;
}

// %% [markdown]
// ## The Responses API
//
// `predictResponse` posts to `/serving-endpoints/responses` with `model` = the endpoint (OpenAI
// and external models), the route `openai.responses.create` uses. The reply carries `output`
// items, `usage`, and `output_text` (every text part joined, as the OpenAI SDKs compute it).
// `predictResponseStream` gives the typed events; `accumulateResponse` folds them.

// %%
const response = await client.predictResponse({
  endpoint: "chat",
  inputs: {
    input: "Hello via the Responses API", instructions: "Be brief.", max_output_tokens: 60,
  },
});
console.log(`${response.status}: ${response.output_text.slice(0, 120)}…`);
console.log("usage:", response.usage);

// %%
const eventTypes = new Map<string, number>();
const streamedResponse = await accumulateResponse(
  client.predictResponseStream({ endpoint: "chat", inputs: { input: "Stream a short greeting" } }),
  (event) => eventTypes.set(event.type, (eventTypes.get(event.type) ?? 0) + 1),
);
console.log([...eventTypes].map(([type, n]) => `${type} ×${n}`).join("\n"));
const streamedUsage = JSON.stringify(streamedResponse.usage);
const streamedLength = streamedResponse.output_text.length;
console.log(`output_text: ${streamedLength} characters; usage ${streamedUsage}`);

// %% [markdown]
// ## An agent endpoint
//
// An agent deployed with the Mosaic AI Agent Framework is an endpoint serving a Unity Catalog
// model whose task says which interface it speaks: `agent/v1/responses` (MLflow's
// `ResponsesAgent`) or `agent/v2/chat` (the legacy `ChatAgent`). The emulator's seed has one, named
// `agent` (start the emulator with `--agent NAME[=chat]` for more).

// %%
show(endpointCard(await client.getEndpoint("agent")));

// %% [markdown]
// A ResponsesAgent takes a Responses body on its `/invocations` route (`route: "invocations"`),
// plus `custom_inputs` (echoed back as `custom_outputs`) and `databricks_options.return_trace`
// (an MLflow trace in `databricks_output`).

// %%
const agentReply = await client.predictResponse({
  endpoint: "agent",
  route: "invocations",
  inputs: {
    input: [{ role: "user", content: "What can you do?" }],
    custom_inputs: { session_id: "nb-05" },
    databricks_options: { return_trace: true },
  },
});
type WithTrace = { databricks_output?: { trace?: { info?: { trace_id?: string } } } };
const trace = (agentReply as WithTrace).databricks_output?.trace?.info?.trace_id;
const { object, custom_outputs } = agentReply;
console.log({ object, custom_outputs, trace_id: trace });
console.log(agentReply.output_text.slice(0, 160));

// %% [markdown]
// A `Conversation` talks to it with `api: "agent"` — same turns, streaming, usage and tool loop:

// %%
const agentChat = new Conversation({
  client: client, endpoint: "agent", api: "agent", tools: [getWeather],
});
await renderStream(agentChat.send("Hello, agent."));
const agentTurn = await agentChat.send("get_weather for Oslo, please");
show(toolCallsTable(agentTurn));
show(usageSummary(agentChat));

// %% [markdown]
// Stop the emulator, if one was started.

// %%
await close();
