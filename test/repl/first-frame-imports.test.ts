// The chat's first frame needs ink, react and the REPL's own modules, not the library: zod and the
// client are ~70 ms of start-up, loaded behind the prompt. This walks the built bundle's static
// imports from the command line and from the interactive UI's chunk, as Node's loader would before
// evaluating either, and fails if the library's entry or zod is among them.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { staticClosure } from "../helpers/static-imports.js";

const dist = new URL("../../dist/esm/", import.meta.url).pathname;
const libraryEntry = join(dist, "src/index.js");

const interactiveChunks = readdirSync(join(dist, "chunks")).filter((f) => f.startsWith("interactive-")).map((f) => join(dist, "chunks", f));

test("the walker sees the library's own static imports (a check over nothing proves nothing)", () => {
  const closure = staticClosure(libraryEntry);
  assert.ok(closure.has("zod"), "zod is a static import of the library's entry");
  assert.ok(closure.size > 2, `only ${[...closure].join(", ")}`);
});

test("neither the command line nor the interactive UI loads the library or zod before the first frame", () => {
  assert.is(interactiveChunks.length, 1, "one interactive chunk in dist: build first");
  for (const start of [join(dist, "repl/cli.js"), ...interactiveChunks]) {
    const closure = staticClosure(start);
    assert.ok(closure.size > 3, `${start}: its imports were not found`);
    assert.not.ok(closure.has(libraryEntry), `${start} loads the library's entry statically`);
    assert.not.ok(closure.has("zod"), `${start} loads zod statically`);
    assert.ok(closure.has("node:os") || [...closure].some((f) => f.includes("chunk-")), `${start}: no chunks found`);
  }
});

test.run();
