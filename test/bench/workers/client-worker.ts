/**
 * One measured client in its own process: `raw` (http.request + keep-alive agent, the floor),
 * `fetch` (bare global fetch), `openai` (the openai 6.x client at <server>/serving-endpoints) or
 * `client` (this project's DatabricksDeploymentClient from dist). The parent sends rounds; the
 * worker answers with the CPU time (user + system, this process only) the round cost.
 */
import http from "node:http";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { cpuMicros, serve, type RpcRequest } from "../lib/proc.js";
import { CHAT_INPUTS } from "../lib/payloads.js";

type Api = typeof import("../../../src/index.js");
type Variant = "raw" | "fetch" | "openai" | "client";

interface Driver {
  predict(endpoint: string): Promise<unknown>;
  /** Consumes one stream, returning the number of events decoded. */
  stream(endpoint: string): Promise<number>;
}

const root = process.cwd();
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function rawPost(url: string, token: string, body: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-length": Buffer.byteLength(body) },
    }, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

/** The hand-written floor: one streaming TextDecoder, lines split by indexOf, one JSON.parse per event. */
async function splitterCount(body: AsyncIterable<Uint8Array>): Promise<number> {
  const decoder = new TextDecoder();
  let buffer = "";
  let events = 0;
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl: number;
    while ((nl = buffer.indexOf("\n", start)) !== -1) {
      const line = buffer.slice(start, nl);
      start = nl + 1;
      if (line.startsWith("data: ")) {
        const data = line.slice(6);
        if (data === "[DONE]") continue;
        JSON.parse(data);
        events++;
      }
    }
    buffer = buffer.slice(start);
  }
  return events;
}

async function makeDriver(variant: Variant, url: string, token: string): Promise<Driver> {
  const body = JSON.stringify(CHAT_INPUTS);
  const streamBody = JSON.stringify({ ...CHAT_INPUTS, stream: true });
  switch (variant) {
    case "raw":
      return {
        async predict(endpoint) {
          const res = await rawPost(`${url}/serving-endpoints/${endpoint}/invocations`, token, body);
          let text = "";
          res.setEncoding("utf8");
          for await (const c of res as AsyncIterable<string>) text += c;
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
          return JSON.parse(text);
        },
        async stream(endpoint) {
          return splitterCount(await rawPost(`${url}/serving-endpoints/${endpoint}/invocations`, token, streamBody));
        },
      };
    case "fetch":
      return {
        async predict(endpoint) {
          const res = await fetch(`${url}/serving-endpoints/${endpoint}/invocations`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body,
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
          return res.json();
        },
        async stream(endpoint) {
          const res = await fetch(`${url}/serving-endpoints/${endpoint}/invocations`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: streamBody,
          });
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          return splitterCount(res.body as unknown as AsyncIterable<Uint8Array>);
        },
      };
    case "openai": {
      // imported only in this variant's process, so the others' memory figures do not carry it
      const { default: OpenAI } = await import("openai");
      const openai = new OpenAI({ baseURL: `${url}/serving-endpoints`, apiKey: token, maxRetries: 0 });
      return {
        predict: (endpoint) => openai.chat.completions.create({ model: endpoint, messages: [...CHAT_INPUTS.messages], max_tokens: CHAT_INPUTS.max_tokens }),
        async stream(endpoint) {
          const s = await openai.chat.completions.create({ model: endpoint, messages: [...CHAT_INPUTS.messages], max_tokens: CHAT_INPUTS.max_tokens, stream: true });
          let events = 0;
          for await (const chunk of s) { void chunk; events++; }
          return events;
        },
      };
    }
    case "client": {
      const api = (await import(pathToFileURL(join(process.env.BENCH_DIST ?? join(root, "dist/esm"), "src/index.js")).href)) as Api;
      const client = new api.DatabricksDeploymentClient({ host: url, token });
      return {
        predict: (endpoint) => client.predict({ endpoint, inputs: { ...CHAT_INPUTS, messages: [...CHAT_INPUTS.messages] } }),
        async stream(endpoint) {
          let events = 0;
          for await (const chunk of client.predictStream({ endpoint, inputs: { ...CHAT_INPUTS, messages: [...CHAT_INPUTS.messages] } })) { void chunk; events++; }
          return events;
        },
      };
    }
  }
}

let driver: Driver | undefined;
const need = (): Driver => { if (!driver) throw new Error("setup first"); return driver; };

/** Runs `n` calls with `concurrency` in flight. */
async function many(n: number, concurrency: number, call: () => Promise<unknown>): Promise<void> {
  let left = n;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (left-- > 0) await call();
  }));
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) { g(); g(); }
}

serve({
  async setup(m: RpcRequest) {
    driver = await makeDriver(String(m.variant) as Variant, String(m.url), String(m.token ?? "bench-token"));
    return true;
  },
  async predict(m) {
    const d = need();
    const endpoint = String(m.endpoint ?? "predict");
    const before = cpuMicros();
    const t0 = performance.now();
    await many(Number(m.n), Number(m.concurrency ?? 1), () => d.predict(endpoint));
    return { cpuUs: cpuMicros() - before, wallMs: performance.now() - t0 };
  },
  async stream(m) {
    const d = need();
    const endpoint = String(m.endpoint);
    const before = cpuMicros();
    const t0 = performance.now();
    let events = 0;
    for (let i = 0; i < Number(m.n ?? 1); i++) events += await d.stream(endpoint);
    return { cpuUs: cpuMicros() - before, wallMs: performance.now() - t0, events };
  },
  /**
   * Memory over `predicts` predicts and `streams` streams in ten equal segments, after a warm-up
   * segment: RSS, heap total and heap used after a forced GC at each checkpoint. V8's young
   * generation and the allocator's arenas grow to the allocation rate and then stay; a leak keeps
   * growing from checkpoint to checkpoint.
   */
  async memory(m) {
    const d = need();
    const segments = 10;
    const predicts = Math.ceil(Number(m.predicts) / segments);
    const streams = Math.ceil(Number(m.streams) / segments);
    const streamEndpoint = String(m.streamEndpoint ?? "burst-100");
    const checkpoints: { rss: number; heapTotal: number; heapUsed: number }[] = [];
    for (let i = 0; i <= segments; i++) {
      await many(predicts, 16, () => d.predict("predict"));
      await many(streams, 4, () => d.stream(streamEndpoint));
      gc();
      const mu = process.memoryUsage();
      checkpoints.push({ rss: mu.rss, heapTotal: mu.heapTotal, heapUsed: mu.heapUsed });
    }
    return checkpoints;
  },
});
