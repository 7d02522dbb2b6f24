// Issue 16's REPL details that need no terminal: /help generated from the tables, /load of a
// missing file, /use of an endpoint the chat cannot talk to, and the rate-limit wording.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { endpoint } from "../../src/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { COMMANDS } from "../../repl/commands/index.js";
import { DECODED_EVENTS, KEY_HELP } from "../../repl/ui/keys.js";
import { mount, startSeeded, type Harness } from "./harness.js";

const t = suite<{ emulator: Emulator; h: Harness }>("REPL fit and finish (ink-testing-library, real emulator)");
t.before(async (ctx) => {
  ctx.emulator = await startSeeded();
  await ctx.emulator.client().createEndpoint(endpoint("embed").externalModel("text-embedding-3-small", { apiKeyPlaintext: "sk-test-not-a-key" }), { wait: true });
});
t.after(async (ctx) => { await ctx.emulator.close(); });
t.before.each((ctx) => { ctx.h = mount(ctx.emulator); });
t.after.each((ctx) => { ctx.h.unmount(); });

async function run(h: Harness, line: string, expect: RegExp): Promise<string> {
  h.type(line + "\r");
  return h.waitFor((f) => expect.test(f), line);
}

t("/help is generated from the command and key tables: aliases, every key, what Tab completes", async ({ h }) => {
  const frame = await run(h, "/help", /Start a message with/);
  assert.match(frame, /\/exit \(\/quit, \/q\)/);
  assert.match(frame, /Ctrl\+K\s+delete to the end of the line/);
  assert.match(frame, /\/set: parameter names/);
  assert.match(frame, /\/use: endpoint names/);
  for (const c of COMMANDS) assert.match(frame, new RegExp(`/${c.name}\\b`), c.name);
  for (const k of KEY_HELP) assert.ok(frame.includes(k.keys.split(",")[0]!.trim()), k.keys);
});

t("/help's wrapped descriptions continue under their column, never at column 0", async ({ h }) => {
  const frame = await run(h, "/help", /Start a message with/);
  const block = frame.slice(frame.indexOf("Commands:"), frame.indexOf("Start a message with"));
  for (const line of block.split("\n")) {
    if (line === "" || line === "Commands:" || line === "Keys:") continue;
    assert.ok(line.startsWith("  "), `a help line at column 0: ${JSON.stringify(line)}`);
    assert.ok(line.length <= 100, `wider than the terminal: ${JSON.stringify(line)}`);
  }
});

t("every key the decoder knows has a /help row (paste markers aside)", () => {
  const documented = new Set(KEY_HELP.flatMap((k) => k.events));
  for (const type of DECODED_EVENTS) if (type !== "paste-start" && type !== "paste-end") assert.ok(documented.has(type), type);
});

t("/load of a missing file says so, without Node's raw ENOENT", async ({ h }) => {
  const missing = join(h.dir, "nope.json");
  const frame = await run(h, `/load ${missing}`, /there is no file/);
  assert.not.match(frame, /ENOENT|no such file or directory, open/);
  assert.match(frame, /\/save FILE\.json writes one/);
  const folder = await run(h, `/load ${h.dir}`, /is a folder/);
  assert.not.match(folder, /EISDIR/);
});

t("/use of an embeddings endpoint is refused with what the endpoint is for; the chat stays put", async ({ h }) => {
  const frame = await run(h, "/use embed", /✖ \/use:/);
  assert.match(frame, /embed is an embeddings endpoint \(llm\/v1\/embeddings\): it turns text into vectors/);
  assert.match(frame, /client\.predict\(\{ endpoint: "embed", inputs: \{ input:/);
  assert.is(h.controller.conversation.endpoint, "chat");
  assert.not.match(frame, /Now talking to embed/);
});

t("while a request waits out a rate limit, the hint says so (not 'still streaming')", ({ h }) => {
  h.controller.retryScheduled(30_000);
  assert.match(h.controller.busyHint(), /^Waiting on a rate limit \(retrying in 30 s\)/);
  assert.match(h.controller.busyHint(Date.now() + 31_000), /A reply is still streaming/);
});

t.run();
