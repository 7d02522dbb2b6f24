// `predictStream({ batchMs })`: on the node transport the reply is read at most once per batchMs —
// what the server sends while a stream is held arrives in one read, in order, over HTTP, HTTPS and
// gzip — and the socket goes back to the pool ready for the next call. Elsewhere it is ignored.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import diagnostics from "node:diagnostics_channel";
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Agent as HttpsAgent } from "node:https";
import { createGzip } from "node:zlib";
import { DatabricksDeploymentClient, ValidationError, type ChatCompletionChunk, type ClientOptions } from "../../../src/index.js";
import { eventually } from "../../helpers/eventually.js";
import { TestServer, TOKEN, chatChunk, sendJson } from "../helpers/server.js";
import { selfSignedCert, startHttps } from "../helpers/tls.js";

const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };
const EVENTS = 10;
const sse = (i: number) => `data: ${JSON.stringify(chatChunk(i, `t${i} `))}\n\n`;
const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * A stream whose first event goes out at once and the other nine — each in its own event-loop turn,
 * so each its own TCP segment — only once the client has seen the first: while a batched client holds.
 */
function heldStream(firstSeen: Promise<void>, write: (text: string) => void, end: (text: string) => void, written?: () => void): void {
  write(sse(0));
  void firstSeen.then(async () => {
    for (let i = 1; i < EVENTS; i++) {
      write(sse(i));
      await turn();
    }
    end("data: [DONE]\n\n");
    written?.();
  });
}

interface Received { readonly texts: string[]; readonly turns: number[] }

/** Reads a stream, noting for each chunk the event-loop turn it came in (a setImmediate counts them). */
async function read(stream: AsyncIterable<ChatCompletionChunk>, onFirst: () => void): Promise<Received> {
  const texts: string[] = [];
  const turns: number[] = [];
  let current = 0;
  let counting = false;
  for await (const chunk of stream) {
    texts.push(chunk.choices[0]?.delta?.content ?? "");
    turns.push(current);
    if (!counting) {
      counting = true;
      setImmediate(() => { counting = false; current++; });
    }
    if (texts.length === 1) onFirst();
  }
  return { texts, turns };
}

function expectOneRead(got: Received): void {
  assert.equal(got.texts, Array.from({ length: EVENTS }, (_, i) => `t${i} `), "every event, in order");
  const later = new Set(got.turns.slice(1));
  assert.is(later.size, 1, `the events sent during the hold came in ${later.size} turns (${got.turns.join(",")}), not one read`);
  assert.ok(got.turns[1]! > got.turns[0]!, "the first event was handed on before the hold");
}

function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => undefined;
  const promise = new Promise<void>((r) => { fire = r; });
  return { promise, fire };
}

const test = suite("node transport: batched reads");

test("what the server sends while a batched stream is held stays in the kernel, then comes in one read, in order; the socket is then reused", async () => {
  const first = signal();
  const written = signal();
  let streams = 0;
  const server = await TestServer.start((req, res) => {
    if (!req.path.endsWith("/invocations")) return sendJson(res, 200, { endpoints: [] });
    res.writeHead(200, { "content-type": "text/event-stream" });
    if (streams++ === 0) heldStream(first.promise, (t) => res.write(t), (t) => res.end(t), written.fire);
    else res.end(Array.from({ length: EVENTS }, (_, i) => sse(i)).join("") + "data: [DONE]\n\n");
  });
  // The client's sockets, to see how much of the held stream it has read from the kernel.
  const sockets: Socket[] = [];
  const onSocket = (message: unknown): void => { sockets.push((message as { socket: Socket }).socket); };
  diagnostics.subscribe("net.client.socket", onSocket);
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    // Once the server has written it all, a socket still polling reads it in the next turn or two.
    const readWhileHeld = written.promise.then(async () => {
      for (let i = 0; i < 5; i++) await turn();
      return sockets[0]?.bytesRead ?? Number.NaN;
    });
    const got = await read(c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 1000 }), first.fire);
    expectOneRead(got);
    const held = await readWhileHeld;
    const total = sockets[0]?.bytesRead ?? Number.NaN;
    assert.ok(held < total - 5 * sse(5).length, `read ${held} of ${total} bytes while held: more than five events should have waited in the kernel`);
    // The socket went back to its pool resumed: the next batched stream runs on it.
    const again = await read(c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 1000 }), () => undefined);
    assert.is(again.texts.length, EVENTS);
    assert.is(server.openedConnections, 1, "one connection for both batched streams");
    // Batched streams have sockets of their own (a one-byte read buffer): other calls keep theirs.
    await c.listEndpoints();
    await c.listEndpoints();
    assert.is(server.openedConnections, 2, "one more for the ordinary calls, reused");
  } finally {
    diagnostics.unsubscribe("net.client.socket", onSocket);
    await server.close();
  }
});

