import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../src/emulator/index.js";
import { Conversation } from "../../src/index.js";
import { InputHistory } from "../../repl/chat/input-history.js";
import { loadMarkdownRenderer } from "../../repl/ui/render-markdown.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mount, startSeeded, tick, type Harness } from "./harness.js";
import { eventually } from "../helpers/eventually.js";

const app = suite<{ emulator: Emulator; h: Harness }>("App (ink-testing-library, real emulator)");
app.before(async (ctx) => { ctx.emulator = await startSeeded(); });
app.after(async (ctx) => { await ctx.emulator.close(); });
app.before.each((ctx) => { ctx.h = mount(ctx.emulator); });
app.after.each((ctx) => { ctx.h.unmount(); });

app("a message streams its reply into the scrollback, with stats and a status line", async ({ h }) => {
  h.type("hello there");
  await h.waitFor((f) => /› hello there/.test(f), "the typed text in the input");
  h.type("\r");
  const frame = await h.waitFor((f) => /gpt-4 · simulated · \d+ tokens/.test(f), "the reply's stats line");
  assert.match(frame, /This is a \*\*simulated reply\*\*/);
  assert.match(frame, /> hello there/);
  assert.match(frame, /chat · gpt-4 · SIMULATED · \d+ tokens · TTFT \d+ ms/);
  assert.is(h.controller.conversation.turns.length, 1);
  assert.is(h.controller.conversation.lastTurn?.status, "complete");
});

app("the transcript is saved after each turn and reads back", async ({ h }) => {
  h.type("save me\r");
  await h.waitFor((f) => /tokens · TTFT/.test(f), "a finished turn");
  const path = h.controller.transcript?.path ?? "";
  assert.ok(existsSync(path), path);
  const back = Conversation.fromJSON(readFileSync(path, "utf8"));
  assert.is(back.lastTurn?.user, "save me");
  assert.is(back.lastTurn?.status, "complete");
});

app("Esc cancels a streaming reply: the partial text stays, marked cancelled; the REPL goes on", async ({ h }) => {
  h.type("/set extra.simulated_delay_ms 15\r");
  await h.waitFor((f) => /simulated_delay_ms = "15"/.test(f), "the /set confirmation");
  h.type("write a long essay about endpoints\r");
  await h.waitFor((f) => /Endpoint `chat` serves/.test(f), "some streamed text", 8000);
  h.type("\x1b");
  const frame = await h.waitFor((f) => /\[cancelled — partial reply kept\]/.test(f), "the cancelled marker");
  const turn = h.controller.conversation.lastTurn;
  assert.is(turn?.status, "cancelled");
  assert.ok((turn?.reply.length ?? 0) > 20 && (turn?.reply.length ?? 0) < 4000, String(turn?.reply.length));
  assert.not.match(frame, /streaming \(Esc cancels\)/);
});

app("Ctrl-C cancels a reply, else clears the input, else exits", async ({ h }) => {
  h.type("/set extra.simulated_delay_ms 15\r");
  h.type("write a long essay\r");
  await h.waitFor((f) => /streaming \(Esc cancels\)/.test(f) && /You asked/.test(f), "streaming");
  h.type("\x03");
  await h.waitFor((f) => /\[cancelled — partial reply kept\]/.test(f), "cancel by Ctrl-C");
  assert.is(h.exited, false);
  h.type("draft text");
  await h.waitFor((f) => /› draft text/.test(f), "the draft");
  h.type("\x03");
  await h.waitFor((f) => !/draft text/.test(f.split("\n").slice(-4).join("\n")), "the input cleared");
  assert.is(h.exited, false);
  h.type("\x03");
  await eventually(() => h.exited, { message: "the exit (it goes through setTimeout 0)" });
});

