// A simulated reply says how to get real answers in a way that can apply to the endpoint's
// provider: openai_api_base / --forward only for OpenAI models, which are the only ones forwarded.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { endpoint } from "../../../src/index.js";
import { startEmulator, type Emulator } from "../../../src/emulator/index.js";

const t = suite<{ emu: Emulator }>("simulated replies advise what fits the provider");
t.before(async (ctx) => {
  ctx.emu = await startEmulator({ port: 0, seed: true, deployDelayMs: 0, streamDelayMs: 0 });
  await ctx.emu.client().createEndpoint(endpoint("claude").externalModel("claude-3-5-sonnet-latest", { apiKeyPlaintext: "sk-ant-test-not-a-key" }), { wait: true });
});
t.after(async (ctx) => ctx.emu.close());

const ask = async (emu: Emulator, name: string): Promise<string> => {
  const reply = await emu.client().predict({ endpoint: name, inputs: { messages: [{ role: "user", content: "Hi" }] } });
  return String(reply.choices?.[0]?.message?.content ?? "");
};

t("an Anthropic endpoint is not told about openai_api_base or --forward", async ({ emu }) => {
  const text = await ask(emu, "claude");
  assert.match(text, /simulated reply/);
  assert.not.match(text, /--forward/);
  assert.not.match(text, /`openai_api_base` pointing at/);
  assert.match(text, /does not call `anthropic` models/);
  assert.match(text, /Databricks workspace/);
});

t("an OpenAI endpoint still is", async ({ emu }) => {
  assert.match(await ask(emu, "chat"), /`openai_api_base` pointing at a local OpenAI-compatible server\) or start the emulator with `--forward`/);
});

t.run();
