import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Router } from "../../../src/emulator/http/router.js";

const test = suite("emulator router");

const router = new Router<string>()
  .on("GET", "/api/2.0/serving-endpoints", "list")
  .on("POST", "/api/2.0/serving-endpoints", "create")
  .on("GET", "/api/2.0/serving-endpoints/:name", "get")
  .on("POST", "/serving-endpoints/:name/invocations", "invoke")
  .on("POST", "/serving-endpoints/chat/completions", "openai-chat");

test("literal and parameter segments, trailing slashes, decoding", () => {
  assert.equal(router.match("GET", "/api/2.0/serving-endpoints/"), { kind: "found", handler: "list", params: {} });
  assert.equal(router.match("GET", "/api/2.0/serving-endpoints/my%20ep"), { kind: "found", handler: "get", params: { name: "my ep" } });
  assert.equal(router.match("POST", "/serving-endpoints/chat/invocations"), { kind: "found", handler: "invoke", params: { name: "chat" } });
  assert.equal(router.match("POST", "/serving-endpoints/chat/completions"), { kind: "found", handler: "openai-chat", params: {} });
  assert.equal(router.match("GET", "/api/2.0/serving-endpoints/%E0%A4%A"), { kind: "found", handler: "get", params: { name: "%E0%A4%A" } });
});

test("405 lists the allowed methods; unknown paths are not found", () => {
  assert.equal(router.match("DELETE", "/api/2.0/serving-endpoints"), { kind: "method-not-allowed", allowed: ["GET", "POST"] });
  assert.equal(router.match("GET", "/api/2.0/serving-endpoints/a/b/c/d"), { kind: "not-found" });
  assert.equal(router.match("GET", "/api/2.0/serving-endpoints//"), { kind: "not-found" });
});

test.run();