test("the same over HTTPS (a caller's agent with a one-byte buffer) and with a gzip-compressed stream", async () => {
  const pems = await selfSignedCert();
  const first = signal();
  const https = await startHttps(pems, (_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    heldStream(first.promise, (t) => res.write(t), (t) => res.end(t));
  });
  const gzFirst = signal();
  const gz = await TestServer.start((_req, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" });
    const zip = createGzip();
    zip.pipe(res);
    // Each event flushed on its own, as a compressing proxy in front of a stream does.
    heldStream(gzFirst.promise, (t) => { zip.write(t); zip.flush(); }, (t) => zip.end(t));
  });
  try {
    // `highWaterMark` reaches tls.connect (the TLS socket's buffers), though AgentOptions does not list it.
    const oneByte = { highWaterMark: 1 };
    const agent = new HttpsAgent({ ca: pems.cert, keepAlive: true, ...oneByte });
    const tls = new DatabricksDeploymentClient({ host: https.url, token: TOKEN, maxRetries: 0, agent });
    expectOneRead(await read(tls.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 1000 }), first.fire));
    agent.destroy();
    const zipped = new DatabricksDeploymentClient({ host: gz.url, token: TOKEN, maxRetries: 0 });
    const got = await read(zipped.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 1000 }), gzFirst.fire);
    assert.equal(got.texts, Array.from({ length: EVENTS }, (_, i) => `t${i} `), "every event of the gzip stream, in order");
  } finally {
    await https.close();
    await gz.close();
  }
});

test("breaking out while the stream is held closes the request at once", async () => {
  const server = await TestServer.start((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(sse(0));
    const timer = setInterval(() => res.write(sse(1)), 5);
    res.on("close", () => clearInterval(timer));
  });
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    let n = 0;
    for await (const _ of c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 1000 })) if (++n === 2) break;
    await eventually(() => server.closedConnections === 1, { message: "the server to see the connection closed" });
  } finally {
    await server.close();
  }
});

/** A gzip stream of `count` events, each flushed on its own, then the socket cut (no [DONE]). */
async function gzipCutAfter(count: number): Promise<TestServer> {
  return TestServer.start((_req, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" });
    const zip = createGzip();
    zip.pipe(res);
    void (async () => {
      for (let i = 0; i < count; i++) {
        zip.write(sse(i));
        zip.flush();
        await new Promise((r) => setTimeout(r, 2));
      }
      // Once the last event has gone out compressed: then the connection dies mid-stream.
      zip.flush(() => res.socket?.destroy());
    })();
  });
}

test("a gzip stream cut off mid-way: every event sent before the cut is read, then the StreamError (batched or not)", async () => {
  const server = await gzipCutAfter(40);
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    for (const batchMs of [undefined, 300]) {
      const texts: string[] = [];
      const e = await (async () => {
        for await (const chunk of c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs })) texts.push(chunk.choices[0]?.delta?.content ?? "");
      })().then(() => undefined, (error: unknown) => error);
      assert.is((e as Error | undefined)?.name, "StreamError", `batchMs ${String(batchMs)}: ${String(e)}`);
      // The held backlog reaches the decompressor together with the cut: it must still be read out.
      assert.equal(texts, Array.from({ length: 40 }, (_, i) => `t${i} `), `batchMs ${String(batchMs)}: every event before the cut`);
    }
  } finally {
    await server.close();
  }
});

test("aborting a gzip stream ends it at once with AbortError (batched or not), and the next call works", async () => {
  const server = await TestServer.start((req, res: ServerResponse) => {
    if (!req.path.endsWith("/invocations")) return sendJson(res, 200, { endpoints: [] });
    res.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" });
    const zip = createGzip();
    zip.pipe(res);
    const timer = setInterval(() => { zip.write(sse(1)); zip.flush(); }, 2);
    res.on("close", () => clearInterval(timer));
  });
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0, idleTimeoutMs: 60_000 });
    for (const batchMs of [undefined, 1000]) {
      const controller = new AbortController();
      let n = 0;
      let settled: { error: unknown } | undefined;
      void (async () => {
        for await (const _ of c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs, signal: controller.signal })) {
          // Aborted while the next read is awaited: the decompressor's reader must be ended too.
          if (++n === 2) setImmediate(() => controller.abort());
        }
      })().then(() => { settled = { error: undefined }; }, (error: unknown) => { settled = { error }; });
      // It used to hang for good here: the reader waited on a decompressor no one stopped.
      const { error } = await eventually(() => settled ?? false, { message: `batchMs ${String(batchMs)}: the aborted stream to settle` });
      assert.is((error as Error | undefined)?.name, "AbortError", `batchMs ${String(batchMs)}: ${String(error)}`);
    }
    assert.equal(await c.listEndpoints(), []);
  } finally {
    await server.close();
  }
});

