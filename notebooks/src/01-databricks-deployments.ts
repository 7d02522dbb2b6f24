// %% [markdown]
// # Deployments for LLMs on Databricks, in TypeScript
//
// This notebook follows MLflow's page
// [*MLflow Deployments for LLMs: Databricks*](https://mlflow.org/docs/latest/llms/deployments/databricks.html)
// step by step, with `databricks-deployments` instead of `mlflow.deployments`:
//
// 1. the prerequisite: an OpenAI key stored as a Databricks secret,
// 2. a client,
// 3. create, list, read, update and delete a serving endpoint named `chat`,
// 4. query it.
//
// Method names are MLflow's in camelCase (`create_endpoint` → `createEndpoint`), the keyword
// arguments become one object, and the payloads keep the REST API's snake_case — the dicts of the
// MLflow page paste in unchanged.
//
// **Where it runs.** The first cell connects to your workspace when `DATABRICKS_HOST` +
// `DATABRICKS_TOKEN` (or a `~/.databrickscfg` profile) are set. Otherwise it starts the local
// emulator of the serving-endpoints and secrets APIs inside this kernel, and a clearly labelled
// simulated model answers the queries — no account, no network, no key needed.

// %%
import { connect } from "databricks-deployments/emulator";
const { client, kind, description, close } = await connect({ seed: false });
console.log(`Connected to the ${description}`);

// %% [markdown]
// `connect()` is the one-line start of every notebook here. On a workspace it is exactly MLflow's
// `get_deploy_client("databricks")`, which you can also call yourself:
//
// ```ts
// import { getDeployClient } from "databricks-deployments";
// const client = getDeployClient("databricks");     // environment, then ~/.databrickscfg [DEFAULT]
// const dev = getDeployClient("databricks://dev");  // one profile of ~/.databrickscfg
// ```
//
// The display helpers come from `databricks-deployments/notebook`: tables and cards as HTML here,
// plain text in a terminal, and never a secret value in either.

// %%
import { secret } from "databricks-deployments";
import {
  show, endpointsTable, endpointCard, jsonView, errorView,
} from "databricks-deployments/notebook";
console.log(`client for ${client.host}, credentials from ${client.credentialsSource}`);

// %% [markdown]
// ## Prerequisite: the OpenAI key as a secret
//
// The endpoint never holds the provider's key itself: its config names a Databricks secret,
// `{{secrets/<scope>/<key>}}`. The MLflow page creates that secret with the `databricks` CLI:
//
// ```bash
// export OPENAI_API_KEY=<your-api-key>
// databricks secrets create-scope <scope>
// databricks secrets put-secret <scope> openai-api-key --string-value $OPENAI_API_KEY
// ```
//
// The client speaks the same Secrets API, so the notebook can do it too. On the emulator a
// placeholder stands in for the key (the simulated model needs none); on a workspace the cell
// stores `OPENAI_API_KEY` only if you set it, and otherwise leaves your scope alone.

// %%
const scope = "my-scope";
const scopes = await client.listSecretScopes();
if (!scopes.some((s) => s.name === scope)) await client.createSecretScope({ scope });

const placeholder = kind === "emulator" ? "sk-placeholder-not-a-real-key" : undefined;
const openaiKey = process.env.OPENAI_API_KEY ?? placeholder;
if (openaiKey !== undefined) {
  await client.putSecret({ scope, key: "openai-api-key", stringValue: openaiKey });
}

// Listing shows keys and timestamps: secret values are never returned.
show(await client.listSecrets({ scope }));
console.log(secret(scope, "openai-api-key"));

// %% [markdown]
// ## Create the endpoint
//
// The same call as the MLflow page: `name` and a `config` holding the served entities, the tags
// and the rate limits. That is MLflow's legacy form, and the client does what MLflow does with it:
// it moves `tags` and `rate_limits` to the top level of the request. (A full REST payload
// `{ name, config, tags, rate_limits, ai_gateway, … }` is sent as is — see the builder
// notebook.)
//
// The payload is validated before anything is sent; notebook 4 shows what a mistake looks like.

