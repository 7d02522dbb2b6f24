import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call, userMessage } from "./helpers.js";
import { eventually } from "../helpers/eventually.js";

const KEY = "sk-upstream-secret-abcdef123456";
const BEARER = "custom-bearer-secret-7777";

interface Seen {
  path: string;
  headers: IncomingMessage["headers"];
  body: any;
}

interface Ctx {
  upstream: Server;
  upstreamUrl: string;
  seen: Seen[];
  streamClosed: Promise<void>;
  emu: Emulator;
  other: Emulator;
  logs: string[];
}

const test = suite<Ctx>("emulator forwarding to OpenAI-compatible upstreams");

/** A small OpenAI-compatible server whose behaviour is chosen by the last user message. */
function upstreamServer(ctx: Ctx): Server {
  let markClosed: () => void = () => {};
  ctx.streamClosed = new Promise((resolve) => (markClosed = resolve));
  return createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const body = raw === "" ? {} : JSON.parse(raw);
      ctx.seen.push({ path: req.url ?? "", headers: req.headers, body });
      const question: string = body.messages?.at(-1)?.content ?? body.prompt ?? "";
      if (req.url?.startsWith("/broken")) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `internal failure while using key ${KEY}` } }));
        return;
      }
      if (question === "fail401") {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization?.slice(7)}` } }));
        return;
      }
      if (question === "slow") {
        setTimeout(() => res.writeHead(200).end("{}"), 2000).unref();
        return;
      }
      if (body.stream === true && question === "break") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(`data: ${JSON.stringify({ id: "up", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "partial " }, finish_reason: null }] })}\n\n`);
        setTimeout(() => res.destroy(), 30);
        return;
      }
      if (body.stream === true) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const endless = question === "endless";
        const count = question === "steady" ? 12 : 3;
        const every = question === "steady" ? 60 : 10;
        let i = 0;
        const timer = setInterval(() => {
          i++;
          res.write(`data: ${JSON.stringify({ id: "up", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`);
          if (!endless && i === count) {
            clearInterval(timer);
            res.end("data: [DONE]\n\n");
          }
        }, every);
        res.on("close", () => {
          clearInterval(timer);
          if (endless) markClosed();
        });
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "up-1", object: "chat.completion", model: body.model ?? "?", choices: [{ index: 0, message: { role: "assistant", content: `upstream says: ${question}` }, finish_reason: "stop" }], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } }));
    });
  });
}

test.before(async (ctx) => {
  ctx.seen = [];
  ctx.logs = [];
  ctx.upstream = upstreamServer(ctx);
  await new Promise<void>((resolve) => ctx.upstream.listen(0, "127.0.0.1", resolve));
  ctx.upstreamUrl = `http://127.0.0.1:${(ctx.upstream.address() as AddressInfo).port}`;
  ctx.other = await startEmulator({ seed: true, deployDelayMs: 0 });
  ctx.emu = await startEmulator({ deployDelayMs: 0, upstreamTimeoutMs: 400, onRequest: (e) => ctx.logs.push(JSON.stringify(e)) });
  const client = ctx.emu.client();
  await client.createSecretScope({ scope: "keys" });
  await client.putSecret({ scope: "keys", key: "openai", stringValue: KEY } as any);
  await client.putSecret({ scope: "keys", key: "other-emulator", stringValue: ctx.other.token } as any);
  const openai = (name: string, base: string, extra: Record<string, unknown> = {}) => ({
    name,
    external_model: { name: "local-model", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/keys/openai}}", openai_api_base: base, ...extra } },
  });
  await client.createEndpoint({ name: "fwd", config: { served_entities: [openai("local", `${ctx.upstreamUrl}/v1`)] } } as any);
  await client.createEndpoint({ name: "azure", config: { served_entities: [openai("az", ctx.upstreamUrl, { openai_api_type: "azure", openai_deployment_name: "dep1", openai_api_version: "2024-02-01" })] } } as any);
  await client.createEndpoint({
    name: "custom",
    config: { served_entities: [{ name: "c", external_model: { name: "my-llm", provider: "custom", task: "llm/v1/chat", custom_provider_config: { custom_provider_url: `${ctx.upstreamUrl}/custom`, bearer_token_auth: { token_plaintext: BEARER } } } }] },
  } as any);
  await client.createEndpoint({
    name: "fallback",
    config: {
      served_entities: [openai("broken", `${ctx.upstreamUrl}/broken/v1`), openai("healthy", `${ctx.upstreamUrl}/v1`)],
      traffic_config: { routes: [{ served_entity_name: "broken", traffic_percentage: 100 }, { served_entity_name: "healthy", traffic_percentage: 0 }] },
    },
    ai_gateway: { fallback_config: { enabled: true } },
  } as any);
  await client.createEndpoint({
    name: "remote",
    config: { served_entities: [{ name: "r", external_model: { name: "chat", provider: "databricks-model-serving", task: "llm/v1/chat", databricks_model_serving_config: { databricks_workspace_url: ctx.other.url, databricks_api_token: "{{secrets/keys/other-emulator}}" } } }] },
  } as any);
  for (const name of ["fwd", "azure", "custom", "fallback", "remote"]) await client.waitForEndpoint({ endpoint: name, timeoutMs: 5000, pollIntervalMs: 20 } as any);
});

