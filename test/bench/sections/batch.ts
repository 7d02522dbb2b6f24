/**
 * The batch budgets of issue 14, against the CLI emulator (`deployments emulator
 * --rate-limit-window 2000`) in its own process and the client in another:
 * - 200 rows at a limit of 40 calls per 2 s window finish in ≤ 1.3× the ideal time (the rows at
 *   the limit's rate: 200 / 20 per s = 10 s), with ≤ 10 % of calls answered 429;
 * - with no limit, at concurrency 16, `predictBatch` has ≥ 0.8× the throughput of `predict` in a
 *   hand-written `Promise.all` pool of 16;
 * - RSS flat over 100,000 rows from an async iterable.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Worker } from "../lib/proc.js";
import { interleave, median, ratio, trend } from "../lib/stats.js";
import { judge, type Row } from "../lib/report.js";
import { size, type Context } from "../lib/context.js";

const workerFile = new URL("../workers/batch-worker.ts", import.meta.url);
const WINDOW_MS = 2_000;
const LIMIT = 40;
const TOKEN = "bench-batch-token";

const chatConfig = {
  served_entities: [{ name: "gpt-4", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } }],
};

async function startCliEmulator(ctx: Context): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ctx.dist, "repl/cli.js"), "emulator", "--port", "0", "--rate-limit-window", String(WINDOW_MS), "--stream-delay", "0", "--deploy-delay", "0", "--token", TOKEN, "-q"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the CLI emulator exited (${code}): ${out}`)));
  });
  return { child, url };
}

async function createEndpoints(url: string): Promise<void> {
  const post = async (body: unknown) => {
    const res = await fetch(`${url}/api/2.0/serving-endpoints`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`create endpoint: ${res.status} ${await res.text()}`);
  };
  await post({ name: "free", config: chatConfig });
  await post({ name: "limited", config: chatConfig, rate_limits: [{ key: "endpoint", renewal_period: "minute", calls: LIMIT }] });
}

/** The batch section. */
export async function batchBudgets(ctx: Context): Promise<Row[]> {
  const { child, url } = await startCliEmulator(ctx);
  const worker = await Worker.start(workerFile, [], ["--expose-gc"]);
  try {
    await createEndpoints(url);
    await worker.call("connect", { url, token: TOKEN });
    const rows: Row[] = [];

    const n = 200;
    const limited = await worker.call<{ seconds: number; retried: number; failed: number }>("batch", { endpoint: "limited", rows: n, concurrency: 8 });
    const ideal = (n / LIMIT) * (WINDOW_MS / 1000);
    const share = limited.retried / (n + limited.retried);
    ctx.log(`rate-limited: ${n} rows in ${limited.seconds.toFixed(2)} s (ideal ${ideal} s), ${limited.retried} calls answered 429 (${(share * 100).toFixed(1)} %), ${limited.failed} failed`);
    const time = judge({ section: "batch", figure: `${n} rows at ${LIMIT} calls / ${WINDOW_MS / 1000} s window, c=8`, value: limited.seconds, unit: "s", vs: `ideal ${ideal} s`, ratio: ratio(limited.seconds, ideal), budget: { on: "ratio", op: "<=", limit: 1.3 } });
    if (limited.failed > 0) time.pass = false;
    rows.push(time);
    rows.push(judge({ section: "batch", figure: "share of calls answered 429 in that run", value: Math.round(share * 1000) / 10, unit: "%", budget: { on: "value", op: "<=", limit: 10 } }));

    const m = size(ctx, 2_000, 5_000);
    // Warm-up of one measured sample's rows each, as in the other sections: after 500 rows the
    // process still ran at half speed (JIT, heap), and the first measured sample is always
    // predictBatch's, so it alone paid for that.
    await worker.call("batch", { endpoint: "free", rows: m, concurrency: 16 });
    await worker.call("pool", { endpoint: "free", rows: m, concurrency: 16 });
    const rounds = size(ctx, 3, 9);
    const samples = await interleave(["batch", "pool"] as const, rounds, async (v) => {
      const r = await worker.call<{ seconds: number }>(v, { endpoint: "free", rows: m, concurrency: 16 });
      return m / r.seconds;
    });
    const batchRate = median(samples.batch);
    const poolRate = median(samples.pool);
    // The ratio is the median of each round's own ratio: a round's two samples run back to back, so
    // a neighbour's load that comes or goes between rounds (the machine is shared) cancels out,
    // where a ratio of the two medians may set a quiet round's sample against a busy one's.
    const perRound = samples.batch.map((b, i) => b / samples.pool[i]!);
    ctx.log(`unlimited c=16: predictBatch ${batchRate.toFixed(0)} rows/s, Promise.all pool ${poolRate.toFixed(0)} rows/s; per round ${perRound.map((r) => r.toFixed(2)).join(" ")}`);
    rows.push({ section: "batch", figure: "predict in a hand-written Promise.all pool of 16, no limit", value: poolRate, unit: "rows/s", vs: "", ratio: 1 });
    rows.push(judge({ section: "batch", figure: "predictBatch, concurrency 16, no limit", value: batchRate, unit: "rows/s", vs: "pool", ratio: ratio(median(perRound), 1), budget: { on: "ratio", op: ">=", limit: 0.8 }, note: `ratio: median of ${rounds} paired rounds` }));

    const long = size(ctx, 20_000, 100_000);
    const mem = await worker.call<{ checkpoints: number[]; failed: number }>("memory", { endpoint: "free", rows: long });
    const mb = (x: number) => x / 2 ** 20;
    const measured = mem.checkpoints.slice(1); // the first tenth warms up
    ctx.log(`client RSS over ${long} rows (MB, per tenth): ${mem.checkpoints.map((c) => mb(c).toFixed(0)).join(" ")}`);
    const rss = judge({ section: "memory", figure: `predictBatch RSS trend over ${long.toLocaleString("en")} rows from an async iterable`, value: mb(trend(measured)), unit: "MB", budget: { on: "value", op: "<", limit: 10 }, note: `RSS ${mb(mem.checkpoints.at(-1) ?? 0).toFixed(0)} MB at the end${mem.failed > 0 ? `; ${mem.failed} rows failed` : ""}` });
    if (mem.failed > 0) rss.pass = false;
    rows.push(rss);
    return rows;
  } finally {
    await worker.stop();
    child.kill("SIGTERM");
  }
}
