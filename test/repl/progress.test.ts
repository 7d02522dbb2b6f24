// @heavy: drives the built CLI under tmux
// `deployments chat` is never silent while it waits: "connecting to HOST…" and each retry with its
// reason appear at once (one-shot mode here, the built CLI on real sockets), a 429 wait is
// announced on stderr with its length, fetch's "bad port" is explained, and the REPL's status line
// names the reason of a retry that is not a rate limit.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { advise } from "../../repl/chat/advice.js";
import { retryLine } from "../../repl/chat/progress.js";
import { statusText } from "../../repl/ui/StatusLine.js";
import { sendJson, TestServer } from "../client/helpers/server.js";
import { hasTmux, startChat } from "./tmux.js";
import { tempDir } from "../helpers/temp-dir.js";
import { closedPort } from "../helpers/closed-port.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/esm/repl/cli.js");
const t = suite("deployments chat says what it waits for");

/** Starts the one-shot chat against `host` and resolves with stderr once `until` matches it (then stops the process). */
function stderrUntil(host: string, until: RegExp, args: readonly string[] = []): Promise<string> {
  const home = tempDir("dd-progress-");
  const child: ChildProcess = spawn(process.execPath, [cli, "chat", "--no-transcript", ...args, "Hi"], {
    env: { ...process.env, HOME: home, DATABRICKS_CONFIG_FILE: join(home, "none.cfg"), DATABRICKS_HOST: host, DATABRICKS_TOKEN: "dapi-progress-test", DATABRICKS_CONFIG_PROFILE: "", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (until.test(err)) { child.kill(); resolve(err); }
    });
    // Ends on its own only when it gave up: then `until` never showed, which is the failure.
    child.on("exit", () => { if (!until.test(err)) reject(new Error(`exited without ${until}; stderr:\n${err}`)); });
  });
}

t("an unreachable host: 'connecting to HOST…' and the first retry with its reason, long before the back-off ends", async () => {
  assert.ok(existsSync(cli), "build first");
  const port = await closedPort();
  const err = await stderrUntil(`http://127.0.0.1:${port}`, /retry 1 in [\d.]+ s…/);
  assert.match(err, new RegExp(`^connecting to http://127\\.0\\.0\\.1:${port}…\\n`));
  assert.match(err, new RegExp(`Cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*; retry 1 in`));
});

t("port 1, a fetch 'bad port', is a plain refused connection over node:http; fetch's refusal is still explained in the advice", async () => {
  // The default transport in Node is node:http, which has no bad-port list.
  const err = await stderrUntil("http://127.0.0.1:1", /retry 1 in/);
  assert.match(err, /Cannot reach http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  assert.not.match(err, /bad port/);
  assert.match(advise({ name: "ConnectionError", message: "Cannot reach http://127.0.0.1:1: bad port" }), /"bad port" of the Fetch standard/);
});

t("one-shot chat waiting out a 429 says on stderr that it waits, and for how long", async () => {
  const server = await TestServer.start((req, res) => {
    if (req.method === "GET") return sendJson(res, 200, { name: "chat", config: { served_entities: [{ name: "m", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat" } }] } });
    sendJson(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "Exceeded rate limit" }, { "retry-after": "30" });
  });
  try {
    const err = await stderrUntil(server.url, /waiting 30 s before retry 1…/, ["--endpoint", "chat"]);
    assert.match(err, /rate limited \(429[^)]*\): waiting 30 s before retry 1…/);
  } finally {
    await server.close();
  }
});

t("the REPL's status line and hint name a retry's reason; a 429 still reads 'rate limited'", () => {
  const base = { endpoint: "chat", simulated: false, kind: "databricks" as const, sessionTokens: 0 };
  const now = 1_000_000;
  assert.match(statusText({ ...base, retryAt: now + 2000, retryReason: "connection error" }, true, now), /no answer \(connection error\): retrying in 2 s/);
  assert.match(statusText({ ...base, retryAt: now + 2000, retryReason: "429 REQUEST_LIMIT_EXCEEDED" }, true, now), /rate limited: retrying in 2 s/);
  assert.match(retryLine({ attempt: 2, delayMs: 1500, reason: "connection error", error: { message: "Cannot reach https://h: ECONNREFUSED" } }), /^Cannot reach https:\/\/h: ECONNREFUSED; retry 2 in 1\.5 s…$/);
});

if (hasTmux) {
  t("interactive (in tmux): the same lines appear at once, before the UI", async () => {
    const port = await closedPort();
    const term = startChat("progress", [], { env: { DATABRICKS_HOST: `http://127.0.0.1:${port}`, DATABRICKS_TOKEN: "dapi-progress-test" } });
    try {
      const s = await term.waitFor((s) => /retry 1 in [\d.]+ s…/.test(s), "the first retry on screen");
      assert.match(s, new RegExp(`connecting to http://127\\.0\\.0\\.1:${port}…`));
    } finally {
      term.close();
    }
  });
} else {
  console.log("SKIP progress in tmux: tmux not found");
}

t.run();
