import { test } from "uvu";
import * as assert from "uvu/assert";
import { endpoint, secret } from "../../src/index.js";
import { MASK, maskSecretFields, plaintextValues, Redactor, SECRET_REFERENCE } from "../../src/secrets/index.js";
import { inspect } from "node:util";

const payload = {
  max_tokens: 64,
  openai_config: { openai_api_key_plaintext: "sk-planted-1", openai_api_key: "{{secrets/s/k}}" },
  bearer_token_auth: { token: "tok-planted-2" },
  usage: { prompt_tokens: 3 },
};

test("maskSecretFields masks credential fields with MASK by default, or the mask given", () => {
  const out = maskSecretFields(payload);
  assert.equal(out, {
    max_tokens: 64,
    openai_config: { openai_api_key_plaintext: MASK, openai_api_key: "{{secrets/s/k}}" },
    bearer_token_auth: { token: MASK },
    usage: { prompt_tokens: 3 },
  });
  assert.is(maskSecretFields(payload, { mask: "••" }).bearer_token_auth.token, "••");
  assert.is(payload.bearer_token_auth.token, "tok-planted-2", "input untouched");
});

test("the Redactor scrubs the values plaintextValues finds, wherever they are echoed", () => {
  const r = new Redactor(plaintextValues(payload));
  assert.is(r.text("upstream said: bad key sk-planted-1"), `upstream said: bad key ${MASK}`);
});

test("the builder's inspect output masks inline keys through the same rule", () => {
  const b = endpoint("chat").externalModel("gpt-4o", { provider: "openai", apiKeyPlaintext: "sk-planted-3" });
  const shown = inspect(b);
  assert.not.ok(shown.includes("sk-planted-3"));
  assert.ok(shown.includes(MASK));
});

test("one secret-reference pattern: what secret() builds it matches, with scope and key captured", () => {
  const m = SECRET_REFERENCE.exec(secret("my-scope", "openai-api-key"));
  assert.equal([m?.[1], m?.[2]], ["my-scope", "openai-api-key"]);
  assert.not.ok(SECRET_REFERENCE.test("{{secrets/a b/c}}"));
});

test.run();
