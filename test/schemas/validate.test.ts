import { suite } from "uvu";
import * as assert from "uvu/assert";
import { timeScale } from "../helpers/eventually.js";
import { ValidationError } from "../../src/index.js";
import { createEndpointRequestSchema, closestMatch, formatPath, queryInputSchema, validate } from "../../src/schemas/index.js";

const DOCS = {
  name: "chat",
  config: {
    served_entities: [
      {
        name: "test",
        external_model: {
          name: "gpt-4",
          provider: "openai",
          task: "llm/v1/chat",
          openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" },
        },
      },
    ],
  },
  tags: [{ key: "foo", value: "bar" }],
  rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }],
};

function issuesOf(value: unknown, options?: { allowUnknownFields?: boolean }): ValidationError {
  try {
    validate(createEndpointRequestSchema, value, "create payload", options);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

const v = suite("validate");

v("the MLflow docs payload passes and comes back byte-identical", () => {
  const out = validate(createEndpointRequestSchema, DOCS, "create payload");
  assert.is(JSON.stringify(out), JSON.stringify(DOCS));
});

v("an unknown field is named with a did-you-mean", () => {
  const e = issuesOf({ name: "chat", config: { serverd_entities: [] } });
  assert.equal(e.issues, [
    { path: "config.serverd_entities", message: 'unknown field "serverd_entities"; did you mean "served_entities"?', code: "unknown_field" },
  ]);
  assert.match(e.message, /config\.serverd_entities: unknown field "serverd_entities"; did you mean "served_entities"\?/);
});

v("unknown fields deep inside arrays and provider configs get suggestions from that object", () => {
  const bad = structuredClone(DOCS) as Record<string, any>;
  bad.config.served_entities[0].external_model.openai_config = { openai_key: "{{secrets/a/b}}", openai_api_key: "{{secrets/a/b}}" };
  const e = issuesOf(bad);
  assert.is(e.issues[0]?.path, "config.served_entities[0].external_model.openai_config.openai_key");
  assert.match(e.issues[0]!.message, /did you mean "openai_api_key"/);
});

v("a far-off unknown field lists the known fields instead of guessing", () => {
  const e = issuesOf({ name: "chat", zzzzzzzz: 1 });
  assert.match(e.issues[0]!.message, /unknown field "zzzzzzzz" \(known fields: name, config, tags/);
});

v("a top-level field written inside config (MLflow's legacy form) says where it belongs", () => {
  const { tags, rate_limits, ...rest } = DOCS;
  const e = issuesOf({ ...rest, config: { ...DOCS.config, tags, rate_limits } });
  assert.equal(
    e.issues.map((i) => `${i.path}: ${i.message}`),
    [
      'config.tags: unknown field "tags"; it belongs one level up, beside "config"',
      'config.rate_limits: unknown field "rate_limits"; it belongs one level up, beside "config"',
    ],
  );
});

v("allowUnknownFields lets newer fields through but keeps every other rule", () => {
  const newer = { ...DOCS, some_future_field: { x: 1 } };
  const out = validate(createEndpointRequestSchema, newer, "create payload", { allowUnknownFields: true });
  assert.equal((out as Record<string, unknown>)["some_future_field"], { x: 1 });
  const e = issuesOf({ ...newer, name: "bad name!" }, { allowUnknownFields: true });
  assert.is(e.issues.length, 1);
  assert.is(e.issues[0]!.path, "name");
});

v("every problem is reported, not only the first", () => {
  const e = issuesOf({ name: "", config: { served_entities: [{}] }, tags: [{ value: "x" }], rate_limits: [{ calls: -1, renewal_period: "hour" }] });
  const paths = e.issues.map((i) => i.path).sort();
  assert.equal(paths, ["config.served_entities[0].entity_name", "name", "rate_limits[0].calls", "rate_limits[0].renewal_period", "tags[0].key"]);
  assert.match(e.message, /5 problems/);
});

v("a missing required field says 'required'", () => {
  const e = issuesOf({ config: {} });
  assert.equal(e.issues, [{ path: "name", message: "required", code: "invalid_type" }]);
});

v("the root value of the wrong type is reported at (root)", () => {
  const e = issuesOf("chat");
  assert.is(e.issues[0]!.path, "");
  assert.match(e.message, /\(root\)/);
});

v("query inputs are open: OpenAI parameters pass through unchanged", () => {
  // tools are typed since issue 10: a function tool needs its `function` (name at least).
  const q = { messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "f", x_extra: 1 } }], top_p: 0.5, response_format: { type: "json_object" }, seed: 7 };
  assert.equal(validate(queryInputSchema, q, "query input"), q);
});

v("formatPath and closestMatch", () => {
  assert.is(formatPath(["config", "served_entities", 0, "name"]), "config.served_entities[0].name");
  assert.is(formatPath(["environment_vars", "MY VAR"]), 'environment_vars["MY VAR"]');
  assert.is(formatPath(["served-model-name"]), "served-model-name");
  assert.is(closestMatch("servedEntities", ["served_entities", "served_models"]), "served_entities");
  assert.is(closestMatch("qqq", ["served_entities"]), undefined);
});

v("validation is fast: the docs payload validates in well under a millisecond", () => {
  for (let i = 0; i < 200; i++) validate(createEndpointRequestSchema, DOCS, "create payload");
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) validate(createEndpointRequestSchema, DOCS, "create payload");
  const perCallMs = (performance.now() - t0) / n;
  // The bound stretches with TEST_TIME_SCALE, as every timing bound must on a loaded CI machine.
  assert.ok(perCallMs < 0.5 * timeScale(), `validate took ${perCallMs} ms per call`);
});

v.run();
