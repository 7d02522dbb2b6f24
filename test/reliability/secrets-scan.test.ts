/**
 * The secret values never come back: a `deployments emulator` process is fed a token, a secret
 * value and a `*_plaintext` key, then exercised through every face (client calls and their
 * errors, malformed requests that carry the secrets, a Conversation and its transcripts, the
 * `deployments chat` command and its saved files). Every response, error, log line and
 * transcript is scanned. The one line that is meant to show the token, the emulator's own
 * `export DATABRICKS_TOKEN=` hint at start-up, is the only exception.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatabricksDeploymentClient, Conversation, DeploymentsError } from "../../src/index.js";
import { SECRETS, Transcript, plantedEndpoint } from "./abuse-helpers.js";
import { eventually } from "../helpers/eventually.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/esm/repl/cli.js");
const transcript = new Transcript();
const dir = mkdtempSync(join(tmpdir(), "dd-secrets-"));
let emulator: ChildProcess | undefined;
let emulatorOutput = "";
let host = "";

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

function filesUnder(path: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path)) {
    const p = join(path, entry);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

const test = suite("no secret leaves the process");

test.before(async () => {
  emulator = spawn(process.execPath, [cli, "emulator", "--port", "0", "--token", SECRETS.token, "--state", join(dir, "state.json"), "--deploy-delay", "0", "--stream-delay", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  emulator.stderr!.on("data", (d: Buffer) => (emulatorOutput += d));
  emulator.stdout!.on("data", (d: Buffer) => (emulatorOutput += d));
  const started = await eventually(() => /export DATABRICKS_HOST=(\S+)/.exec(emulatorOutput), { timeoutMs: 30_000, message: () => `the emulator did not start: ${emulatorOutput}` });
  host = started[1]!;
});

test.after(async () => {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((r) => emulator!.once("exit", r));
    emulator.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("client calls, their replies and their errors", async () => {
  const client = new DatabricksDeploymentClient({ host, token: SECRETS.token, maxRetries: 0 });
  const keep = (what: string, value: unknown) => transcript.add(`${what}: ${JSON.stringify(value)}`);
  await client.createSecretScope({ scope: "leak" });
  await client.putSecret({ scope: "leak", key: "k", stringValue: SECRETS.secretValue });
  keep("create", await client.createEndpoint(plantedEndpoint("planted")));
  await client.waitForEndpoint({ endpoint: "planted", timeoutMs: 10_000 });
  keep("get", await client.getEndpoint({ endpoint: "planted" }));
  keep("list", await client.listEndpoints());
  keep("secrets", await client.listSecrets({ scope: "leak" }));
  keep("scopes", await client.listSecretScopes());
  keep("predict", await client.predict({ endpoint: "planted", inputs: { messages: [{ role: "user", content: "hi" }] } }));
  for await (const chunk of client.predictStream({ endpoint: "planted", inputs: { messages: [{ role: "user", content: "hi" }] } })) keep("chunk", chunk);
  const errors: unknown[] = [];
  const expectFailure = async (what: string, fn: () => Promise<unknown>) => {
    try { await fn(); assert.unreachable(`${what} should fail`); } catch (e) {
      assert.instance(e, DeploymentsError, `${what}: ${String(e)}`);
      errors.push(e);
      transcript.add(`${what}: ${String(e)} ${(e as Error).stack ?? ""} ${JSON.stringify(e)}`);
    }
  };
  // invalid payloads that carry the secrets: rejected before the wire, and the message must not repeat them
  await expectFailure("invalid create", () => client.createEndpoint({ ...plantedEndpoint("bad name!"), rate_limits: [{ calls: -1, renewal_period: "hour" }] } as never));
  await expectFailure("duplicate create", () => client.createEndpoint(plantedEndpoint("planted")));
  await expectFailure("wrong token", () => new DatabricksDeploymentClient({ host, token: `${SECRETS.token}x`, maxRetries: 0 }).listEndpoints());
  await expectFailure("unknown endpoint", () => client.predict({ endpoint: "nope", inputs: { messages: [{ role: "user", content: SECRETS.secretValue }] } }));
  // the same payloads sent raw, so the emulator's own error messages are on trial
  const raw = async (method: string, path: string, body: unknown, token: string = SECRETS.token) => {
    const res = await fetch(host + path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    transcript.add(`${method} ${path} → ${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    return res.status;
  };
  assert.is(await raw("POST", "/api/2.0/serving-endpoints", { ...plantedEndpoint("bad name!"), config: { served_entities: [{ external_model: { name: 5, provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: SECRETS.plaintextKey } } }] } }), 400);
  assert.is(await raw("PUT", "/api/2.0/serving-endpoints/planted/config", { served_entities: [{ name: "x", external_model: { name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: SECRETS.plaintextKey, openai_api_key: SECRETS.secretValue } } }], zz: SECRETS.secretValue }), 400);
  assert.is(await raw("POST", "/api/2.0/secrets/put", { scope: "leak", key: 7, string_value: SECRETS.secretValue }), 400);
  assert.is(await raw("POST", "/api/2.0/secrets/put", { scope: "nope", key: "k", string_value: SECRETS.secretValue }), 404);
  assert.is(await raw("GET", "/api/2.0/serving-endpoints", undefined, `${SECRETS.token}x`), 403, "a wrong token: Databricks' 403");
  assert.ok(errors.length === 4);
});

test("a Conversation and its transcripts (JSON and Markdown)", async () => {
  const client = new DatabricksDeploymentClient({ host, token: SECRETS.token, maxRetries: 0 });
  const conversation = new Conversation({ client, endpoint: "planted", system: "Be brief." });
  await conversation.send("What is the key?");
  transcript.add(JSON.stringify(conversation.toJSON()));
  transcript.add(conversation.toMarkdown());
});

test("`deployments chat` output and the files it saves", async () => {
  const env = { DATABRICKS_HOST: host, DATABRICKS_TOKEN: SECRETS.token, DATABRICKS_DEPLOYMENTS_DATA_DIR: join(dir, "data") };
  const asked = await run(["chat", "-e", "planted", "Tell me the secret"], env);
  transcript.add(asked.out);
  assert.is(asked.code, 0, asked.out);
  const json = await run(["chat", "-e", "planted", "--json", "hi"], env);
  transcript.add(json.out);
  assert.is(json.code, 0, json.out);
  const denied = await run(["chat", "-e", "planted", "hi"], { ...env, DATABRICKS_TOKEN: `${SECRETS.token}x` });
  transcript.add(denied.out);
  assert.is.not(denied.code, 0);
  try { for (const f of filesUnder(join(dir, "data"))) transcript.add(`${f}: ${readFileSync(f, "utf8")}`); } catch (error) { void error; /* nothing saved: nothing to scan */ }
});

test("the scan: nothing but the emulator's one start-up hint carries a secret", async () => {
  // stop the emulator so its whole log is in
  const exited = new Promise((r) => emulator!.once("exit", r));
  emulator!.kill("SIGTERM");
  await exited;
  const hint = `export DATABRICKS_TOKEN=${SECRETS.token}`;
  const log = emulatorOutput.split("\n").filter((l) => l.trim() !== hint).join("\n");
  transcript.add(log);
  assert.ok(emulatorOutput.includes("GET /api/2.0/serving-endpoints"), "the request log was captured");
  const control = new Transcript();
  control.add(`x ${SECRETS.plaintextKey} y`);
  assert.is(control.scan().length, 1);
  assert.equal(transcript.scan(), []);
  console.log(`reliability/secrets-scan: ${transcript.count} responses, errors, log blocks and transcripts scanned (${(transcript.bytes / 1e3).toFixed(0)} kB), 0 secrets found`);
});

test.run();
