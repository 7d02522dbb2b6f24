// Conversation over real HTTP: the seeded emulator, and a hand-written SSE server on loopback.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Conversation, DatabricksDeploymentClient } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { eventually } from "../helpers/eventually.js";

const emu = suite<{ emulator: Emulator }>("Conversation on the emulator");
emu.before(async (ctx) => {
  ctx.emulator = await startEmulator({ seed: true, streamDelayMs: 0, deployDelayMs: 0 });
  await ctx.emulator.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 1000, key: "user", renewal_period: "minute" }] } });
});
emu.after(async ({ emulator }) => { await emulator.close(); });

emu("a DatabricksDeploymentClient drives a conversation: streamed reply, usage, simulated label, context", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", system: "Be brief.", params: { max_tokens: 200 } });
  const deltas: string[] = [];
  for await (const delta of conversation.send("Hello emulator")) deltas.push(delta);
  const turn = conversation.lastTurn!;
  assert.is(turn.status, "complete");
  assert.ok(deltas.length > 5, String(deltas.length));
  assert.is(deltas.join(""), turn.reply);
  assert.match(turn.reply, /> Hello emulator/);
  assert.is(turn.simulated, true);
  assert.is(turn.model, "gpt-4");
  assert.ok((turn.usage?.completion_tokens ?? 0) > 0, JSON.stringify(turn.usage));
  const second = await conversation.send("And again");
  assert.match(second.reply, /> And again/);
  assert.ok((second.usage?.prompt_tokens ?? 0) > (turn.usage?.prompt_tokens ?? 0), "the second request carried the first turn");
});

emu("cancel mid-stream on the emulator keeps the partial reply", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat", params: { extra_params: { simulated_delay_ms: "5" } } });
  const reply = conversation.send("write a long essay");
  let n = 0;
  reply.onDelta(() => { if (++n === 20) reply.cancel(); });
  const turn = await reply;
  assert.is(turn.status, "cancelled");
  assert.ok(turn.reply.length > 0 && n < 200, `${n} deltas`);
});

emu("an unknown endpoint fails the turn with the API error's facts; the user's message stays", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "nope" });
  const error = await conversation.send("lost?").then(() => undefined, (e: unknown) => e as Error);
  assert.is(error?.name, "NotFoundError");
  const turn = conversation.lastTurn!;
  assert.is(turn.user, "lost?");
  assert.is(turn.status, "error");
  assert.is(turn.error?.status, 404);
  assert.is(turn.error?.errorCode, "RESOURCE_DOES_NOT_EXIST");
  conversation.endpoint = "chat";
  const retried = await conversation.retry();
  assert.is(retried.status, "complete");
});

emu("the serialised conversation never holds the token", async ({ emulator }) => {
  const conversation = new Conversation({ client: emulator.client(), endpoint: "chat" });
  await conversation.send("secret-free?");
  await conversation.send("x").then(undefined, () => undefined);
  const text = JSON.stringify(conversation) + conversation.toMarkdown();
  assert.not.ok(text.includes(emulator.token));
});

emu.run();

// --- a loopback SSE server we control byte by byte ---
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
async function serve(handler: Handler): Promise<{ server: Server; client: DatabricksDeploymentClient }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { server, client: new DatabricksDeploymentClient({ host: `http://127.0.0.1:${port}`, token: "dapi-test-token", maxRetries: 0 }) };
}
const close = (server: Server) => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
const event = (content: string, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;

const wire = suite("Conversation on a loopback SSE server");

wire("the request carries messages + params + stream:true; CRLF, comments and a usage chunk are handled", async () => {
  let body: Record<string, unknown> = {};
  const { server, client } = await serve((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      body = JSON.parse(raw) as Record<string, unknown>;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": keep-alive\r\n\r\n");
      res.write(event("Hi").replace(/\n/g, "\r\n"));
      res.write(event(" you", { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }));
      res.end("data: [DONE]\n\n");
    });
  });
  try {
    const conversation = new Conversation({ client, endpoint: "ep", system: "S", params: { temperature: 0, stop: ["X"] } });
    const turn = await conversation.send("Q");
    assert.is(turn.reply, "Hi you");
    assert.equal(turn.usage, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    assert.equal(body, { messages: [{ role: "system", content: "S" }, { role: "user", content: "Q" }], temperature: 0, stop: ["X"], stream: true });
  } finally {
    await close(server);
  }
});

wire("cancel aborts the HTTP request (the server sees the connection close) and keeps the partial text", async () => {
  let closed!: () => void;
  const serverSawClose = new Promise<void>((r) => (closed = r));
  const { server, client } = await serve((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(event("part one "));
    res.write(event("part two "));
    const timer = setInterval(() => res.write(event("more ")), 20);
    res.on("close", () => { clearInterval(timer); closed(); });
  });
  try {
    const conversation = new Conversation({ client, endpoint: "ep" });
    const reply = conversation.send("go");
    reply.onDelta((_, turn) => { if (turn.reply.includes("part two")) reply.cancel(); });
    const turn = await reply;
    assert.is(turn.status, "cancelled");
    assert.ok(turn.reply.startsWith("part one part two"));
    let closed = false;
    void serverSawClose.then(() => { closed = true; });
    await eventually(() => closed, { timeoutMs: 3000, message: "the server to see the close" });
  } finally {
    await close(server);
  }
});

wire("an error object mid-stream fails the turn, keeps the partial text, and names the error", async () => {
  const { server, client } = await serve((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(event("half "));
    res.end(`data: ${JSON.stringify({ error_code: "INTERNAL_ERROR", message: "upstream broke" })}\n\n`);
  });
  try {
    const conversation = new Conversation({ client, endpoint: "ep" });
    const error = await conversation.send("go").then(() => undefined, (e: unknown) => e as Error);
    assert.ok(error);
    assert.match(error!.message, /upstream broke/);
    const turn = conversation.lastTurn!;
    assert.is(turn.status, "error");
    assert.is(turn.reply, "half ");
    assert.not.ok(JSON.stringify(conversation).includes("dapi-test-token"));
  } finally {
    await close(server);
  }
});

wire.run();
