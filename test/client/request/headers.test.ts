// The headers each kind of call sends when one client mixes them (static credentials keep one
// prebuilt header object per kind): JSON calls send no accept, text and stream calls their own.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DatabricksDeploymentClient } from "../../../src/index.js";
import { TestServer, TOKEN, sendJson, sendText, chatChunk } from "../helpers/server.js";

test("json, text and stream calls interleaved on one client each send their own accept", async () => {
  const server = await TestServer.start((req, res) => {
    if (req.path.endsWith("/metrics")) return sendText(res, 200, "x 1\n");
    if (req.path.endsWith("/invocations")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      return res.end(`data: ${JSON.stringify(chatChunk(0, "a"))}\n\ndata: [DONE]\n\n`);
    }
    sendJson(res, 200, { name: "x" });
  });
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    const stream = async (): Promise<void> => {
      for await (const chunk of c.predictStream({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "hi" }] } })) void chunk;
    };
    const calls: [() => Promise<unknown>, RegExp | undefined][] = [
      [() => c.getEndpoint("x"), undefined],
      [() => c.exportMetrics({ endpoint: "x" }), /^text\/plain/],
      [stream, /^text\/event-stream/],
      [() => c.getEndpoint("x"), undefined],
      [stream, /^text\/event-stream/],
      [() => c.exportMetrics({ endpoint: "x" }), /^text\/plain/],
      [() => c.getEndpoint("x"), undefined],
    ];
    for (const [call, accept] of calls) {
      await call();
      const sent = server.last.headers;
      assert.is(sent.authorization, `Bearer ${TOKEN}`);
      // The node transport sends none; fetch adds its own `*/*`.
      if (accept === undefined) assert.is(sent.accept, undefined, "JSON calls leave accept to the transport");
      else assert.match(String(sent.accept), accept);
    }
  } finally {
    await server.close();
  }
});

test.run();
