import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../src/emulator/index.js";
import { COMMANDS } from "../../repl/commands/index.js";
import { mount, SCREEN_CLEARED, startSeeded, type Harness } from "./harness.js";
import { eventually } from "../helpers/eventually.js";

const cmd = suite<{ emulator: Emulator; h: Harness }>("slash commands (ink-testing-library, real emulator)");
cmd.before(async (ctx) => { ctx.emulator = await startSeeded(); });
cmd.after(async (ctx) => { await ctx.emulator.close(); });
cmd.before.each((ctx) => { ctx.h = mount(ctx.emulator); });
cmd.after.each((ctx) => { ctx.h.unmount(); });

async function run(h: Harness, line: string, expect: RegExp, what = line): Promise<string> {
  h.type(line + "\r");
  return h.waitFor((f) => expect.test(f), what);
}

async function chat(h: Harness, text: string): Promise<void> {
  const before = h.controller.conversation.turns.length;
  h.type(text + "\r");
  await h.waitFor(() => h.controller.conversation.turns.length > before && h.controller.conversation.lastTurn?.status !== "streaming", `reply to ${text}`);
}

cmd("/help lists every command and the keys", async ({ h }) => {
  const frame = await run(h, "/help", /Keys:/);
  for (const c of COMMANDS) assert.match(frame, new RegExp(`/${c.name}\\b`), c.name);
  assert.match(frame, /Ctrl\+J/);
  assert.match(frame, /Esc/);
});

cmd("/endpoints shows each endpoint with state, task and model, marking the current one", async ({ h }) => {
  const frame = await run(h, "/endpoints", /\* chat/);
  assert.match(frame, /\* chat\s+READY\s+llm\/v1\/chat\s+openai\/gpt-4/);
});

cmd("/use NAME switches (and checks) the endpoint; an unknown name is an inline error", async ({ h }) => {
  await run(h, "/use chat", /Now talking to chat/);
  const frame = await run(h, "/use nope", /✖ \/use:/);
  assert.match(frame, /→ Run \/endpoints/);
  assert.is(h.controller.conversation.endpoint, "chat");
  await run(h, "/use", /Current endpoint: chat/);
});

cmd("/info shows served entities, task, tags, rate limits and the caller's permission", async ({ h }) => {
  const frame = await run(h, "/info", /your permission:/);
  assert.match(frame, /your permission:\s+CAN_MANAGE/);
  assert.match(frame, /task:\s+llm\/v1\/chat/);
  assert.match(frame, /served entities:.*openai\/gpt-4/);
  assert.match(frame, /tags:\s+foo=bar/);
  assert.match(frame, /rate limits:\s+1000 calls per minute per user/);
});

cmd("/system sets, shows and removes the system prompt, which is sent first", async ({ h }) => {
  await run(h, "/system You are terse.", /System prompt set/);
  assert.is(h.controller.conversation.system, "You are terse.");
  await run(h, "/system", /System prompt:\nYou are terse\./);
  assert.equal(h.controller.conversation.messages()[0], { role: "system", content: "You are terse." });
  await run(h, "/system -", /System prompt removed/);
  assert.is(h.controller.conversation.system, undefined);
});

cmd("/set validates and sets temperature, max_tokens, stop, extra.KEY; - unsets; /params shows them", async ({ h }) => {
  await run(h, "/set temperature 0.25", /temperature = 0\.25/);
  await run(h, "/set max_tokens 5", /max_tokens = 5/);
  await run(h, "/set stop END, DONE", /stop = \["END","DONE"\]/);
  const bad = await run(h, "/set temperature 9", /✖ \/set:/);
  assert.match(bad, /temperature/);
  await run(h, "/set bogus 1", /Usage: \/set/);
  assert.equal(h.controller.conversation.params, { temperature: 0.25, max_tokens: 5, stop: ["END", "DONE"] });
  const params = await run(h, "/params", /max_tokens:\s+5/);
  assert.match(params, /temperature:\s+0\.25/);
  await chat(h, "count to a hundred");
  assert.is(h.controller.conversation.lastTurn?.finishReason, "length"); // max_tokens reached the endpoint
  await run(h, "/set stop -", /stop = \(endpoint default\)/);
  assert.is(h.controller.conversation.params.stop, undefined);
});

