import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import {
  aiGatewayConfigSchema,
  createEndpointRequestSchema,
  endpoint,
  endpointCoreConfigInputSchema,
  rateLimitsRequestSchema,
  tagsPatchRequestSchema,
  validate,
  ValidationError,
  type EndpointBuilder,
  type ExternalModelOptions,
} from "../../src/index.js";
import { formatPath } from "../../src/schemas/index.js";

const SEED = Number(process.env.FC_SEED ?? 20260601);
const RUNS = Number(process.env.FC_RUNS ?? 300);

const scopeKey = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const ref = fc.tuple(scopeKey, scopeKey).map(([s, k]) => `{{secrets/${s}/${k}}}`);
const plaintext = fc.stringMatching(/^sk-[A-Za-z0-9]{4,12}$/);
const keyOption = fc.oneof(ref.map((apiKey) => ({ apiKey })), plaintext.map((apiKeyPlaintext) => ({ apiKeyPlaintext })));
const task = fc.constantFrom("llm/v1/chat" as const, "llm/v1/completions" as const, "llm/v1/embeddings" as const);

/** One external model of any of the nine providers, as a user would describe it to the builder. */
const externalModel: fc.Arbitrary<[string, ExternalModelOptions]> = fc.oneof(
  fc.tuple(fc.constantFrom("gpt-4o", "gpt-4", "o3-mini", "text-embedding-3-small"), keyOption).map(([m, k]): [string, ExternalModelOptions] => [m, k]),
  fc.tuple(fc.constantFrom("claude-3-5-sonnet-latest", "claude-3-haiku"), keyOption).map(([m, k]): [string, ExternalModelOptions] => [m, k]),
  fc.tuple(fc.constantFrom("command-r-plus", "embed-english-v3.0"), keyOption).map(([m, k]): [string, ExternalModelOptions] => [m, k]),
  keyOption.map((k): [string, ExternalModelOptions] => ["j2-ultra", { provider: "ai21labs", ...k }]),
  keyOption.map((k): [string, ExternalModelOptions] => ["chat-bison-001", { provider: "palm", ...k }]),
  keyOption.map((k): [string, ExternalModelOptions] => ["gemini-1.5-pro", { googleCloudVertexAiConfig: { projectId: "p", region: "us-central1" }, ...k }]),
  keyOption.map((k): [string, ExternalModelOptions] => ["llama", { databricksModelServingConfig: { databricksWorkspaceUrl: "https://w.example.com" }, ...k }]),
  keyOption.map((k): [string, ExternalModelOptions] => ["my-model", { customProviderConfig: { customProviderUrl: "https://llm.example.com/v1" }, ...k }]),
  fc.tuple(ref, ref).map(([id, secretKey]): [string, ExternalModelOptions] => [
    "anthropic.claude-v2",
    { amazonBedrockConfig: { awsRegion: "us-east-1", bedrockProvider: "anthropic", awsAccessKeyId: id, awsSecretAccessKey: secretKey } },
  ]),
  fc.constant<[string, ExternalModelOptions]>(["amazon.titan-text-express-v1", { amazonBedrockConfig: { awsRegion: "us-west-2", bedrockProvider: "amazon", instanceProfileArn: "arn:aws:iam::1:instance-profile/x" } }]),
);

const endpointName = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,20}[a-zA-Z0-9])?$/).filter((n) => !n.toLowerCase().startsWith("databricks-"));

/** Percentages adding up to 100 for n routes. */
const split = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return points.slice(1).map((p, i) => p - points[i]!);
  });

