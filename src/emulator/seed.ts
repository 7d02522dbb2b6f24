import type { Principal } from "./auth.js";
import type { EmulatorContext } from "./context.js";
import { registerAgent } from "./serving/agent-endpoints.js";

/** The placeholder value of the seeded secret (not a real key: the simulated model needs none). */
const PLACEHOLDER_KEY = "sk-emulator-placeholder-not-a-real-key";

/**
 * The seed: the endpoint `chat` as in MLflow's "Deployments for LLMs: Databricks" docs — an
 * OpenAI `gpt-4` external model whose key is `{{secrets/my-scope/openai-api-key}}` (scope and a
 * placeholder secret created), tag foo=bar, a per-user limit of 5 calls per minute — already READY,
 * managed by `creator` and queryable by every user (group `users` CAN_QUERY); and beside it the
 * endpoint `agent`, a ResponsesAgent (`agent/v1/responses`) serving the UC model
 * `main.agents.agent`. Both answered by the simulated model. One state write for all of it.
 */
export function seed(context: EmulatorContext, creator: Principal): void {
  const { store, secrets, endpoints } = context;
  store.operation(() => {
    if (!store.scopes.has("my-scope")) secrets.createScope(creator, { scope: "my-scope" });
    if (store.secretValue("my-scope", "openai-api-key") === undefined) secrets.putSecret(creator, { scope: "my-scope", key: "openai-api-key", string_value: PLACEHOLDER_KEY });
    if (!store.endpoints.has("chat")) {
      const record = endpoints.create(
        creator,
        {
          name: "chat",
          config: {
            served_entities: [
              {
                name: "test",
                external_model: {
                  name: "gpt-4",
                  provider: "openai",
                  task: "llm/v1/chat",
                  openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" },
                },
              },
            ],
          },
          tags: [{ key: "foo", value: "bar" }],
          rate_limits: [{ key: "user", renewal_period: "minute", calls: 5 }],
        },
        { ready: true },
      );
      record.description = "Seeded by the databricks-deployments emulator (answered by the simulated model).";
      // Every user of a multi-user emulator may chat with the demo endpoint; only its creator (and admins) manage it.
      record.access_control_list.push({ group_name: "users", permission_level: "CAN_QUERY" });
    }
    registerAgent(context, creator, { name: "agent", task: "agent/v1/responses" });
    store.changed();
  });
}
