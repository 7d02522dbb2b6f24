// @heavy: megabyte bodies, a hundred raw sockets, a child emulator timed against a stall
/**
 * No input can stall the emulator: the PII guardrail is linear on `a.a.a.…`; keywords and topics
 * match in any script; an unauthenticated request is answered from its headers without its body
 * being read; connections are capped; error replies stay small whatever the body; malformed JSON
 * is reported without quoting it; and a management change appends to the journal instead of
 * rewriting a large state file.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { connect, type Socket } from "node:net";
import { mkdtempSync, rmSync, statSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../src/emulator/index.js";
import { eventually, timeScale } from "../helpers/eventually.js";
import { readStoredState } from "../../src/emulator/store/store.js";
import { send, startChild } from "./helpers.js";

const TOKEN = "dapi-stall-0123456789";
const SECRET = "s3cr3t-VALUE-stall-5e4d3c2b1a";
const test = suite("security: no input can stall the emulator");
const dir = mkdtempSync(join(tmpdir(), "dd-sec-stall-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const guarded = (input: Record<string, unknown>) => ({
  name: "guarded",
  config: { served_entities: [{ name: "e", external_model: { name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: "sk-stall-1234" } } }] },
  ai_gateway: { guardrails: { input } },
});
const chat = (content: string) => ({ messages: [{ role: "user", content }] });

test("the PII guardrail answers a 1 MiB `a.a.a.…` message at once (it was quadratic: hours at the body limit)", async () => {
  const emu = await startChild({ token: TOKEN, deployDelayMs: 0 });
  try {
    assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", guarded({ pii: { behavior: "MASK" } }))).status, 200);
    const started = performance.now();
    const res = await fetch(`${emu.url}/serving-endpoints/guarded/invocations`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(chat("a.".repeat(512 * 1024) + " mail bob@example.com")),
      signal: AbortSignal.timeout(10_000 * timeScale()),
    });
    const ms = performance.now() - started;
    assert.is(res.status, 200, await res.text());
    console.log(`security/stall: 1 MiB a.a.a… through the PII MASK guardrail in ${ms.toFixed(0)} ms`);
    // A second request is not held up behind it.
    assert.is((await send(emu.url, TOKEN, "GET", "/api/2.0/serving-endpoints")).status, 200);
  } finally {
    await emu.kill();
  }
});

test("invalid_keywords and valid_topics match non-ASCII words, as whole words", async () => {
  const emu = await startEmulator({ token: TOKEN, deployDelayMs: 0 });
  try {
    const blockedBy = async (input: Record<string, unknown>, content: string): Promise<boolean> => {
      await send(emu.url, TOKEN, "DELETE", "/api/2.0/serving-endpoints/guarded");
      assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", guarded(input))).status, 200);
      const r = await send(emu.url, TOKEN, "POST", "/serving-endpoints/guarded/invocations", chat(content));
      assert.ok(r.status === 200 || r.status === 400, r.text);
      return r.status === 400;
    };
    assert.ok(await blockedBy({ invalid_keywords: ["секрет"] }, "это СЕКРЕТ, не говори"), "секрет");
    assert.ok(await blockedBy({ invalid_keywords: ["機密"] }, "これは機密です"), "機密");
    assert.ok(await blockedBy({ invalid_keywords: ["café"] }, "un CAFE\u0301 noir"), "café (decomposed)");
    assert.not.ok(await blockedBy({ invalid_keywords: ["секрет"] }, "секретарь пришёл"), "a longer word is not the keyword");
    assert.not.ok(await blockedBy({ valid_topics: ["機密"] }, "これは機密です"), "an on-topic CJK message passes");
    assert.ok(await blockedBy({ valid_topics: ["機密"] }, "天気の話"), "an off-topic CJK message is blocked");
  } finally {
    await emu.close();
  }
});

/** Opens a raw connection and sends `head`; resolves with everything the server sent until it closed. */
function rawRequest(port: number, head: string, timeoutMs: number): Promise<{ reply: string; closed: boolean; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    const timer = setTimeout(() => resolve({ reply, closed: false, socket }), timeoutMs);
    socket.on("data", (d) => (reply += d));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ reply, closed: true, socket });
    });
    socket.write(head);
  });
}

test("an unauthenticated request is answered from its headers: its body is never waited for", async () => {
  const emu = await startEmulator({ token: TOKEN });
  const port = Number(new URL(emu.url).port);
  try {
    const head = (auth: string) => `POST /api/2.0/secrets/put HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 4000000\r\n${auth}\r\n`;
    // 100 connections that promise 4 MB each and send none of it: each gets its 401 and is closed.
    const answers = await Promise.all(Array.from({ length: 100 }, () => rawRequest(port, head(""), 5_000 * timeScale())));
    assert.equal(answers.filter((a) => !a.closed || !a.reply.startsWith("HTTP/1.1 401")).length, 0, answers[0]!.reply.slice(0, 200));
    const wrong = await rawRequest(port, head("authorization: Bearer dapi-wrong-token\r\n"), 5_000 * timeScale());
    assert.ok(wrong.closed && /^HTTP\/1\.1 40[13]/.test(wrong.reply), wrong.reply.slice(0, 200));
    // An authenticated one is read as usual.
    const ok = await send(emu.url, TOKEN, "GET", "/api/2.0/secrets/scopes/list");
    assert.is(ok.status, 200);
  } finally {
    await emu.close();
  }
});

