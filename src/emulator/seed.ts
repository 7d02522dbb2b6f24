import type { EmulatorContext } from "./context.js";
import { createReadyEndpoint } from "./routes/endpoints.js";

/** The placeholder value of the seeded secret (not a real key: the simulated model needs none). */
const PLACEHOLDER_KEY = "sk-emulator-placeholder-not-a-real-key";

/**
 * The seed: the endpoint `chat` as in MLflow's "Deployments for LLMs: Databricks" docs — an
 * OpenAI `gpt-4` external model whose key is `{{secrets/my-scope/openai-api-key}}` (scope and a
 * placeholder secret created), tag foo=bar, a per-user limit of 5 calls per minute — already READY.
 */
export function seed(context: EmulatorContext, creator: string): void {
  const { store } = context;
  if (!store.scopes.has("my-scope")) store.scopes.set("my-scope", { name: "my-scope", backend_type: "DATABRICKS", secrets: {} });
  const scope = store.scopes.get("my-scope")!;
  scope.secrets["openai-api-key"] ??= { value: PLACEHOLDER_KEY, last_updated_timestamp: Date.now() };
  if (!store.endpoints.has("chat")) {
    const record = createReadyEndpoint(
      context,
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
      creator,
    );
    record.description = "Seeded by the databricks-deployments emulator (answered by the simulated model).";
  }
  store.commit();
}
