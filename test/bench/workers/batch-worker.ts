/**
 * The client (from dist) running batches in its own process, for the batch section: a
 * rate-limited run, `predictBatch` beside a hand-written `Promise.all` pool of `predict` calls,
 * and RSS over a long run from an async iterable.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "../lib/proc.js";

type Api = typeof import("../../../src/index.js");
type Client = InstanceType<Api["DatabricksDeploymentClient"]>;

let client: Client | undefined;
const inputs = (i: number) => ({ messages: [{ role: "user" as const, content: `row ${i}` }], max_tokens: 8 });

function need(): Client {
  if (client === undefined) throw new Error("connect first");
  return client;
}

async function* rows(n: number): AsyncGenerator<ReturnType<typeof inputs>> {
  for (let i = 0; i < n; i++) yield inputs(i);
}

serve({
  async connect(m) {
    const api = (await import(pathToFileURL(join(process.env.BENCH_DIST ?? join(process.cwd(), "dist/esm"), "src/index.js")).href)) as Api;
    client = new api.DatabricksDeploymentClient({ host: String(m.url), token: String(m.token) });
    return true;
  },
  async batch(m) {
    const c = need();
    const n = Number(m.rows);
    let retried = 0;
    let failed = 0;
    const started = performance.now();
    for await (const r of c.predictBatch({ endpoint: String(m.endpoint), inputs: rows(n), total: n, concurrency: Number(m.concurrency), onProgress: (p) => void (retried = p.retried) })) {
      if (r.error !== undefined) failed++;
    }
    return { seconds: (performance.now() - started) / 1000, retried, failed };
  },
  async pool(m) {
    const c = need();
    const n = Number(m.rows);
    const concurrency = Number(m.concurrency);
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) await c.predict({ endpoint: String(m.endpoint), inputs: inputs(next++) });
    }));
    return { seconds: (performance.now() - started) / 1000 };
  },
  async memory(m) {
    const c = need();
    const n = Number(m.rows);
    const every = Math.floor(n / 10);
    const g = (globalThis as { gc?: () => void }).gc;
    const checkpoints: number[] = [];
    let done = 0;
    let failed = 0;
    for await (const r of c.predictBatch({ endpoint: String(m.endpoint), inputs: rows(n), concurrency: 16 })) {
      if (r.error !== undefined) failed++;
      if (++done % every === 0) {
        g?.();
        g?.();
        checkpoints.push(process.memoryUsage().rss);
      }
    }
    return { checkpoints, failed };
  },
});