cmd("/retry regenerates the last reply in place", async ({ h }) => {
  await run(h, "/retry", /Nothing to retry yet/);
  await chat(h, "again please");
  const first = h.controller.conversation.lastTurn;
  h.type("/retry\r");
  await h.waitFor(() => h.controller.conversation.lastTurn !== first && h.controller.conversation.lastTurn?.status === "complete", "the retried reply");
  assert.is(h.controller.conversation.turns.length, 1);
  assert.is(h.controller.conversation.lastTurn?.user, "again please");
});

cmd("/clear forgets the turns and clears the screen", async ({ h }) => {
  await chat(h, "remember this");
  await run(h, "/clear", /Conversation cleared/);
  assert.is(h.controller.conversation.turns.length, 0);
  // The clear, then the word that makes the frame writer write its next frame whole.
  const at = h.written.findIndex((w) => w.includes("\x1b[2J"));
  assert.ok(at >= 0);
  assert.is(h.written[at + 1], SCREEN_CLEARED);
  // ink-testing-library keeps all static output in its frames; what follows the clear must be new.
  const frame = h.frame();
  assert.not.match(frame.slice(frame.lastIndexOf("Conversation cleared")), /remember this/);
  assert.is(h.controller.getSnapshot().items.length, 1);
});

cmd("/save writes Markdown or JSON by extension; /load continues a JSON conversation", async ({ h }) => {
  await chat(h, "keep this turn");
  const md = join(h.dir, "out.md");
  const json = join(h.dir, "out.json");
  await run(h, `/save ${md}`, /Saved 1 turn\(s\) to .*out\.md/);
  await run(h, `/save ${json}`, /Saved 1 turn\(s\) to .*out\.json/);
  assert.match(readFileSync(md, "utf8"), /## You\n\nkeep this turn/);
  assert.is(JSON.parse(readFileSync(json, "utf8")).turns[0].user, "keep this turn");
  await run(h, "/clear", /Conversation cleared/);
  await run(h, `/load ${json}`, /Loaded 1 turn\(s\) with chat/);
  assert.is(h.controller.conversation.turns[0]?.user, "keep this turn");
  assert.match(h.frame(), /› keep this turn/);
  await chat(h, "and continue");
  assert.is(h.controller.conversation.turns.length, 2);
  const bad = await run(h, `/load ${md}`, /✖ \/load:/);
  assert.match(bad, /conversation JSON/);
});

cmd("/copy puts the last reply on the clipboard with OSC 52", async ({ h }) => {
  await run(h, "/copy", /No reply to copy yet/);
  await chat(h, "copy me");
  await run(h, "/copy", /Copied \d+ characters/);
  const osc = h.written.find((w) => w.startsWith("\x1b]52;c;"));
  assert.ok(osc);
  const text = Buffer.from((osc as string).slice(7, -1), "base64").toString("utf8");
  assert.is(text, h.controller.conversation.lastTurn?.reply);
});

cmd("/usage shows per-turn and session tokens, TTFT and speed", async ({ h }) => {
  await chat(h, "one");
  await chat(h, "two");
  const frame = await run(h, "/usage", /Session: 2 turn\(s\)/);
  assert.match(frame, /PROMPT\s+COMPLETION\s+TOTAL/);
  assert.match(frame, /\n\s+2\s+complete\s+\d+\s+\d+\s+\d+/);
  const totals = h.controller.conversation.totals();
  assert.match(frame, new RegExp(`= ${totals.totalTokens} tokens`));
});

cmd("/exit (and /quit) leaves; unknown commands are inline errors; // sends a literal slash", async ({ h }) => {
  await run(h, "/frobnicate", /✖ Unknown command \/frobnicate/);
  await chat(h, "//etc/hosts is a path");
  assert.is(h.controller.conversation.lastTurn?.user, "/etc/hosts is a path");
  h.type("/quit\r");
  await eventually(() => h.exited, { message: "the exit after /quit" });
});

cmd.run();
