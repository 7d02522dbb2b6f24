// The emulator's upstream forwarding scrubs keys the upstream echoes back with the client's
// Redactor: longest secret first, so a key containing another is masked whole. Runs against a
// real loopback upstream.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { callUpstream, type UpstreamCall } from "../../src/emulator/serving/forward.js";
import { TestServer, sendJson } from "./helpers/server.js";

async function failure(call: UpstreamCall): Promise<Error> {
  try {
    await callUpstream(call, new AbortController().signal, 2_000, fetch);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

test("a key containing another key is masked whole, whatever order they were found in", async () => {
  const short = "sk-abcd";
  const long = "sk-abcd-the-rest-of-a-longer-key";
  const server = await TestServer.start((_req, res) => sendJson(res, 401, { error: { message: `bad key ${long}` } }));
  try {
    const e = await failure({ provider: "openai", url: `${server.url}/chat/completions`, headers: {}, body: {}, secrets: [short, long] });
    assert.match(e.message, /bad key \[REDACTED\]/);
    assert.not.ok(e.message.includes("the-rest-of"), e.message);
  } finally {
    await server.close();
  }
});

test.run();
