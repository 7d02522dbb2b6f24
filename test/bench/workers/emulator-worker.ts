/**
 * The emulator (from dist) in its own process, unpaced, with one endpoint `bench` that has no
 * rate limit, so the load generator measures the server and not the limiter.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "../lib/proc.js";

type EmulatorApi = typeof import("../../../src/emulator/index.js");
type Emulator = Awaited<ReturnType<EmulatorApi["startEmulator"]>>;

let emulator: Emulator | undefined;

/** The endpoint the benchmarks query: an OpenAI external model, answered by the simulated model. */
export const BENCH_ENDPOINT = {
  name: "bench",
  config: {
    served_entities: [{
      name: "gpt-4",
      external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/bench/openai-api-key}}" } },
    }],
  },
} as const;

serve({
  async start(m) {
    const api = (await import(pathToFileURL(join(process.env.BENCH_DIST ?? join(process.cwd(), "dist/esm"), "src/emulator/index.js")).href)) as EmulatorApi;
    emulator = await api.startEmulator({ port: 0, seed: Boolean(m.seed ?? false), deployDelayMs: 0, streamDelayMs: Number(m.streamDelayMs ?? 0) });
    const client = emulator.client();
    await client.createSecretScope({ scope: "bench" });
    await client.putSecret({ scope: "bench", key: "openai-api-key", stringValue: "sk-bench-not-a-real-key" });
    await client.createEndpoint(BENCH_ENDPOINT);
    await client.waitForEndpoint({ endpoint: "bench", timeoutMs: 30_000 });
    return { url: emulator.url, token: emulator.token };
  },
  rss() {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) { g(); g(); }
    const mu = process.memoryUsage();
    return { rss: mu.rss, heapUsed: mu.heapUsed };
  },
  async stop() { await emulator?.close(); return true; },
});
