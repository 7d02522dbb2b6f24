/**
 * Section 4 and the emulator half of 6: emulator throughput (simulated model, unpaced) at
 * concurrency 1/16/64 beside a bare node:http server returning the same bytes, and its RSS growth
 * over 100,000 requests. Emulator, baseline server and load generator are three processes.
 */
import { Worker } from "../lib/proc.js";
import { interleave, median, pairedRatio, trend } from "../lib/stats.js";
import { judge, type Row } from "../lib/report.js";
import { size, type Context } from "../lib/context.js";
import { CHAT_INPUTS } from "../lib/payloads.js";

const emulatorFile = new URL("../workers/emulator-worker.ts", import.meta.url);
const bytesFile = new URL("../workers/bytes-server.ts", import.meta.url);
const loadFile = new URL("../workers/load-generator.ts", import.meta.url);

interface LoadResult { requests: number; rps: number; statuses: Record<string, number>; errors: number; seconds: number }

async function withEmulator<T>(fn: (emu: Worker, url: string, token: string, load: Worker) => Promise<T>): Promise<T> {
  const emu = await Worker.start(emulatorFile, [], ["--expose-gc"]);
  const load = await Worker.start(loadFile, []);
  try {
    const { url, token } = await emu.call<{ url: string; token: string }>("start", { streamDelayMs: 0 });
    return await fn(emu, url, token, load);
  } finally {
    await emu.call("stop").catch((error: unknown) => void error);
    await Promise.all([emu.stop(), load.stop()]);
  }
}

/** Section 4. */
export async function emulatorThroughput(ctx: Context): Promise<Row[]> {
  const bytes = await Worker.start(bytesFile, []);
  try {
    return await withEmulator(async (_emu, url, token, load) => {
      const body = JSON.stringify(CHAT_INPUTS);
      const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
      const target = `${url}/serving-endpoints/bench/invocations`;
      const sample = await fetch(target, { method: "POST", headers, body });
      const replyBytes = await sample.text();
      if (sample.status !== 200) throw new Error(`emulator answered ${sample.status}: ${replyBytes.slice(0, 200)}`);
      await bytes.call("set", { body: replyBytes, contentType: sample.headers.get("content-type") ?? "application/json" });
      const bareUrl = `${await bytes.call<string>("url")}/serving-endpoints/bench/invocations`;
      const rows: Row[] = [];
      const durationMs = size(ctx, 700, 1_500);
      for (const concurrency of [1, 16, 64]) {
        const run = (u: string) => load.call<LoadResult>("load", { url: u, headers, body, concurrency, durationMs });
        await run(target); await run(bareUrl); // warm-up
        const bad: string[] = [];
        const samples = await interleave(["emulator", "bare"] as const, size(ctx, 3, 7), async (v) => {
          const r = await run(v === "emulator" ? target : bareUrl);
          const non200 = r.requests - (r.statuses["200"] ?? 0);
          if (non200 > 0) bad.push(`${v}: ${non200} non-200 ${JSON.stringify(r.statuses)} errors ${r.errors}`);
          return r.rps;
        });
        const emu = median(samples.emulator);
        const bare = median(samples.bare);
        ctx.log(`c${concurrency}: emulator ${emu.toFixed(0)} req/s, bare ${bare.toFixed(0)} req/s${bad.length ? `; ${bad.join("; ")}` : ""}`);
        const section = `emulator c${concurrency}`;
        rows.push({ section, figure: `bare node:http, same ${replyBytes.length} bytes`, value: bare, unit: "req/s", vs: "", ratio: 1 });
        const row: Row = { id: `emulator-c${concurrency}`, section, figure: "emulator, simulated chat reply, unpaced", value: emu, unit: "req/s", vs: "bare", ratio: pairedRatio(samples.emulator, samples.bare), note: bad.length ? "non-200 replies seen" : undefined };
        rows.push(concurrency === 16 ? judge({ ...row, budget: { on: "ratio", op: ">=", limit: 0.9 } }) : row);
        if (bad.length && concurrency === 16) rows[rows.length - 1]!.pass = false;
      }
      rows.push(...(await streamThroughput(ctx, load, bytes, target, headers)));
      return rows;
    });
  } finally {
    await bytes.stop();
  }
}

const STREAM_TOKENS = 64;

/**
 * Streamed tokens/s at concurrency 16, unpaced: the emulator's simulated stream of
 * {@link STREAM_TOKENS} tokens beside a bare server writing the same SSE bytes.
 */