test("the client's own hold is not the server's silence: an idle timeout at or below batchMs does not fire on a busy stream", async () => {
  const server = await TestServer.start((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    let i = 0;
    const timer = setInterval(() => {
      if (i === 60) {
        clearInterval(timer);
        res.end("data: [DONE]\n\n");
        return;
      }
      res.write(sse(i++));
    }, 5);
    res.on("close", () => clearInterval(timer));
  });
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0, idleTimeoutMs: 100 });
    let n = 0;
    for await (const _ of c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 100 })) n++;
    assert.is(n, 60);
  } finally {
    await server.close();
  }
});

test("the first text is not held behind a stream's opening events (a role-only chunk; response.created and the like)", async () => {
  let seenOpening = signal();
  let wroteText = 0;
  const server = await TestServer.start((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const responses = req.path.endsWith("/responses");
    const opening = responses
      ? ["response.created", "response.in_progress", "response.output_item.added"].map((type) => `data: ${JSON.stringify({ type, sequence_number: 0 })}\n\n`).join("")
      : `data: ${JSON.stringify({ ...chatChunk(0, ""), choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`;
    const text = responses ? `data: ${JSON.stringify({ type: "response.output_text.delta", delta: "t0 ", item_id: "m", output_index: 0, content_index: 0 })}\n\n` : sse(0);
    res.write(opening);
    // The text goes out once the client has read the opening, as a model that thinks first sends it.
    void seenOpening.promise.then(() => {
      wroteText = performance.now();
      res.end(`${text}data: [DONE]\n\n`);
    });
  });
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    const streams = {
      chat: () => c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 1000 }) as AsyncIterable<unknown>,
      responses: () => c.predictResponseStream({ endpoint: "chat", inputs: { input: "hi" }, batchMs: 1000 }) as AsyncIterable<unknown>,
    };
    for (const [name, open] of Object.entries(streams)) {
      seenOpening = signal();
      let gotText = 0;
      for await (const event of open()) {
        const e = event as { type?: string; choices?: { delta?: { content?: string } }[] };
        const isText = e.type === "response.output_text.delta" || (e.choices?.[0]?.delta?.content ?? "") !== "";
        if (isText) gotText = performance.now();
        else seenOpening.fire();
      }
      // Held, the text would wait out the whole 1000 ms hold that began with the opening's read.
      assert.ok(gotText > 0 && gotText - wroteText < 750, `${name}: the first text came ${Math.round(gotText - wroteText)} ms after it was sent`);
    }
  } finally {
    await server.close();
  }
});

test("the fetch transport reads as events come (batchMs is ignored), with every event", async () => {
  const server = await TestServer.start((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(Array.from({ length: EVENTS }, (_, i) => sse(i)).join("") + "data: [DONE]\n\n");
  });
  try {
    const options: ClientOptions = { host: server.url, token: TOKEN, maxRetries: 0, transport: "fetch" };
    const got = await read(new DatabricksDeploymentClient(options).predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: 80 }), () => undefined);
    assert.is(got.texts.length, EVENTS);
  } finally {
    await server.close();
  }
});

test("a batchMs that is not a whole number of ms from 0 to 1000 is refused at the first next(), before anything is sent", async () => {
  const server = await TestServer.start();
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    for (const bad of [-1, 1.5, 1001, "80", Number.NaN]) {
      const stream = c.predictStream({ endpoint: "chat", inputs: INPUTS, batchMs: bad as number });
      const e = await stream.next().then(() => undefined, (error: unknown) => error);
      assert.instance(e, ValidationError, `batchMs ${String(bad)}`);
      assert.is((e as ValidationError).issues[0]?.path, "batchMs");
      assert.match((e as ValidationError).message, /whole number of milliseconds from 0 to 1000/);
      const r = await c.predictResponseStream({ endpoint: "chat", inputs: { input: "hi" }, batchMs: bad as number }).next().then(() => undefined, (error: unknown) => error);
      assert.instance(r, ValidationError, `predictResponseStream batchMs ${String(bad)}`);
      const plain = await c.predictResponse({ endpoint: "chat", inputs: { input: "hi" }, batchMs: bad as number }).then(() => undefined, (error: unknown) => error);
      assert.instance(plain, ValidationError, `predictResponse batchMs ${String(bad)}`);
    }
    assert.is(server.requests.length, 0, "nothing was sent");
  } finally {
    await server.close();
  }
});

test.run();
