// The package's schemas are built at first use (src/schemas/deferred.ts): each must still be the
// zod schema in every way a user or zod itself can tell — parsing, instanceof, fields, nesting,
// JSON Schema — and importing the package must build none of them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import { deferred } from "../../src/schemas/deferred.js";
import { endpointTagSchema, taskSchema } from "../../src/index.js";

test("built on first use, once", () => {
  let builds = 0;
  const s = deferred(() => { builds++; return z.strictObject({ key: z.string() }); });
  assert.is(builds, 0, "nothing built before use");
  assert.equal(s.parse({ key: "a" }), { key: "a" });
  assert.is(s.safeParse({ key: 1 }).success, false);
  assert.is(builds, 1);
  s.parse({ key: "b" });
  assert.is(builds, 1, "built once");
});

test("indistinguishable from the schema: instanceof, fields, methods, nesting, JSON Schema", () => {
  const inner = deferred(() => z.strictObject({ key: z.string(), value: z.string().optional() }));
  assert.ok(inner instanceof z.ZodObject);
  assert.ok(inner instanceof z.ZodType);
  assert.equal(Object.keys(inner.shape), ["key", "value"]);
  assert.is(inner.optional().safeParse(undefined).success, true);
  const outer = z.strictObject({ tags: z.array(inner) });
  assert.equal(outer.parse({ tags: [{ key: "a" }] }), { tags: [{ key: "a" }] });
  assert.is(outer.safeParse({ tags: [{ key: "a", extra: 1 }] }).success, false, "the inner strictness holds");
  assert.equal(z.toJSONSchema(inner), z.toJSONSchema(z.strictObject({ key: z.string(), value: z.string().optional() })));
});

test("the package's exported schemas work as zod schemas", () => {
  assert.equal(taskSchema.options, ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"]);
  assert.ok(taskSchema instanceof z.ZodEnum);
  assert.equal(endpointTagSchema.parse({ key: "team", value: "ml" }), { key: "team", value: "ml" });
  assert.is(endpointTagSchema.safeParse({ key: "" }).success, false);
});

test("a schema that uses itself while being built says so instead of recursing forever", () => {
  const self: z.ZodType = deferred((): z.ZodType => z.strictObject({ child: self.optional() }));
  assert.throws(() => self.parse({}), /use z\.lazy for a self-reference/);
});

test.run();
