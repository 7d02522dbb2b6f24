import { suite } from "uvu";
import * as assert from "uvu/assert";
import { startEmulator } from "../../src/emulator/index.js";
import { call } from "./helpers.js";

const test = suite("emulator: no secret value in any response or log line");

const TOKEN = "dapi-main-token-leakcheck-0001";
const OTHER = "dapi-other-token-leakcheck-0002";
const SECRET = "secret-value-leakcheck-abc123";
const PLAINTEXT = "sk-plaintext-leakcheck-xyz789";
const BEARER = "bearer-plaintext-leakcheck-qq";

test("every route, every error, every log line", async () => {
  const log: string[] = [];
  const emu = await startEmulator({ users: [{ name: "main@example.com", token: TOKEN }, { name: "other@example.com", token: OTHER }], deployDelayMs: 0, onRequest: (e) => log.push(JSON.stringify(e)) });
  const seen: string[] = [];
  const record = async (method: string, path: string, body?: unknown, token: string | null = TOKEN) => {
    const r = await call(emu, method, path, body, token);
    seen.push(`${method} ${path} ${r.status} ${[...r.headers].map(([k, v]) => `${k}: ${v}`).join("; ")} ${r.text}`);
    return r;
  };
  try {
    await record("POST", "/api/2.0/secrets/scopes/create", { scope: "s" });
    await record("POST", "/api/2.0/secrets/put", { scope: "s", key: "k", string_value: SECRET });
    await record("POST", "/api/2.0/secrets/put", { scope: "s", key: "k2", string_value: SECRET, bytes_value: "eA==" });
    await record("POST", "/api/2.0/serving-endpoints", {
      name: "e",
      config: {
        served_entities: [
          { name: "a", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: PLAINTEXT } } },
          { name: "b", external_model: { name: "m", provider: "custom", task: "llm/v1/chat", custom_provider_config: { custom_provider_url: "http://127.0.0.1:9/v1", bearer_token_auth: { token_plaintext: BEARER } } } },
        ],
        traffic_config: { routes: [{ served_entity_name: "a", traffic_percentage: 100 }, { served_entity_name: "b", traffic_percentage: 0 }] },
      },
    });
    await record("POST", "/api/2.0/serving-endpoints", { name: "both", config: { served_entities: [{ external_model: { name: "x", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/s/k}}", openai_api_key_plaintext: PLAINTEXT } } }] } });
    await record("POST", "/api/2.0/serving-endpoints", { name: "typo", config: { served_entities: [{ external_model: { name: "x", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintxt: PLAINTEXT } } }] } });
    const endpoint = await record("GET", "/api/2.0/serving-endpoints/e");
    for (const path of ["/api/2.0/serving-endpoints", "/api/2.0/serving-endpoints/", "/api/2.0/serving-endpoints/e/metrics", "/api/2.0/serving-endpoints/e/openapi", "/api/2.0/serving-endpoints/e/served-models/a/logs", "/api/2.0/serving-endpoints/e/served-models/b/build-logs", `/api/2.0/permissions/serving-endpoints/${endpoint.body.id}`, "/api/2.0/secrets/scopes/list", "/api/2.0/secrets/list?scope=s", "/api/2.0/secrets/get?scope=s&key=k"]) {
      await record("GET", path);
    }
    await record("POST", "/serving-endpoints/e/invocations", { messages: [{ role: "user", content: "hello" }] });
    await record("POST", "/serving-endpoints/e/served-models/b/invocations", { messages: [{ role: "user", content: "to the unreachable custom provider" }] });
    await record("GET", "/api/2.0/serving-endpoints/e/served-models/b/logs");
    await record("GET", "/api/2.0/serving-endpoints", undefined, `${TOKEN}-wrong`);
    await record("GET", "/api/2.0/serving-endpoints", undefined, null);
  } finally {
    await emu.close();
  }
  const everything = [...seen, ...log].join("\n");
  assert.ok(seen.length > 20);
  for (const value of [TOKEN, OTHER, SECRET, PLAINTEXT, BEARER]) assert.not.ok(everything.includes(value), `leaked ${value.slice(0, 12)}…`);
});

test.run();
