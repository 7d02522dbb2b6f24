import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AnswersWriter, dropFailed, readAnswers } from "../../repl/batch/answers-file.js";
import { rowHash } from "../../repl/batch/row-hash.js";
import { parseTemplate } from "../../repl/batch/template.js";
import { workDir } from "./cli-helpers.js";

const test = suite("deployments batch: the answers file, row hashes, templates");

test("a last line cut off by a crash is dropped, so appending continues on a line boundary", async () => {
  const path = join(workDir("partial"), "a.jsonl");
  const input = { messages: [{ role: "user", content: "x" }] };
  writeFileSync(path, `${JSON.stringify({ index: 0, input, output: {} })}\n${JSON.stringify({ index: 1, input, error: { name: "E" } })}\n{"index":2,"inp`);
  const { rows } = await readAnswers(path);
  assert.equal([...rows.keys()], [0, 1]);
  assert.is(rows.get(0)!.answered, true);
  assert.is(rows.get(1)!.answered, false);
  assert.is(rows.get(0)!.hash, rowHash(input));
  assert.ok(readFileSync(path, "utf8").endsWith("}\n"));
  const writer = new AnswersWriter(path);
  writer.append({ index: 2, input, output: {} });
  writer.close();
  assert.is(readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l)).length, 3);
  assert.is(await dropFailed(path), 1);
  assert.equal([...(await readAnswers(path)).rows.keys()], [0, 2]);
});

test("rowHash ignores key order and undefined fields, and sees any edit", () => {
  assert.is(rowHash({ a: 1, b: [1, { c: 2, d: 3 }] }), rowHash({ b: [1, { d: 3, c: 2 }], a: 1, e: undefined }));
  assert.is.not(rowHash({ a: 1 }), rowHash({ a: 2 }));
  assert.is.not(rowHash({ a: [1, 2] }), rowHash({ a: [2, 1] }));
});

test("a template fills {{field}}s, names a missing field, and refuses a template without one", () => {
  const t = parseTemplate("Review of a {{ product }}: {{review}} ({{product}})");
  assert.equal(t.fields, ["product", "review"]);
  assert.is(t.fill({ product: "lamp", review: "bright", extra: 1 }), "Review of a lamp: bright (lamp)");
  assert.is(t.fill({ product: "lamp", review: 5 }), "Review of a lamp: 5 (lamp)");
  assert.throws(() => t.fill({ product: "lamp" }), /no value for template field "review"/);
  assert.throws(() => parseTemplate("no fields here"), /no \{\{field\}\} placeholder/);
});

test.run();