const builderArb: fc.Arbitrary<EndpointBuilder> = fc
  .record({
    name: endpointName,
    task,
    models: fc.array(externalModel, { minLength: 1, maxLength: 3 }),
    registered: fc.option(fc.record({ version: fc.integer({ min: 1, max: 99 }), scaleToZero: fc.boolean(), workloadSize: fc.constantFrom("Small", "Medium", "Large") }), { nil: undefined }),
    tags: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    rateLimits: fc.array(fc.record({ calls: fc.nat(1000), key: fc.constantFrom("user" as const, "endpoint" as const) }), { maxLength: 2 }),
    gatewayLimits: fc.array(
      fc.record({ calls: fc.nat(1000), tokens: fc.option(fc.nat(100000), { nil: undefined }), key: fc.constantFrom("user" as const, "endpoint" as const, "user_group" as const, "service_principal" as const) }),
      { maxLength: 2 },
    ),
    usageTracking: fc.option(fc.boolean(), { nil: undefined }),
    pii: fc.option(fc.constantFrom("BLOCK" as const, "MASK" as const, "NONE" as const), { nil: undefined }),
    routeOptimized: fc.option(fc.boolean(), { nil: undefined }),
    description: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
  })
  .chain((r) => {
    const n = r.models.length + (r.registered ? 1 : 0);
    return (n > 1 ? split(n) : fc.constant<number[] | undefined>(undefined)).map((percentages) => {
      let b = endpoint(r.name);
      r.models.forEach(([model, options], i) => {
        b = b.externalModel(model, { ...options, name: `e${i}`, task: r.task });
      });
      if (r.registered) b = b.registeredModel("main.default.model", r.registered);
      if (percentages) {
        const names = [...r.models.map((_, i) => `e${i}`), ...(r.registered ? [`model-${r.registered.version}`] : [])];
        b = b.traffic(Object.fromEntries(names.map((nm, i) => [nm, percentages[i]!])));
      }
      b = b.tags(r.tags);
      for (const l of r.rateLimits) b = b.rateLimit(l);
      for (const l of r.gatewayLimits) b = b.gatewayRateLimit(l);
      if (r.usageTracking !== undefined) b = b.usageTracking(r.usageTracking);
      if (r.pii !== undefined) b = b.guardrails({ input: { pii: r.pii } });
      if (r.routeOptimized !== undefined) b = b.routeOptimized(r.routeOptimized);
      if (r.description !== undefined) b = b.description(r.description);
      return b;
    });
  });

/** fc.assert, but the failure shows the property's own error (uvu does not print `cause`). */
function holds<T extends unknown[]>(property: fc.IProperty<T>, params: fc.Parameters<T>): void {
  const details = fc.check(property, params);
  if (details.failed) {
    const inner = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`property failed (seed ${details.seed}, path ${details.counterexamplePath}): ${inner}`);
  }
}

const p = suite("builder properties");

