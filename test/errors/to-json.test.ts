import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  ConfigurationError, ConnectionError, DeploymentsError, describeError, EndpointUpdateError, RateLimitError, StreamError, TimeoutError, ValidationError,
} from "../../src/index.js";
import { errorFacts } from "../../src/errors/index.js";

const rateLimited = () => new RateLimitError({ status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", message: "slow down", details: [{ request_id: "r-1" }], requestId: "r-1", retryAfter: 3, operation: "POST /serving-endpoints/chat/invocations" });

test("toJSON is the one shape: name, message and each subclass's own fields, nothing undefined", () => {
  assert.equal(rateLimited().toJSON(), {
    name: "RateLimitError", message: "429 REQUEST_LIMIT_EXCEEDED: slow down (POST /serving-endpoints/chat/invocations)", status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED",
    details: [{ request_id: "r-1" }], requestId: "r-1", retryAfter: 3, operation: "POST /serving-endpoints/chat/invocations",
  });
  assert.equal(new ConnectionError("refused", "ECONNREFUSED").toJSON(), { name: "ConnectionError", message: "refused", code: "ECONNREFUSED" });
  assert.equal(new TimeoutError("late", "idle", 50).toJSON(), { name: "TimeoutError", message: "late", kind: "idle", timeoutMs: 50 });
  assert.equal(new StreamError("cut", 4).toJSON(), { name: "StreamError", message: "cut", received: 4 });
  assert.equal(new EndpointUpdateError("chat", "UPDATE_FAILED", "").toJSON().state, "UPDATE_FAILED");
  assert.equal(new ConfigurationError("none", ["DATABRICKS_HOST"]).toJSON().searched, ["DATABRICKS_HOST"]);
  assert.equal(new ValidationError("x", [{ path: "name", message: "Required", code: "invalid_type" }]).toJSON().issues, [{ path: "name", message: "Required", code: "invalid_type" }]);
  assert.equal(new DeploymentsError("root").toJSON(), { name: "DeploymentsError", message: "root" });
});

test("a cause is kept as its name and message (or its own shape); JSON.stringify uses toJSON", () => {
  const wrapped = new ConnectionError("refused", "ECONNREFUSED", { cause: new TimeoutError("late", "attempt", 5) });
  assert.equal(wrapped.toJSON().cause, { name: "TimeoutError", message: "late", kind: "attempt", timeoutMs: 5 });
  const plain = new ConnectionError("refused", undefined, { cause: Object.assign(new Error("boom"), { secretField: "x" }) });
  assert.equal(plain.toJSON().cause, { name: "Error", message: "boom" });
  assert.equal(JSON.parse(JSON.stringify(rateLimited())), rateLimited().toJSON());
});

test("errorFacts and describeError read that shape, not look-alike fields of other objects", () => {
  const lookalike = Object.assign(new Error("429"), { name: "RateLimitError", status: 429, retryAfter: 9 });
  assert.equal(errorFacts(lookalike), { name: "RateLimitError", message: "429" });
  assert.equal(describeError(lookalike), { name: "RateLimitError", message: "429" });
  assert.equal(describeError(rateLimited()), { name: "RateLimitError", message: rateLimited().message, status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", retryAfterMs: 3000 });
  assert.equal(errorFacts(42), { name: "Error", message: "42" });
});

test.run();
