import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "../helpers/eventually.js";

const test = suite("deployments emulator (command line)");
const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | string | null> } {
  const child = spawn(process.execPath, [join(root, "dist", "esm", "repl", "cli.js"), "emulator", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  // A death by signal reads as its name, so a failure says which.
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return { child, output: () => out, exited };
}

function waitFor(output: () => string, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  return eventually(() => output().match(pattern), { timeoutMs: ms, intervalMs: 25, message: () => `${pattern}; output so far:\n${output()}` });
}

test("--help lists the flags", async () => {
  const { output, exited } = run(["--help"]);
  assert.is(await exited, 0);
  for (const flag of ["--host", "--port", "--token", "--user", "--state", "--no-seed", "--forward", "--deploy-delay", "--stream-delay", "--admin"]) assert.match(output(), flag);
});

test("prints URL and env lines; serves the seed; logs requests without secrets; SIGTERM finishes the in-flight stream, writes state, exits 0", async () => {
  const state = join(dir, "state.json");
  const { child, output, exited } = run(["--port", "0", "--user", "alice@example.com:dapi-alice-cli-secret", "--user", "bob@example.com:dapi-bob-cli-secret", "--state", state, "--stream-delay", "10"]);
  // The banner's last line, not its first: the pipe may hand over the banner a line at a time.
  await waitFor(output, /Press Ctrl\+C to stop\./);
  const [, url] = output().match(/DATABRICKS_HOST=(http:\/\/127\.0\.0\.1:\d+)/)!;
  assert.match(output(), "export DATABRICKS_TOKEN=dapi-alice-cli-secret");
  const headers = { authorization: "Bearer dapi-bob-cli-secret", "content-type": "application/json" };
  // alice (the seed's creator) manages my-scope; bob may query the seeded chat (group `users` CAN_QUERY).
  const put = await fetch(`${url}/api/2.0/secrets/put`, { method: "POST", headers: { ...headers, authorization: "Bearer dapi-alice-cli-secret" }, body: JSON.stringify({ scope: "my-scope", key: "other", string_value: "value-that-must-not-leak" }) });
  assert.is(put.status, 200);
  const stream = await fetch(`${url}/serving-endpoints/chat/invocations`, { method: "POST", headers, body: JSON.stringify({ messages: [{ role: "user", content: "hello" }], stream: true, extra_params: { simulated_tokens: "60" } }) });
  assert.is(stream.status, 200);
  // SIGTERM once the first event has arrived, so the stream is surely in flight.
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("data: ")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  child.kill("SIGTERM");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  assert.ok(text.trimEnd().endsWith("data: [DONE]"), "the in-flight stream was cut off");
  assert.is(await exited, 0);
  const log = output();
  assert.match(log, /POST \/serving-endpoints\/chat\/invocations 200/);
  assert.match(log, "Emulator stopped.");
  const afterBanner = log.slice(log.indexOf("Press Ctrl+C"));
  assert.not.ok(afterBanner.includes("dapi-alice-cli-secret") || afterBanner.includes("dapi-bob-cli-secret") || log.includes("value-that-must-not-leak"));
  const saved = JSON.parse(readFileSync(state, "utf8"));
  assert.ok(saved.endpoints.some((e: { name: string }) => e.name === "chat"));
});

test("a corrupt state file: exit 1 with a clear message", async () => {
  const { writeFileSync } = await import("node:fs");
  const state = join(dir, "bad.json");
  writeFileSync(state, "garbage");
  const { output, exited } = run(["--port", "0", "--state", state]);
  assert.is(await exited, 1);
  assert.match(output(), "not valid JSON");
  assert.is(readFileSync(state, "utf8"), "garbage");
});

test.run();
