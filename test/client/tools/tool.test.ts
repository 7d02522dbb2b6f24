import { suite } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import { DatabricksDeploymentClient, ValidationError, checkToolInputs, isTool, tool, type QueryInput } from "../../../src/index.js";
import { TestServer, TOKEN, sendJson } from "../helpers/server.js";

const test = suite<{ server: TestServer; client: DatabricksDeploymentClient }>("tool() and tool inputs before the wire");

test.before(async (ctx) => {
  ctx.server = await TestServer.start((_r, res) => sendJson(res, 200, { choices: [] }));
  ctx.client = new DatabricksDeploymentClient({ host: ctx.server.url, token: TOKEN });
});
test.after(async (ctx) => ctx.server.close());
test.before.each((ctx) => ctx.server.reset());

const issuesOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
};

const getWeather = tool({
  name: "get_weather",
  description: "Current weather in a city",
  parameters: z.object({ city: z.string().describe("City name"), unit: z.enum(["c", "f"]).nullable(), email: z.email() }),
  execute: ({ city }) => ({ city, temp: 21 }),
});

test("a tool serialises as exactly the chat ToolDefinition; zod's output fits Databricks' limits", () => {
  assert.ok(isTool(getWeather));
  const wire = JSON.parse(JSON.stringify(getWeather));
  assert.equal(Object.keys(wire), ["type", "function"]);
  assert.is(wire.function.name, "get_weather");
  assert.is(wire.function.description, "Current weather in a city");
  assert.is(wire.function.strict, true);
  const p = wire.function.parameters;
  assert.is(p.$schema, undefined);
  assert.is(p.type, "object");
  assert.equal(p.properties.unit, { type: ["string", "null"], enum: ["c", "f", null] });
  assert.is(p.properties.email.format, "email");
  assert.is(p.properties.email.pattern, undefined, "a pattern beside a format is dropped");
  assert.equal(p.required, ["city", "unit", "email"]);
  assert.is(getWeather.name, "get_weather");
  assert.is(getWeather.jsonSchema, getWeather.function.parameters);
  assert.equal(getWeather.parseArguments('{"city":"Paris","unit":null,"email":"a@b.co"}'), { city: "Paris", unit: null, email: "a@b.co" });
  assert.is(getWeather.execute?.({ city: "Oslo", unit: "c", email: "a@b.co" }, { signal: new AbortController().signal, toolCallId: "c" }) !== undefined, true);
});

test("strict only when the schema allows it (optional properties: no strict)", () => {
  const loose = tool({ name: "f", parameters: z.object({ a: z.string().optional() }) });
  assert.is(loose.function.strict, undefined);
  assert.equal(loose.function.parameters.required, undefined);
});

test("parseArguments: bad JSON and schema failures are ValidationErrors with paths", () => {
  assert.is(issuesOf(() => getWeather.parseArguments("{nope")).issues[0]!.code, "invalid_json");
  const e = issuesOf(() => getWeather.parseArguments('{"city":1,"unit":"k","email":"x@y.zz"}'));
  assert.equal(e.issues.map((i) => i.path).sort(), ["city", "unit"]);
});

test("schemas Databricks refuses are ValidationErrors naming the path, at definition", () => {
  const regex = issuesOf(() => tool({ name: "f", parameters: z.object({ code: z.string().regex(/^[A-Z]{3}$/) }) }));
  assert.is(regex.issues[0]!.path, ".properties.code");
  assert.match(regex.message, "'pattern' is not supported");
  const union = issuesOf(() => tool({ name: "f", parameters: z.object({ v: z.union([z.string(), z.object({ a: z.number() })]) }) }));
  assert.match(union.message, "anyOf");
  const wide = issuesOf(() => tool({ name: "f", parameters: z.object(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, z.string()]))) }));
  assert.match(wide.message, "has 17 property keys; Databricks accepts at most 16");
  const notObject = issuesOf(() => tool({ name: "f", parameters: z.string() }));
  assert.match(notObject.message, "must be an object schema");
  assert.match(issuesOf(() => tool({ name: "bad name!", parameters: z.object({}) })).message, "name");
});

test("checkToolInputs: tool count, names, tool_choice and raw JSON schemas", () => {
  const many = Array.from({ length: 33 }, (_, i) => ({ type: "function" as const, function: { name: `t${i}`, parameters: { type: "object" } } }));
  assert.match(issuesOf(() => checkToolInputs({ tools: many }, "inputs", false)).message, "at most 32");
  const unknown = issuesOf(() => checkToolInputs({ tools: [getWeather], tool_choice: { type: "function", function: { name: "get_wether" } } }, "inputs", false));
  assert.is(unknown.issues[0]!.path, "tool_choice.function.name");
  assert.match(unknown.message, "did you mean 'get_weather'");
  const raw = issuesOf(() => checkToolInputs({ tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { a: { oneOf: [{ type: "string" }] } } } } }] }, "inputs", false));
  assert.is(raw.issues[0]!.path, "tools[0].function.parameters.properties.a");
  const flat = issuesOf(() => checkToolInputs({ tools: [{ type: "function", name: "f", parameters: { type: "string" } }], tool_choice: { type: "function", name: "g" } }, "inputs", true));
  assert.equal(flat.issues.map((i) => i.path), ["tools[0].parameters.type", "tool_choice.name"]);
  assert.match(issuesOf(() => checkToolInputs({ tool_choice: "required" }, "inputs", false)).message, "needs at least one function tool");
  checkToolInputs({ tools: [getWeather], tool_choice: "auto" }, "inputs", false);
});

test("predict and predictStream refuse bad tool inputs before any request", async ({ client, server }) => {
  const messages = [{ role: "user", content: "hi" }];
  const bad: QueryInput = { messages, tools: [getWeather], tool_choice: { type: "function", function: { name: "nope" } } };
  await (async () => client.predict({ endpoint: "chat", inputs: bad }))().then(() => assert.unreachable(), (e) => assert.instance(e, ValidationError));
  const stream = client.predictStream({ endpoint: "chat", inputs: { messages, tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { a: { $ref: "#/$defs/x" } } } } }] } });
  await stream.next().then(() => assert.unreachable(), (e) => assert.instance(e, ValidationError));
  assert.is(server.requests.length, 0);
  // A good call sends the tool as its wire definition; a role kept in a plain string variable is fine.
  const role: string = "user";
  await client.predict({ endpoint: "chat", inputs: { messages: [{ role, content: "hi" }, { role: "tool", tool_call_id: "c", content: "1" }], tools: [getWeather], tool_choice: "required" } });
  const sent = server.last.json as { tools: unknown[] };
  assert.equal(sent.tools, [JSON.parse(JSON.stringify(getWeather))]);
});

test.run();
