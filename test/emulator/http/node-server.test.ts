import { request as httpRequest, Agent } from "node:http";
import { connect } from "node:net";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { listen } from "../../../src/emulator/http/node-server.js";
import { json } from "../../../src/emulator/http/types.js";

const test = suite("emulator node:http adapter");

/** One GET over a keep-alive agent, so the socket stays open after the reply unless the server closes it. */
function get(url: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("close() with a request in flight lets it finish, then drops its keep-alive socket at once (no grace wait)", async () => {
  let arrived!: () => void;
  const inFlight = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const server = await listen(
    async () => {
      arrived();
      await gate;
      return json(200, { ok: true });
    },
    { host: "127.0.0.1", port: 0, maxBodyBytes: 1024, closeGraceMs: 5_000 },
  );
  const agent = new Agent({ keepAlive: true });
  try {
    const answer = get(`${server.url}/slow`, agent);
    await inFlight; // the handler is running: close() starts with a request in flight
    const closing = server.close();
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    assert.not.ok(closed, "close() waits for the request in flight");
    const started = performance.now();
    release();
    await closing;
    const ms = performance.now() - started;
    const reply = await answer;
    assert.is(reply.status, 200);
    assert.equal(JSON.parse(reply.body), { ok: true });
    assert.ok(ms < 1_000, `close() took ${ms.toFixed(0)} ms`);
  } finally {
    agent.destroy();
  }
});

test("close() does not wait for a connection that never sent a request (a client's spare pooled socket)", async () => {
  // A grace far beyond the file's timeout: close() resolving at all shows it did not wait for it.
  const server = await listen(async () => json(200, {}), { host: "127.0.0.1", port: 0, maxBodyBytes: 1024, closeGraceMs: 600_000 });
  const { port } = new URL(server.url);
  const socket = connect(Number(port), "127.0.0.1");
  try {
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    await server.close();
    await ended;
    assert.ok(socket.destroyed);
  } finally {
    socket.destroy();
  }
});

test.run();
