import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseErrorBody, parseErrorObject } from "../../src/errors/index.js";

test("the Databricks shape, a provider's nested error, and a coded text line read alike", () => {
  assert.equal(parseErrorBody('{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"no chat"}'), { errorCode: "RESOURCE_DOES_NOT_EXIST", message: "no chat", details: undefined });
  assert.equal(parseErrorBody('{"error":{"message":"Incorrect API key","type":"invalid_request_error"}}').message, "Incorrect API key");
  assert.equal(parseErrorBody("TEMPORARILY_UNAVAILABLE: try later"), { errorCode: "TEMPORARILY_UNAVAILABLE", message: "try later", details: undefined });
  assert.equal(parseErrorBody("<html><title>502 Bad Gateway</title></html>").message, "502 Bad Gateway");
  assert.equal(parseErrorBody("   ").message, undefined);
});

test("an object that is no error body is undefined, so callers can tell", () => {
  assert.is(parseErrorObject({ choices: [] }), undefined);
  assert.is(parseErrorObject("text"), undefined);
});

test("a numeric error_code is named after its HTTP status, or left out when it names none", () => {
  assert.equal(parseErrorBody('{"error_code":403,"message":"Invalid access token."}'), { errorCode: "PERMISSION_DENIED", message: "Invalid access token.", details: undefined });
  assert.is(parseErrorBody('{"error_code":404,"message":"gone"}').errorCode, "NOT_FOUND");
  assert.is(parseErrorBody('{"error_code":418,"message":"teapot"}').errorCode, undefined);
  assert.is(parseErrorObject({ error_code: 12345 }), undefined);
});

test.run();
