import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { z } from "zod";
import { jsonInstance } from "../../../src/emulator/serving/json-instance.js";
import { regexSample } from "../../../src/emulator/serving/regex-sample.js";

const test = suite("the simulated model's schema-driven JSON generator");

// An independent check: zod's own JSON Schema reader validates what the generator made.
const valid = (schema: Record<string, unknown>, value: unknown): boolean => z.fromJSONSchema(schema as never).safeParse(value).success;

const SCHEMAS: Record<string, Record<string, unknown>> = {
  required: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["city"] },
  bounds: { type: "object", properties: { n: { type: "integer", minimum: 3, maximum: 9, multipleOf: 2 }, x: { type: "number", exclusiveMinimum: 0.5 }, neg: { type: "integer", maximum: -4 } }, required: ["n", "x", "neg"] },
  strings: { type: "object", properties: { s: { type: "string", minLength: 12 }, t: { type: "string", maxLength: 3 }, c: { const: "fixed" } }, required: ["s", "t", "c"] },
  // `time` is checked below with zod's z.iso.time(): JSON Schema's reader wants an offset there, zod's own time has none.
  formats: { type: "object", properties: Object.fromEntries(["email", "uri", "uuid", "date-time", "date", "ipv4", "ipv6"].map((f) => [f, { type: "string", format: f }])), required: ["email", "uri", "uuid", "date-time", "date", "ipv4", "ipv6"] },
  nested: { type: "object", properties: { paper: { type: "object", properties: { title: { type: "string" }, tags: { type: "array", items: { type: "string" }, minItems: 2, uniqueItems: true } }, required: ["title", "tags"], additionalProperties: false } }, required: ["paper"], additionalProperties: false },
  nullable: { type: "object", properties: { a: { type: ["integer", "null"] }, b: { anyOf: [{ type: "null" }, { type: "boolean" }] } }, required: ["a", "b"] },
  allOf: { allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: "number", minimum: 1 } }, required: ["b"] }] },
  emptyArray: { type: "object", properties: { none: { type: "array", maxItems: 0 } }, required: ["none"] },
  ref: { type: "object", $defs: { node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["name", "children"] } }, properties: { root: { $ref: "#/$defs/node" } }, required: ["root"] },
};

for (const [name, schema] of Object.entries(SCHEMAS)) {
  test(`valid against its schema: ${name}`, () => {
    const value = jsonInstance(schema);
    assert.ok(valid(schema, value), `${name}: ${JSON.stringify(value)}`);
    assert.equal(jsonInstance(schema), value, "deterministic");
  });
}

test("strict fills every property; non-strict only the required ones", () => {
  const schema = { type: "object", properties: { a: { type: "string" }, b: { type: "boolean" } }, required: ["a"] };
  assert.equal(jsonInstance(schema), { a: "example" });
  assert.equal(jsonInstance(schema, { strict: true }), { a: "example", b: false });
  assert.equal(jsonInstance({ type: "object", properties: { a: { type: "string" }, b: { type: "integer" } }, minProperties: 2 }), { a: "example", b: 0 });
});

test("patterns: the shortest simple match, checked; undefined beyond the sampler", () => {
  const patterns = ["^[A-Z]{3}-\\d+$", "^(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?$", "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "^(cat|dog)s?$", "^v\\d+\\.\\d+\\.\\d+(-[a-z0-9.]+)?$", "^(?<year>\\d{4})-[01]\\d$", "x*y+z?"];
  for (const p of patterns) {
    const sample = regexSample(p);
    assert.ok(sample !== undefined && new RegExp(p).test(sample), `${p} → ${sample}`);
  }
  assert.is(regexSample("^(?=.*\\d)\\w+$"), undefined, "look-ahead is beyond it");
  assert.is(regexSample("(a)\\1"), undefined);
  assert.is(regexSample("[unclosed"), undefined);
  assert.equal(jsonInstance({ type: "object", properties: { code: { type: "string", pattern: "^[A-Z]{2}\\d$" } }, required: ["code"] }), { code: "AA0" });
});

// Random zod schemas → z.toJSONSchema → instance → parsed by the original zod schema.
const leaf = fc.oneof(
  fc.constant(z.string()),
  fc.integer({ min: -50, max: 50 }).map((min) => z.number().int().min(min).max(min + 10)),
  fc.constant(z.boolean()),
  fc.constant(z.email()),
  fc.constant(z.iso.datetime()),
  fc.constant(z.uuid()),
  fc.constant(z.iso.date()),
  fc.constant(z.url()),
  fc.constant(z.iso.time()),
  fc.constant(z.string().regex(/^[a-f0-9]{8}-[a-f0-9]{4}$/)),
  fc.constant(z.string().regex(/^(?:SKU|ID)_\d{3,5}$/)),
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }).map((values) => z.enum(values as [string, ...string[]])),
  fc.nat(20).map((n) => z.string().min(n)),
);
const { node } = fc.letrec<{ node: z.ZodType }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), tie("node"), { maxKeys: 4 }).map((shape) => z.object(shape)),
    tie("node").map((inner) => z.array(inner)),
    tie("node").map((inner) => inner.optional()),
    tie("node").map((inner) => inner.nullable()),
  ),
}));

test("property: any zod object schema's JSON Schema yields an instance the zod schema accepts", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), node, { minKeys: 1, maxKeys: 5 }), (shape) => {
      const schema = z.object(shape);
      const json = z.toJSONSchema(schema, { io: "input" });
      const value = jsonInstance(json);
      const parsed = schema.safeParse(value);
      assert.ok(parsed.success, `${JSON.stringify(json)} → ${JSON.stringify(value)}`);
    }),
    { numRuns: 200 },
  );
});

test.run();
