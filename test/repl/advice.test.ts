import { suite } from "uvu";
import * as assert from "uvu/assert";
import { advise } from "../../repl/chat/advice.js";
import { endpointFacts } from "../../src/index.js";
import { describeError, RateLimitError, UnauthenticatedError, ValidationError } from "../../src/index.js";

const advice = suite("advice for errors");

advice("each kind of failure gets its own next step", () => {
  assert.match(advise({ name: "NotFoundError", message: "", status: 404 }), /\/endpoints/);
  assert.match(advise({ name: "UnauthenticatedError", message: "", status: 401 }), /DATABRICKS_HOST and DATABRICKS_TOKEN/);
  assert.match(advise({ name: "PermissionDeniedError", message: "", status: 403 }), /CAN_QUERY/);
  assert.match(advise({ name: "RateLimitError", message: "", status: 429, retryAfterMs: 12_000 }), /wait 12 s.*\/retry/);
  assert.match(advise({ name: "UnavailableError", message: "", status: 503 }), /not ready/);
  assert.match(advise({ name: "InternalServerError", message: "", status: 500 }), /\/retry/);
  assert.match(advise({ name: "ConnectionError", message: "" }), /network/);
  assert.match(advise({ name: "ValidationError", message: "" }), /Nothing was sent/);
  assert.is(advise({ name: "Error", message: "odd" }), "");
  assert.not.match(advise({ name: "RateLimitError", message: "", status: 429 }, false), /\/retry/);
  // By the data, not the class name: a bare ApiError with 401 is a credentials problem, and a
  // look-alike name without the status is not a rate limit.
  assert.match(advise({ name: "ApiError", message: "", status: 401 }), /DATABRICKS_TOKEN/);
  assert.not.match(advise({ name: "RateLimitError", message: "" }), /rate limit/);
});

advice("describeError reads the client's errors (retryAfter is in seconds)", () => {
  const facts = describeError(new RateLimitError({ status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", message: "slow down", details: undefined, requestId: undefined, retryAfter: 7, operation: undefined }));
  assert.is(facts.status, 429);
  assert.is(facts.retryAfterMs, 7000);
  assert.is(describeError(new ValidationError("x", [])).name, "ValidationError");
  assert.is(describeError("plain").message, "plain");
  assert.instance(new UnauthenticatedError({ status: 401, errorCode: "UNAUTHENTICATED", message: "no", details: undefined, requestId: undefined, retryAfter: undefined, operation: undefined }), Error);
});

advice.run();

const facts = suite("endpointFacts");

facts("external, foundation and registered models; state with a running update; gateway rate limits", () => {
  const f = endpointFacts({
    name: "multi",
    state: { ready: "NOT_READY", config_update: "IN_PROGRESS" },
    pending_config: { served_entities: [
      { name: "a", external_model: { provider: "anthropic", name: "claude", task: "llm/v1/chat" } },
      { name: "b", foundation_model: { name: "databricks-llama", display_name: "Llama" } },
      { name: "c", entity_name: "main.default.m", entity_version: "3" },
    ] },
    tags: [{ key: "team", value: "ml" }, { key: "solo" }],
    ai_gateway: { rate_limits: [{ calls: 10, key: "user_group", principal: "eng", renewal_period: "minute" }, { tokens: 1000, renewal_period: "minute" }] },
  });
  assert.is(f.model, "anthropic/claude");
  assert.is(f.task, "llm/v1/chat");
  assert.is(f.state, "NOT_READY (IN_PROGRESS)");
  assert.equal(f.servedEntities, ["a: anthropic/claude", "b: Llama", "c: main.default.m v3"]);
  assert.equal(f.tags, ["team=ml", "solo"]);
  assert.equal(f.rateLimits, ["10 calls per minute per user_group eng (AI gateway)", "1000 tokens per minute per endpoint (AI gateway)"]);
  assert.is(f.hasUpstream, false);
  assert.equal(endpointFacts(null), { name: "?", model: undefined, task: undefined, state: undefined, servedEntities: [], tags: [], rateLimits: [], hasUpstream: false, permissionLevel: undefined });
  const forwarded = endpointFacts({ config: { served_entities: [{ external_model: { provider: "openai", name: "x", openai_config: { openai_api_base: "http://127.0.0.1:9/v1" } } }] } });
  assert.is(forwarded.hasUpstream, true);
});

facts.run();
