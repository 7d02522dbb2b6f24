// An A/B test from the builder: two external models behind one endpoint, 80/20 traffic, usage
// tracking and a fallback; each served model queried on its own, then the split moved to 50/50
// with createOrUpdateEndpoint. Cleans up after itself, so it runs any number of times.
//
//   npx tsx examples/builder-ab-test.mts     # a workspace if credentials resolve, else the emulator
import { endpoint, secret, NotFoundError } from "databricks-deployments";
import { connect } from "databricks-deployments/emulator";

const SCOPE = "examples-ab";
const NAME = "examples-ab-test";

const { client, description, close } = await connect();
console.log(description);

try {
  if (!(await client.listSecretScopes()).some((s) => s.name === SCOPE)) await client.createSecretScope({ scope: SCOPE });
  await client.putSecret({ scope: SCOPE, key: "openai", stringValue: "sk-placeholder" });
  await client.putSecret({ scope: SCOPE, key: "anthropic", stringValue: "sk-ant-placeholder" });

  const abTest = endpoint(NAME)
    .externalModel("gpt-4o-mini", { apiKey: secret(SCOPE, "openai") })
    .externalModel("claude-3-5-haiku-latest", { apiKey: secret(SCOPE, "anthropic") })
    .traffic({ "gpt-4o-mini": 80, "claude-3-5-haiku-latest": 20 })
    .usageTracking()
    .fallback();
  await client.createOrUpdateEndpoint(abTest, { wait: true });

  const messages = [{ role: "user" as const, content: "Which model are you?" }];
  for (const servedModel of ["gpt-4o-mini", "claude-3-5-haiku-latest"]) {
    const reply = await client.predict({ endpoint: NAME, servedModel, inputs: { messages, max_tokens: 32 } });
    const content = reply.choices?.[0]?.message?.content;
    console.log(`${servedModel}: ${typeof content === "string" ? content.split("\n")[0] : "(parts)"}`);
  }

  const updated = await client.createOrUpdateEndpoint(abTest.traffic({ "gpt-4o-mini": 50, "claude-3-5-haiku-latest": 50 }), { wait: true });
  const routes = updated.config?.traffic_config?.routes ?? [];
  console.log(routes.map((r) => `${r.served_entity_name} ${r.traffic_percentage}%`).join(", "));
} finally {
  await client.deleteEndpoint({ endpoint: NAME }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  await client.deleteSecretScope({ scope: SCOPE }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  await close();
}
