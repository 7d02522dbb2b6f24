import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ApiError, InternalServerError, InvalidParameterError, NotFoundError } from "../../src/index.js";
import { createApiError, ERROR_CODES, isErrorCode } from "../../src/errors/index.js";

const init = (status: number, errorCode: string | undefined) => ({ status, errorCode, message: "m", details: undefined, requestId: undefined, retryAfter: undefined, operation: undefined });

test("the client throws the table's class for every code in it", () => {
  for (const [code, facts] of Object.entries(ERROR_CODES)) {
    assert.is(createApiError(init(facts.status, code)).name, facts.error, code);
    // The code wins over the status, so a code sent with an unusual status keeps its class.
    assert.is(createApiError(init(418, code)).name, facts.error, `${code} with 418`);
  }
});

test("the codes the emulator sends that the client used to miss are known now", () => {
  assert.instance(createApiError(init(504, "DEADLINE_EXCEEDED")), InternalServerError);
  assert.instance(createApiError(init(413, "REQUEST_ENTITY_TOO_LARGE")), InvalidParameterError);
  const cancelled = createApiError(init(499, "CANCELLED"));
  assert.is(cancelled.constructor, ApiError);
  assert.ok(isErrorCode("CANCELLED"));
});

test("an unknown code falls back to the status, even one named like an Object method", () => {
  assert.instance(createApiError(init(404, "constructor")), NotFoundError);
  assert.not.ok(isErrorCode("toString"));
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

test("every error_code literal in the emulator's sources is in the table (beyond what the type checks)", () => {
  const found = new Set<string>();
  for (const file of sources(join(import.meta.dirname, "../../src/emulator"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:Failure\(\d+, |error_code: [^"\n]*)"([A-Z][A-Z_]+)"/g)) found.add(m[1]!);
    for (const m of text.matchAll(/error_code: [^\n]*\? "([A-Z][A-Z_]+)" : "([A-Z][A-Z_]+)"/g)) { found.add(m[1]!); found.add(m[2]!); }
  }
  assert.ok(found.size >= 10, `scan found ${found.size} codes`);
  for (const code of found) assert.ok(isErrorCode(code), `${code} is not in ERROR_CODES`);
});

test.run();