test.after(async (ctx) => {
  await ctx.emu.close();
  await ctx.other.close();
  ctx.upstream.closeAllConnections();
  await new Promise((resolve) => ctx.upstream.close(resolve));
});

test("openai_api_base: the request reaches the upstream with the resolved key and the model name; the reply is not labelled simulated", async (ctx) => {
  const r = await call(ctx.emu, "POST", "/serving-endpoints/fwd/invocations", { ...userMessage("hello upstream"), extra_params: { top_k: 3 } });
  assert.is(r.status, 200);
  assert.is(r.body.choices[0].message.content, "upstream says: hello upstream");
  assert.is(r.body.simulated, undefined);
  assert.is(r.headers.get("x-databricks-deployments-simulated"), null);
  const seen = ctx.seen.at(-1)!;
  assert.is(seen.path, "/v1/chat/completions");
  assert.is(seen.headers.authorization, `Bearer ${KEY}`);
  assert.is(seen.body.model, "local-model");
  assert.is(seen.body.top_k, 3);
  assert.is(seen.body.extra_params, undefined);
});

test("azure, custom (bearer plaintext) and databricks-model-serving (another emulator) targets", async (ctx) => {
  await call(ctx.emu, "POST", "/serving-endpoints/azure/invocations", userMessage("az"));
  const az = ctx.seen.at(-1)!;
  assert.is(az.path, "/openai/deployments/dep1/chat/completions?api-version=2024-02-01");
  assert.is(az.headers["api-key"], KEY);
  const custom = await call(ctx.emu, "POST", "/serving-endpoints/custom/invocations", userMessage("cu"));
  assert.is(custom.status, 200);
  assert.is(ctx.seen.at(-1)!.path, "/custom/chat/completions");
  assert.is(ctx.seen.at(-1)!.headers.authorization, `Bearer ${BEARER}`);
  const remote = await call(ctx.emu, "POST", "/serving-endpoints/remote/invocations", userMessage("via the other emulator"));
  assert.is(remote.status, 200);
  assert.is(remote.body.simulated, true);
  assert.match(remote.body.choices[0].message.content, "> via the other emulator");
});

test("streaming is passed through", async (ctx) => {
  const chunks: any[] = [];
  for await (const chunk of ctx.emu.client().predictStream({ endpoint: "fwd", inputs: userMessage("stream it") })) chunks.push(chunk);
  assert.equal(chunks.map((c) => c.choices[0].delta.content), ["w1 ", "w2 ", "w3 "]);
});