async function streamThroughput(ctx: Context, load: Worker, bytes: Worker, target: string, headers: Record<string, string>): Promise<Row[]> {
  const body = JSON.stringify({ ...CHAT_INPUTS, max_tokens: STREAM_TOKENS, stream: true, extra_params: { simulated_tokens: STREAM_TOKENS } });
  const sample = await fetch(target, { method: "POST", headers, body });
  const sse = await sample.text();
  if (sample.status !== 200 || !sse.includes("data: [DONE]")) throw new Error(`emulator stream answered ${sample.status}: ${sse.slice(0, 200)}`);
  const tokens = sse.split("\n").filter((l) => l.startsWith("data: {") && l.includes('"delta":{') && l.includes('"content":"')).length;
  await bytes.call("set", { body: sse, contentType: sample.headers.get("content-type") ?? "text/event-stream" });
  const bareUrl = `${await bytes.call<string>("url")}/serving-endpoints/bench/invocations`;
  const durationMs = size(ctx, 700, 1_500);
  const run = (u: string) => load.call<LoadResult>("load", { url: u, headers, body, concurrency: 16, durationMs });
  await run(target); await run(bareUrl); // warm-up
  let bad = false;
  const samples = await interleave(["emulator", "bare"] as const, size(ctx, 3, 7), async (v) => {
    const r = await run(v === "emulator" ? target : bareUrl);
    if (r.requests !== (r.statuses["200"] ?? 0)) bad = true;
    return r.rps * tokens;
  });
  const emu = median(samples.emulator);
  const bare = median(samples.bare);
  ctx.log(`streams c16: emulator ${emu.toFixed(0)} tokens/s, bare ${bare.toFixed(0)} tokens/s (${tokens} tokens, ${sse.length} bytes a stream)`);
  const section = "emulator streams c16";
  const row = judge({ id: "emulator-stream-c16", section, figure: `emulator, simulated ${tokens}-token stream, unpaced`, value: emu, unit: "tokens/s", vs: "bare", ratio: pairedRatio(samples.emulator, samples.bare), budget: { on: "ratio", op: ">=", limit: 0.8 }, note: bad ? "non-200 replies seen" : undefined });
  if (bad) row.pass = false;
  return [{ section, figure: `bare node:http writing the same ${sse.length} bytes of SSE`, value: bare, unit: "tokens/s", vs: "", ratio: 1 }, row];
}

/**
 * The emulator half of section 6: memory over 100,000 requests and 1,000 streams in ten segments after a warm-up
 * segment, RSS and heap after a forced GC at each checkpoint; growth is their least-squares trend.
 */
export async function emulatorMemory(ctx: Context): Promise<Row[]> {
  const n = size(ctx, 10_000, 100_000);
  const streams = size(ctx, 100, 1_000);
  return withEmulator(async (emu, url, token, load) => {
    const args = { url: `${url}/serving-endpoints/bench/invocations`, headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(CHAT_INPUTS), concurrency: 16 };
    const checkpoints: { rss: number; heapUsed: number }[] = [];
    let ok = 0;
    const streamArgs = { ...args, body: JSON.stringify({ ...CHAT_INPUTS, stream: true }), concurrency: 4 };
    for (let i = 0; i <= 10; i++) {
      const r = await load.call<LoadResult>("load", { ...args, count: n / 10 });
      const st = await load.call<LoadResult>("load", { ...streamArgs, count: streams / 10 });
      if (i > 0) ok += (r.statuses["200"] ?? 0) + (st.statuses["200"] ?? 0);
      checkpoints.push(await emu.call<{ rss: number; heapUsed: number }>("rss"));
    }
    const mb = (x: number) => x / 2 ** 20;
    ctx.log(`emulator memory (MB, after GC, per tenth of the run): rss ${checkpoints.map((c) => mb(c.rss).toFixed(0)).join(" ")}; heap used ${checkpoints.map((c) => mb(c.heapUsed).toFixed(1)).join(" ")}`);
    const last = checkpoints[checkpoints.length - 1]!;
    const measured = checkpoints.slice(1); // checkpoint 0 closes the warm-up segment
    const rssRow = judge({ id: "emulator-rss-trend", section: "memory", figure: `emulator RSS trend over ${n.toLocaleString("en")} requests + ${streams.toLocaleString("en")} streams`, value: mb(trend(measured.map((c) => c.rss))), unit: "MB", budget: { on: "value", op: "<", limit: 20 }, note: ok === n + streams ? `RSS ${mb(last.rss).toFixed(0)} MB at the end` : `only ${ok} of ${n + streams} were 200` });
    if (ok !== n + streams) rssRow.pass = false;
    return [
      rssRow,
      { id: "emulator-heap-trend", section: "memory", figure: "emulator heap-used trend (after GC)", value: mb(trend(measured.map((c) => c.heapUsed))), unit: "MB" },
    ];
  });
}
