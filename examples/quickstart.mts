// The README's quick start: a secret, an endpoint from the builder, a query, a stream and a
// conversation, then everything it made is deleted again. Runs any number of times against the
// same emulator or workspace (a run that was interrupted leaves nothing that stops the next one).
//
//   npx tsx examples/quickstart.mts        # a workspace if credentials resolve, else the emulator
import { endpoint, secret, Conversation, NotFoundError } from "databricks-deployments";
import { connect } from "databricks-deployments/emulator";

const SCOPE = "docs";
const NAME = "docs-chat";

const { client, description, close } = await connect();
console.log(description);

try {
  // Idempotent set-up: the scope may be left over from an interrupted run; putSecret overwrites.
  if (!(await client.listSecretScopes()).some((s) => s.name === SCOPE)) await client.createSecretScope({ scope: SCOPE });
  await client.putSecret({ scope: SCOPE, key: "openai", stringValue: "sk-placeholder" });
  // Creates the endpoint, or brings a left-over one to this configuration.
  await client.createOrUpdateEndpoint(
    endpoint(NAME)
      .externalModel("gpt-4o-mini", { apiKey: secret(SCOPE, "openai") })   // provider + task inferred
      .tag("team", "docs")
      .rateLimit({ key: "user", renewalPeriod: "minute", calls: 20 }),
    { wait: true },                                                       // poll until NOT_UPDATING
  );

  const reply = await client.predict({ endpoint: NAME, inputs: { messages: [{ role: "user", content: "Hi" }] } });
  console.log(reply.choices?.[0]?.message?.content);

  for await (const chunk of client.predictStream({ endpoint: NAME, inputs: { messages: [{ role: "user", content: "Stream, please" }] } })) {
    process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
  }

  const chat = new Conversation({ client, endpoint: NAME, system: "Be brief." });
  const turn = await chat.send("What is Model Serving?");                 // or: for await (const text of chat.send(…))
  console.log(`\n${turn.usage?.total_tokens ?? "?"} tokens, first token after ${turn.timeToFirstTokenMs ?? "?"} ms`);
} finally {
  // Clean up what this script made, also when a step above failed.
  await client.deleteEndpoint({ endpoint: NAME }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  await client.deleteSecretScope({ scope: SCOPE }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  await close();
}