app("Enter while a reply streams keeps the typed message (and says why); commands still run", async ({ h }) => {
  h.type("/set extra.simulated_delay_ms 15\r");
  h.type("write a long essay\r");
  await h.waitFor((f) => /streaming \(Esc cancels\)/.test(f) && /You asked/.test(f), "streaming");
  h.type("next question\r");
  await h.waitFor((f) => /A reply is still streaming: Esc cancels it/.test(f), "the hint");
  assert.match(h.frame(), /› next question/);
  h.type("\x1b");
  await h.waitFor((f) => /\[cancelled/.test(f), "cancelled");
  h.type("\r");
  await h.waitFor(() => h.controller.conversation.lastTurn?.user === "next question", "the kept message sent");
});

app("multi-line input: Ctrl+J adds a line; a bracketed paste with line breaks does not submit early", async ({ h }) => {
  h.type("line one");
  h.type("\n");
  h.type("line two");
  await tick();
  assert.is(h.controller.conversation.turns.length, 0);
  h.type("\x1b[200~");
  h.type("\rpasted a\rpasted b\r");
  h.type("\x1b[201~");
  await h.waitFor((f) => /pasted b/.test(f), "the pasted text in the input");
  await tick();
  assert.is(h.controller.conversation.turns.length, 0, "paste must not submit");
  h.type("\r");
  await h.waitFor(() => h.controller.conversation.lastTurn?.status === "complete", "the turn");
  assert.is(h.controller.conversation.lastTurn?.user, "line one\nline two\npasted a\npasted b\n");
});

app("↑ recalls earlier input (persisted), ↓ returns to the draft", async ({ h }) => {
  h.type("first question\r");
  await h.waitFor(() => h.controller.conversation.lastTurn?.status === "complete", "turn 1");
  h.type("/params\r");
  await h.waitFor((f) => /parameters: {2}\(endpoint defaults\)/.test(f), "the /params output");
  h.type("dra");
  h.type("\x1b[A");
  await h.waitFor((f) => /› \/params/.test(f.split("\n").slice(-4).join("\n")), "recall /params");
  h.type("\x1b[A");
  await h.waitFor((f) => /› first question/.test(f.split("\n").slice(-4).join("\n")), "recall the question");
  h.type("\x1b[B");
  h.type("\x1b[B");
  await h.waitFor((f) => /› dra/.test(f.split("\n").slice(-4).join("\n")), "back to the draft");
  const persisted = InputHistory.load(join(h.dir, "history.jsonl")).all;
  assert.equal(persisted, ["first question", "/params"]);
});

app("Tab completes command names and endpoint names; ambiguous prefixes list the candidates", async ({ h }) => {
  h.type("/en");
  h.type("\t");
  await h.waitFor((f) => /› \/endpoints/.test(f), "/endpoints completed");
  h.type("\x15"); // Ctrl+U clears the line
  h.type("/use c");
  h.type("\t");
  await h.waitFor((f) => /› \/use chat/.test(f), "endpoint name completed");
  h.type("\x15");
  h.type("/s");
  h.type("\t");
  await h.waitFor((f) => /system {2}set {2}schema {2}save/.test(f), "the candidates");
});

app("an API error shows inline with what to do, and the REPL keeps going", async ({ h }) => {
  h.controller.conversation.endpoint = "nope";
  h.type("hello\r");
  const frame = await h.waitFor((f) => /✖/.test(f), "the error");
  assert.match(frame, /not found/i);
  assert.match(frame, /→ Run \/endpoints/);
  assert.is(h.controller.conversation.lastTurn?.user, "hello");
  assert.is(h.controller.conversation.lastTurn?.status, "error");
  h.type("/use chat\r");
  await h.waitFor((f) => /Now talking to chat/.test(f), "/use chat");
  h.type("/retry\r");
  await h.waitFor(() => h.controller.conversation.lastTurn?.status === "complete", "the retried turn");
  assert.is(h.controller.conversation.turns.length, 1);
});

app("Markdown is rendered with marked-terminal (headings, bold, code) in the scrollback", async ({ emulator }) => {
  const h = mount(emulator, { render: await loadMarkdownRenderer() });
  try {
    h.type("hi **there**\r");
    const frame = await h.waitFor((f) => /tokens · TTFT/.test(f), "the reply");
    assert.match(frame, /This is a simulated reply/); // ** markers consumed by the renderer
    assert.not.match(frame, /\*\*simulated reply\*\*/);
  } finally {
    h.unmount();
  }
});

app("a rate-limited request shows a countdown to its retry; Esc cancels the wait", async () => {
  const limited = await startSeeded(1);
  let target: Harness | undefined;
  const client = limited.client({ onRetry: (e) => target?.controller.retryScheduled(e.delayMs) });
  const h = mount(limited, { client });
  target = h;
  try {
    h.type("first\r");
    await h.waitFor(() => h.controller.conversation.lastTurn?.status === "complete", "the first turn");
    h.type("second\r");
    const frame = await h.waitFor((f) => /rate limited: retrying in \d+ s/.test(f), "the countdown");
    const seconds = Number(/retrying in (\d+) s/.exec(frame)?.[1]);
    assert.ok(seconds > 1 && seconds <= 60, String(seconds));
    h.type("\x1b");
    await h.waitFor((f) => /\[cancelled before the reply began\]/.test(f), "the cancelled wait");
    assert.not.match(h.frame().split("\n").slice(-2).join("\n"), /retrying in/);
  } finally {
    h.unmount();
    await limited.close();
  }
});

app("an endpoint the emulator forwards to a real upstream is not labelled SIMULATED", async ({ emulator }) => {
  const upstream = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of ["Real ", "answer."]) {
        res.write(`data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 1, model: "local-model", choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      }
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  const client = emulator.client();
  await client.createEndpoint({ name: "real", config: { served_entities: [{ name: "local", external_model: { name: "local-model", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: "sk-local", openai_api_base: base } } }] } });
  await client.waitForEndpoint({ endpoint: "real", timeoutMs: 10_000 });
  const h = mount(emulator);
  try {
    h.controller.setSimulated(true);
    h.type("/use real\r");
    await h.waitFor((f) => /Now talking to real/.test(f), "/use real");
    h.type("hi\r");
    const frame = await h.waitFor((f) => /tokens · TTFT|TTFT \d+ ms/.test(f) && h.controller.conversation.lastTurn?.status === "complete", "the forwarded reply");
    assert.match(frame, /Real answer\./);
    assert.is(h.controller.conversation.lastTurn?.simulated, false);
    const status = frame.split("\n").filter((l) => l.trim() !== "").pop() ?? "";
    assert.match(status, /^real · .*tokens/);
    assert.not.match(status, /SIMULATED/);
  } finally {
    h.unmount();
    await new Promise((r) => upstream.close(r));
  }
});

app.run();
