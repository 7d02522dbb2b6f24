/**
 * Forwarding never carries a key across origins, and never echoes one back: a redirect from the
 * upstream to another origin is not followed (fetch drops only `authorization`, so it re-sent an
 * Azure `api-key` or a custom key header there), a same-origin 307 still is; an upstream echoing
 * the key JSON-escaped (`\u0026`, `\/`, `\uXXXX`) in an error, a successful reply or a stream
 * (split across chunks) is scrubbed; an answer over 32 MiB is refused. Real upstream servers on loopback.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { send } from "./helpers.js";

const TOKEN = "dapi-forward-0123456789";
const KEY = "sk-live/abc&def<ghi>-1234567890";
const CUSTOM = "custom/key&value-0987654321";
/** The key as a JSON encoder that escapes `/`, `&`, `<`, `>` writes it. */
const escaped = (key: string) => key.replace(/\//g, "\\/").replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
/** Every character as \uXXXX. */
const allEscaped = (key: string) => [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

interface Seen {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
}

async function server(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const s = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ path: req.url ?? "", headers: req.headers });
      handler(req, res, seen);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

const test = suite("security: forwarding never carries a key across origins or back to the caller");
let emu: Emulator;
let upstream: Awaited<ReturnType<typeof server>>;
let evil: Awaited<ReturnType<typeof server>>;

const chatReply = (content: string) => `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"${content}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`;

test.before(async () => {
  evil = await server((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(chatReply("stolen")));
  upstream = await server((req, res) => {
    const path = req.url ?? "";
    if (path.startsWith("/redir")) return void res.writeHead(307, { location: `${evil.url}/steal${path}` }).end();
    if (path.startsWith("/same")) return void res.writeHead(307, { location: path.replace("/same", "/ok") }).end();
    if (path.startsWith("/ok")) return void res.writeHead(200, { "content-type": "application/json" }).end(chatReply("fine"));
    if (path.startsWith("/err-escaped")) return void res.writeHead(400, { "content-type": "application/json" }).end(`{"error":{"message":"Incorrect API key provided: ${escaped(KEY)}"}}`);
    if (path.startsWith("/err-unicode")) return void res.writeHead(401, { "content-type": "application/json" }).end(`{"error":{"message":"bad key ${allEscaped(KEY)}"}}`);
    if (path.startsWith("/echo")) return void res.writeHead(200, { "content-type": "application/json" }).end(chatReply(`your key is ${escaped(KEY)} and ${KEY.replace(/\//g, "\\/")}`));
    if (path.startsWith("/huge")) {
      res.writeHead(200, { "content-type": "application/json" });
      const pad = "x".repeat(1024 * 1024);
      res.write('{"pad":[');
      for (let i = 0; i < 40; i++) res.write(`${i === 0 ? "" : ","}"${pad}"`);
      return void res.end(`],${chatReply("huge").slice(1)}`);
    }
    if (path.startsWith("/stream")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const line = `data: {"choices":[{"index":0,"delta":{"content":"key ${escaped(KEY)} raw ${KEY}"}}]}\n\n`;
      const cut = line.indexOf("abc") + 2; // the key straddles two chunks
      res.write(line.slice(0, cut));
      setTimeout(() => res.end(`${line.slice(cut)}data: [DONE]\n\n`), 20);
      return;
    }
    res.writeHead(404).end();
  });
  emu = await startEmulator({ token: TOKEN, deployDelayMs: 0, upstreamTimeoutMs: 5_000 });
  const openai = (name: string, base: string, extra: Record<string, unknown> = {}) => ({
    name,
    external_model: { name: "m", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: KEY, openai_api_base: base, ...extra } },
  });
  const endpoints: Record<string, unknown> = {
    "redir-bearer": openai("e", `${upstream.url}/redir/v1`),
    "redir-azure": openai("e", `${upstream.url}/redir`, { openai_api_type: "azure", openai_deployment_name: "d", openai_api_version: "2024-02-01" }),
    "redir-custom": { name: "e", external_model: { name: "m", provider: "custom", task: "llm/v1/chat", custom_provider_config: { custom_provider_url: `${upstream.url}/redir/custom`, api_key_auth: { key: "x-custom-key", value_plaintext: CUSTOM } } } },
    same: openai("e", `${upstream.url}/same/v1`),
    "err-escaped": openai("e", `${upstream.url}/err-escaped/v1`),
    "err-unicode": openai("e", `${upstream.url}/err-unicode/v1`),
    echo: openai("e", `${upstream.url}/echo/v1`),
    stream: openai("e", `${upstream.url}/stream/v1`),
    huge: openai("e", `${upstream.url}/huge/v1`),
  };
  for (const [name, entity] of Object.entries(endpoints)) {
    const r = await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", { name, config: { served_entities: [entity] } });
    assert.is(r.status, 200, r.text);
  }
});

test.after(async () => {
  await emu.close();
  for (const s of [upstream.server, evil.server]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const ask = (endpoint: string, stream = false) => send(emu.url, TOKEN, "POST", `/serving-endpoints/${endpoint}/invocations`, { messages: [{ role: "user", content: "hi" }], ...(stream ? { stream: true } : {}) });

/** No form of either key in a reply: literal, JSON-escaped, or decoded from the JSON. */
function clean(text: string): void {
  for (const key of [KEY, CUSTOM]) {
    for (const form of [key, escaped(key), allEscaped(key), key.replace(/\//g, "\\/")]) assert.not.ok(text.includes(form), `a form of the key came back: ${text.slice(0, 300)}`);
  }
  for (const line of text.split("\n")) {
    const json = line.replace(/^data:\s?/, "");
    try {
      const decoded = JSON.stringify(JSON.parse(json));
      assert.not.ok(JSON.parse(decoded) !== null && (decoded.includes(JSON.stringify(KEY).slice(1, -1)) || decoded.includes(JSON.stringify(CUSTOM).slice(1, -1))), `the decoded reply holds the key: ${line.slice(0, 300)}`);
    } catch (error) {
      if (error instanceof assert.Assertion) throw error;
    }
  }
}

test("a redirect to another origin is not followed: no api-key, custom key header or bearer reaches it", async () => {
  for (const endpoint of ["redir-bearer", "redir-azure", "redir-custom"]) {
    const r = await ask(endpoint);
    assert.is(r.status, 502, `${endpoint}: ${r.text}`);
    assert.match(r.body.message, "does not follow it");
    assert.match(r.body.message, evil.url.replace("http://", ""));
    clean(r.text);
  }
  assert.is(upstream.seen.filter((s) => s.path.startsWith("/redir")).length, 3);
  assert.equal(evil.seen.map((s) => s.path), [], "the other origin was called");
});

test("a same-origin 307 is followed (the key stays with its server)", async () => {
  const r = await ask("same");
  assert.is(r.status, 200, r.text);
  assert.is(r.body.choices[0].message.content, "fine");
  const hop = upstream.seen.find((s) => s.path.startsWith("/ok"));
  assert.is(hop?.headers.authorization, `Bearer ${KEY}`);
});

test("an upstream error echoing the key JSON-escaped or \\u-escaped is scrubbed", async () => {
  for (const endpoint of ["err-escaped", "err-unicode"]) {
    const r = await ask(endpoint);
    assert.is(r.status, 400, r.text);
    assert.match(r.body.message, "answered 40");
    assert.match(r.body.message, "[REDACTED]");
    clean(r.text);
  }
});

test("a successful reply and a stream echoing the key are scrubbed, also across chunks", async () => {
  const r = await ask("echo");
  assert.is(r.status, 200, r.text);
  assert.match(r.body.choices[0].message.content, "your key is [REDACTED] and [REDACTED]");
  clean(r.text);
  const s = await ask("stream", true);
  assert.is(s.status, 200, s.text);
  assert.match(s.text, "data: [DONE]");
  assert.match(s.text, "[REDACTED]");
  clean(s.text);
});

test("an upstream JSON answer larger than 32 MiB is refused, not buffered and relayed", async () => {
  const r = await ask("huge");
  assert.is(r.status, 502, r.text.slice(0, 200));
  assert.match(r.body.message, "larger than 33554432 bytes");
});

test.run();
