import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { VERSION, DeploymentsError, ValidationError } from "../src/index.js";

test("VERSION matches package.json", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  assert.is(VERSION, pkg.version);
});

test("ValidationError lists each issue with its path and is a DeploymentsError", () => {
  const e = new ValidationError("create payload", [
    { path: "config.served_entities[0].name", message: "Required", code: "invalid_type" },
    { path: "", message: "Expected object", code: "invalid_type" },
  ]);
  assert.instance(e, DeploymentsError);
  assert.match(e.message, /Invalid create payload \(2 problems\)/);
  assert.match(e.message, /config\.served_entities\[0\]\.name: Required/);
  assert.match(e.message, /\(root\): Expected object/);
});

test.run();