test("the upstream timeout bounds silence, not length: a steady 720 ms stream passes a 400 ms timeout", async (ctx) => {
  let n = 0;
  for await (const chunk of ctx.emu.client().predictStream({ endpoint: "fwd", inputs: userMessage("steady") })) if (chunk) n++;
  assert.is(n, 12);
});

test("an upstream that breaks mid-stream becomes an error inside the stream", async (ctx) => {
  const pieces: string[] = [];
  try {
    for await (const chunk of ctx.emu.client().predictStream({ endpoint: "fwd", inputs: userMessage("break") }) as AsyncIterable<any>) pieces.push(chunk.choices[0].delta.content);
    assert.unreachable("the broken stream ended normally");
  } catch (error) {
    assert.equal(pieces, ["partial "]);
    assert.match((error as Error).message, "broke off the stream");
    assert.not.ok((error as Error).message.includes(KEY));
  }
});

test("upstream errors are mapped without echoing keys; timeouts → 504", async (ctx) => {
  const unauthorized = await call(ctx.emu, "POST", "/serving-endpoints/fwd/invocations", userMessage("fail401"));
  assert.is(unauthorized.status, 400);
  assert.match(unauthorized.body.message, "answered 401");
  assert.not.ok(unauthorized.text.includes(KEY));
  assert.match(unauthorized.body.message, "[REDACTED]");
  const slow = await call(ctx.emu, "POST", "/serving-endpoints/fwd/invocations", userMessage("slow"));
  assert.is(slow.status, 504);
  assert.is(slow.body.error_code, "DEADLINE_EXCEEDED");
  assert.ok(ctx.logs.every((line) => !line.includes(KEY) && !line.includes(BEARER)));
});

test("AI-gateway fallback: a 500 from the first entity falls through to the next", async (ctx) => {
  const r = await call(ctx.emu, "POST", "/serving-endpoints/fallback/invocations", userMessage("fallback please"));
  assert.is(r.status, 200);
  assert.is(r.headers.get("served-model-name"), "healthy");
  assert.is(r.body.choices[0].message.content, "upstream says: fallback please");
  const logs = await call(ctx.emu, "GET", "/api/2.0/serving-endpoints/fallback/served-models/broken/logs");
  assert.match(logs.body.logs, "upstream failure (502)");
  assert.not.ok(logs.text.includes(KEY));
  const pinned = await call(ctx.emu, "POST", "/serving-endpoints/fallback/served-models/broken/invocations", userMessage("no fallback"));
  assert.is(pinned.status, 502);
  assert.not.ok(pinned.text.includes(KEY));
});

test("forward: a URL sends OpenAI models without openai_api_base (the seed) to that server", async (ctx) => {
  const emu = await startEmulator({ seed: true, forward: `${ctx.upstreamUrl}/v1` });
  try {
    const r = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("seeded, forwarded"));
    assert.is(r.body.choices[0].message.content, "upstream says: seeded, forwarded");
    const seen = ctx.seen.at(-1)!;
    assert.is(seen.path, "/v1/chat/completions");
    assert.is(seen.body.model, "gpt-4");
    assert.match(String(seen.headers.authorization), /^Bearer sk-emulator-placeholder/);
  } finally {
    await emu.close();
  }
});

test("a client that disconnects mid-stream cancels the upstream call", async (ctx) => {
  const controller = new AbortController();
  const res = await fetch(`${ctx.emu.url}/serving-endpoints/fwd/invocations`, {
    method: "POST",
    headers: { authorization: `Bearer ${ctx.emu.token}`, "content-type": "application/json" },
    body: JSON.stringify({ ...userMessage("endless"), stream: true }),
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  await reader.read();
  controller.abort();
  let closed = false;
  void ctx.streamClosed.then(() => (closed = true));
  await eventually(() => closed, { timeoutMs: 3000, message: "the upstream stream to close after the client disconnected" });
});

test.run();