test("connections beyond maxConnections are closed at once", async () => {
  const emu = await startEmulator({ token: TOKEN, maxConnections: 5 });
  const port = Number(new URL(emu.url).port);
  const sockets: Socket[] = [];
  try {
    const opened = await Promise.all(Array.from({ length: 5 }, () => new Promise<Socket>((resolve) => { const s: Socket = connect(port, "127.0.0.1", () => resolve(s)); s.on("error", () => undefined); })));
    sockets.push(...opened);
    const extra = await rawRequest(port, `GET /api/2.0/secrets/scopes/list HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\n\r\n`, 5_000 * timeScale());
    sockets.push(extra.socket);
    assert.ok(extra.closed, "the sixth connection stayed open");
    assert.is(extra.reply, "", "the sixth connection was served");
  } finally {
    for (const s of sockets) s.destroy();
    await emu.close();
  }
});

test("a 3.9 MiB body of bad tags gets a short error that says how many problems were left out", async () => {
  const emu = await startEmulator({ token: TOKEN, deployDelayMs: 0 });
  try {
    assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", { name: "t" })).status, 200);
    const bad = Array.from({ length: 140_000 }, () => ({ key: "", value: 1, x: 1 }));
    const body = JSON.stringify({ add_tags: bad });
    assert.ok(body.length > 3.5 * 1024 * 1024);
    const started = performance.now();
    const r = await send(emu.url, TOKEN, "PATCH", "/api/2.0/serving-endpoints/t/tags", body);
    const ms = performance.now() - started;
    assert.is(r.status, 400);
    assert.ok(r.text.length < 32 * 1024, `the error reply is ${r.text.length} bytes`);
    // Validating its 420 000 problems took the schema 9 s; it is refused by size first.
    assert.ok(ms < 2_000 * timeScale(), `${ms.toFixed(0)} ms to refuse it`);
    const some = await send(emu.url, TOKEN, "PATCH", "/api/2.0/serving-endpoints/t/tags", { add_tags: bad.slice(0, 2_000) });
    assert.is(some.status, 400);
    assert.ok(some.text.length < 32 * 1024, `the error reply is ${some.text.length} bytes`);
    assert.match(some.body.message, /\(6000 problems\)[\s\S]*… and 5980 more left out/);
    console.log(`security/stall: a ${(body.length / 1048576).toFixed(1)} MiB body of bad tags refused in ${ms.toFixed(0)} ms with a ${r.text.length}-byte reply; 6000 problems listed as 20 + a count in ${some.text.length} bytes`);
    const long = await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", { name: "x".repeat(3_000_000) });
    assert.is(long.status, 400);
    assert.ok(long.text.length < 32 * 1024, `an echoed 3 MB name makes a ${long.text.length}-byte reply`);
  } finally {
    await emu.close();
  }
});

test("a malformed-JSON error never quotes the body (it may hold a secret)", async () => {
  const emu = await startEmulator({ token: TOKEN });
  try {
    for (const body of [`{"scope": "s", "key": "k", "string_value": "${SECRET}`, `{"scope": "s", "string_value": ${SECRET}}`, `{"string_value": "${SECRET}", }`]) {
      const r = await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/put", body);
      assert.is(r.status, 400);
      assert.is(r.body.error_code, "MALFORMED_REQUEST");
      assert.not.match(r.text, SECRET.slice(0, 8), r.text);
    }
  } finally {
    await emu.close();
  }
});

test("a management change appends to the journal; it does not rewrite a large state file", async () => {
  const statePath = join(dir, "big.json");
  let emu = await startEmulator({ statePath, token: TOKEN, deployDelayMs: 0 });
  try {
    assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/scopes/create", { scope: "big" })).status, 200);
    const value = "v".repeat(100 * 1024);
    for (let i = 0; i < 40; i++) assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/put", { scope: "big", key: `k${i}`, string_value: value })).status, 200);
    // 4 MB of journal: compacted in the background meanwhile, and what is on disk holds every put.
    await eventually(() => readdirSync(dir).filter((f) => f.startsWith(".big.json.journal.")).length <= 2, { message: () => readdirSync(dir).join(", ") });
    const onDisk = readStoredState(statePath)!.state.scopes.find((scope) => scope.name === "big")!;
    assert.is(Object.keys(onDisk.secrets).length, 40);
    assert.ok(statSync(statePath).size > 1_000_000, "never compacted into the state file");
  } finally {
    await emu.close(); // folds the journal into one ~4 MB state file
  }
  emu = await startEmulator({ statePath, token: TOKEN, deployDelayMs: 0 });
  try {
    const before = statSync(statePath);
    assert.ok(before.size > 4_000_000, `state file of ${before.size} bytes`);
    for (let i = 0; i < 20; i++) assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", { name: `small-${i}` })).status, 200);
    const after = statSync(statePath);
    assert.is(after.ino, before.ino, "the state file was replaced by a rewrite");
    assert.is(after.mtimeMs, before.mtimeMs, "the state file was rewritten");
    const journal = readdirSync(dir).filter((f) => f.startsWith(".big.json.journal."));
    assert.is(journal.length, 1);
    const bytes = statSync(join(dir, journal[0]!)).size;
    assert.ok(bytes < 20 * 2048, `20 small changes took ${bytes} journal bytes`);
    console.log(`security/stall: 20 creates beside a ${(before.size / 1e6).toFixed(1)} MB state file appended ${bytes} journal bytes, state file untouched`);
  } finally {
    await emu.close();
  }
  emu = await startEmulator({ statePath, token: TOKEN });
  try {
    const listed = await send(emu.url, TOKEN, "GET", "/api/2.0/serving-endpoints");
    assert.is(listed.body.endpoints.length, 20);
  } finally {
    await emu.close();
  }
});

test.run();