// %%
const name = "chat";
const created = await client.createEndpoint({
  name,
  config: {
    served_entities: [
      {
        name: "test",
        external_model: {
          name: "gpt-4",
          provider: "openai",
          task: "llm/v1/chat",
          openai_config: {
            openai_api_key: secret(scope, "openai-api-key"),
          },
        },
      },
    ],
    tags: [{ key: "foo", value: "bar" }],
    rate_limits: [{ key: "user", renewal_period: "minute", calls: 5 }],
  },
});
show(endpointCard(created));

// %% [markdown]
// Creating an endpoint starts a deployment: its `state.config_update` is `IN_PROGRESS` until the
// served entities are up. `waitForEndpoint` polls until it is `NOT_UPDATING` (and throws if the
// update failed or took longer than `timeoutMs`). The emulator deploys an external model in a
// fraction of a second; on a workspace this takes a few minutes.

// %%
const ready = await client.waitForEndpoint({
  endpoint: name,
  timeoutMs: 20 * 60_000,
  pollIntervalMs: 250,
  onProgress: (state) => {
    const at = new Date().toISOString().slice(11, 19);
    console.log(`${at}  ready=${state.ready}  config_update=${state.config_update}`);
  },
});

// %% [markdown]
// ## Read it
//
// `print(client.list_endpoints()[:5])` and `print(client.get_endpoint(endpoint=name))`. (The list
// API does not report rate limits; reading one endpoint does.)

// %%
show(endpointsTable((await client.listEndpoints()).slice(0, 5)));

// %%
show(endpointCard(await client.getEndpoint({ endpoint: name })));

// %% [markdown]
// The card is a view; the response itself is a plain typed object — the REST API's JSON, with
// nothing secret in it (a `*_plaintext` key would never come back):

// %%
const detailed = await client.getEndpoint(name);
console.log(detailed.state, detailed.config?.served_entities?.[0]?.external_model);

// %% [markdown]
// ## Update the rate limit: 5 → 10 calls per user per minute
//
// The MLflow page calls `update_endpoint`, MLflow's deprecated router that picks the
// `/rate-limits` route when `config` holds only `rate_limits`. It is here too (with the same
// deprecation warning); the specific methods — `updateEndpointRateLimits`,
// `updateEndpointConfig`, `updateEndpointTags`, `updateEndpointAiGateway` — say what they do:

// %%
const limits = await client.updateEndpointRateLimits({
  endpoint: name,
  config: { rate_limits: [{ key: "user", renewal_period: "minute", calls: 10 }] },
});
show(limits);
show(endpointCard(await client.getEndpoint(name)));

// %% [markdown]
// ## Query the endpoint
//
// `inputs` is the body of the request, as the MLflow page writes it. The answer is the chat
// completion; on the emulator it carries `"simulated": true` so that nobody mistakes it for GPT-4.

// %%
const response = await client.predict({
  endpoint: name,
  inputs: {
    messages: [{ role: "user", content: "Hello" }],
    max_tokens: 128,
  },
});
show(response);

// %% [markdown]
// ## Delete the endpoint
//
// (The MLflow page leaves this line commented out because its next step still needs the endpoint.)
// After the delete, reading the endpoint is a typed `NotFoundError` — HTTP 404,
// `RESOURCE_DOES_NOT_EXIST`:

// %%
await client.deleteEndpoint({ endpoint: name });
try {
  await client.getEndpoint(name);
} catch (error) {
  show(errorView(error));
}

// %% [markdown]
// Next: the fluent builder (notebook 2), streaming and conversations (3), limits, errors and
// waiting (4). This last cell stops the emulator, if one was started, so the kernel exits cleanly.

// %%
await close();
console.log(kind === "emulator" ? "emulator stopped" : "done");