p("every payload the builder produces passes its schema, and so does every update body", () => {
  holds(
    fc.property(builderArb, (b) => {
      const payload = b.build();
      assert.equal(validate(createEndpointRequestSchema, payload, "create payload"), payload);
      assert.equal(b.build(), payload, "build() is pure");
      validate(endpointCoreConfigInputSchema, b.configBody(), "config");
      validate(tagsPatchRequestSchema, b.tagsPatch({ remove: ["old"] }), "tags patch");
      validate(rateLimitsRequestSchema, b.rateLimitsBody(), "rate limits");
      validate(aiGatewayConfigSchema, b.aiGatewayBody(), "gateway");
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

// ---- mutations of a valid payload ------------------------------------------------------------

type Path = (string | number)[];
type Json = Record<string, unknown>;

function objects(value: unknown, path: Path = []): { path: Path; obj: Json }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objects(v, [...path, i]));
  if (value === null || typeof value !== "object") return [];
  const obj = value as Json;
  return [{ path, obj }, ...Object.entries(obj).flatMap(([k, v]) => objects(v, [...path, k]))];
}

function at(root: unknown, path: Path): Json {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Json;
}

interface Mutation {
  kind: string;
  apply: (payload: Json) => void;
  /** What the error message must name. */
  expect: string[];
}

const parentKey = (path: Path): string | number | undefined => path[path.length - 1];
const inRateLimits = (path: Path): boolean => path[0] === "rate_limits";
const isGatewayLimit = (path: Path): boolean => path[0] === "ai_gateway" && path[1] === "rate_limits";

function mutationSites(payload: Json): Mutation[] {
  const out: Mutation[] = [];
  const ENUMS = new Set(["provider", "task", "renewal_period", "behavior", "workload_type"]);
  for (const { path, obj } of objects(payload)) {
    for (const key of Object.keys(obj)) {
      const full = [...path, key];
      if (ENUMS.has(key) || (key === "key" && (inRateLimits(path) || isGatewayLimit(path)))) {
        out.push({ kind: "wrong enum", apply: (p) => (at(p, path)[key] = "bogus-value"), expect: [formatPath(full)] });
      }
      const required =
        (key === "name" && (path.length === 0 || parentKey(path) === "external_model")) ||
        ["provider", "task", "renewal_period", "traffic_percentage", "entity_name", "custom_provider_url", "aws_region", "project_id", "region", "databricks_workspace_url"].includes(key) ||
        (key === "calls" && inRateLimits(path)) ||
        (key === "key" && path[0] === "tags");
      if (required) out.push({ kind: "missing required field", apply: (p) => delete at(p, path)[key], expect: [formatPath(full), "required"] });
      const isRef = typeof obj[key] === "string" && (obj[key] as string).startsWith("{{secrets/");
      if (isRef && parentKey(path) !== "environment_vars") {
        out.push({ kind: "both key and plaintext", apply: (p) => (at(p, path)[`${key}_plaintext`] = "sk-plain"), expect: [formatPath(path), key, `${key}_plaintext`, "both"] });
      }
      if (key.endsWith("_plaintext")) {
        const twin = key.slice(0, -"_plaintext".length);
        out.push({ kind: "both key and plaintext", apply: (p) => (at(p, path)[twin] = "{{secrets/s/k}}"), expect: [formatPath(path), twin, key, "both"] });
      }
    }
    if (parentKey(path) !== "environment_vars") {
      out.push({ kind: "unknown field", apply: (p) => (at(p, path)["zz_unexpected_field"] = 1), expect: [formatPath([...path, "zz_unexpected_field"]), "unknown field"] });
    }
  }
  return out;
}

p("mutating a valid payload (wrong enum, missing field, key and plaintext, unknown field) names the mutated path", () => {
  const seen = new Set<string>();
  holds(
    fc.property(builderArb, fc.nat(), (b, pick) => {
      const payload = b.build() as Json;
      const sites = mutationSites(payload);
      const m = sites[pick % sites.length]!;
      seen.add(m.kind);
      const mutated = structuredClone(payload);
      m.apply(mutated);
      let error: unknown;
      try {
        validate(createEndpointRequestSchema, mutated, "create payload");
      } catch (e) {
        error = e;
      }
      const context = `\n${m.kind} (expects ${m.expect.join(" / ")}) on ${JSON.stringify(payload)}`;
      if (!(error instanceof ValidationError)) throw new Error(`mutation accepted or wrong error: ${String(error)}${context}`);
      for (const needle of m.expect) if (!error.message.includes(needle)) throw new Error(`"${needle}" missing from:\n${error.message}${context}`);
      const plaintexts = objects(payload).flatMap(({ obj }) => Object.entries(obj).filter(([k]) => k.endsWith("_plaintext")).map(([, v]) => String(v)));
      for (const secretValue of ["sk-plain", ...plaintexts]) {
        if (error.message.includes(secretValue)) throw new Error(`a plaintext value leaked into the message${context}`);
      }
    }),
    { seed: SEED, numRuns: RUNS * 2 },
  );
  assert.equal([...seen].sort(), ["both key and plaintext", "missing required field", "unknown field", "wrong enum"]);
});

p.run();
