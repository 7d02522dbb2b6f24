// predictBatch cancels its rows through one internal hook, not an AbortController per row: these
// prove the rows in flight are still aborted at once, whether the caller's signal fires or the
// consumer breaks out, against a server that never answers them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { AbortError, DatabricksDeploymentClient } from "../../src/index.js";
import { eventually } from "../helpers/eventually.js";
import { ask } from "./helpers.js";

const test = suite("predictBatch cancels rows in flight");

const reply = JSON.stringify({ id: "r", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }], usage: { total_tokens: 2 } });

/** A server that answers rows containing "fast" and holds every other one open; `closed` counts requests the client closed unanswered. */
async function holdingServer(): Promise<{ url: string; held: number; closed: number; close(): Promise<void> }> {
  const state = { held: 0, closed: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    // Closed before it was answered: the client gave up on it (counted even before its body ended).
    res.on("close", () => {
      if (!res.writableEnded) state.closed++;
    });
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      if (body.includes("fast")) res.writeHead(200, { "content-type": "application/json" }).end(reply);
      else state.held++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get held() { return state.held; },
    get closed() { return state.closed; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

for (const transport of ["node", "fetch"] as const) {
  test(`${transport}: the batch's signal aborts every row in flight, and the iteration throws AbortError`, async () => {
    const server = await holdingServer();
    try {
      const client = new DatabricksDeploymentClient({ host: server.url, token: "t", transport });
      const ac = new AbortController();
      const reason = new Error("stop the batch");
      const run = (async () => {
        for await (const _ of client.predictBatch({ endpoint: "e", inputs: Array.from({ length: 10 }, (_, i) => ask(`slow ${i}`)), concurrency: 3, signal: ac.signal })) void _;
      })();
      const outcome = run.then(() => undefined, (e: unknown) => e);
      await eventually(() => server.held === 3, { message: "three rows held by the server" });
      ac.abort(reason);
      const error = await outcome;
      assert.instance(error, AbortError);
      assert.is((error as AbortError).cause, reason);
      await eventually(() => server.closed === 3, { message: () => `the held rows closed by the client (${server.closed} of 3)` });
      assert.is(server.held, 3, "nothing more was sent");
    } finally {
      await server.close();
    }
  });

  test(`${transport}: breaking out of the loop aborts the rows still in flight`, async () => {
    const server = await holdingServer();
    try {
      const client = new DatabricksDeploymentClient({ host: server.url, token: "t", transport });
      const rows = [ask("slow a"), ask("slow b"), ask("fast c"), ask("slow d")];
      let first: number | undefined;
      // The fast row is answered while the two slow ones are held; the loop leaves at once.
      for await (const r of client.predictBatch({ endpoint: "e", inputs: rows, concurrency: 3 })) {
        first = r.index;
        break;
      }
      assert.is(first, 2);
      await eventually(() => server.closed === 2, { message: () => `the held rows closed by the client (${server.closed} of 2)` });
    } finally {
      await server.close();
    }
  });
}

test("a signal that has already fired: nothing is sent", async () => {
  const server = await holdingServer();
  try {
    const client = new DatabricksDeploymentClient({ host: server.url, token: "t" });
    const ac = new AbortController();
    ac.abort();
    let error: unknown;
    try {
      for await (const _ of client.predictBatch({ endpoint: "e", inputs: [ask("fast")], signal: ac.signal })) void _;
    } catch (e) {
      error = e;
    }
    assert.instance(error, AbortError);
    assert.is(server.held, 0);
  } finally {
    await server.close();
  }
});

test.run();
