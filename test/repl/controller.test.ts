// The ChatController without Ink: what reaches the snapshot when replies settle.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as library from "../../src/index.js";
import { Conversation } from "../../src/index.js";
import { ChatController } from "../../repl/chat/controller.js";
import { InputHistory } from "../../repl/chat/input-history.js";
import { COMMANDS } from "../../repl/commands/index.js";
import { eventually } from "../helpers/eventually.js";
import { scriptedClient, textChunks, type ScriptedClient } from "../helpers/scripted-client.js";

/** Streams `pieces`, then (when `hang`) waits until the request is aborted. */
const client = (pieces: unknown[], hang = false) => scriptedClient([{ chunks: pieces, hang }]);

function setup(c: ScriptedClient): ChatController {
  return new ChatController({
    client: c, conversation: new Conversation({ client: c, endpoint: "fake" }), session: { kind: "databricks", description: "fake" }, library,
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 1, writeTerminal: () => undefined,
  });
}

const until = (test: () => boolean, what: string) => eventually(test, { message: what });

const s = suite("ChatController");

for (const command of ["/clear", "/load"] as const) {
  s(`${command} while a reply streams: the cancelled reply does not land in the new scrollback`, async () => {
    const fake = client([{ choices: [{ index: 0, delta: { content: "old partial" } }] }], true);
    const controller = setup(fake);
    await controller.submit("question");
    await fake.parked; // the whole partial reply has been streamed; the request hangs until aborted
    await until(() => controller.getSnapshot().live === "old partial", "the partial reply on screen");
    const old = controller.conversation;
    if (command === "/clear") await controller.submit("/clear");
    else controller.replaceConversation(new Conversation({ endpoint: "fake" }));
    await until(() => !old.streaming, "the old reply settled");
    // Negative assertions: give a late flush (flushMs 1) every chance to land before looking.
    await new Promise((r) => setTimeout(r, 10));
    const snapshot = controller.getSnapshot();
    assert.equal(snapshot.items.filter((i) => i.kind === "assistant"), []);
    assert.is(snapshot.streaming, false);
    assert.is(snapshot.live, undefined);
  });
}

s("the reply is read once per flushMs (batchMs) and its first text is drawn at once, not a flushMs later", async () => {
  const fake = scriptedClient([{ chunks: textChunks(["first", " second"]), pauseAt: 1 }]);
  const controller = new ChatController({
    client: fake, conversation: new Conversation({ client: fake, endpoint: "fake" }), session: { kind: "databricks", description: "fake" }, library,
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 60_000, writeTerminal: () => undefined,
  });
  await controller.submit("question");
  await fake.parked;
  // A trailing-edge batch would show it only after 60 s: the backstop would fail this first.
  await until(() => controller.getSnapshot().live === "first", "the first text drawn without waiting out flushMs");
  assert.is(fake.calls[0]?.batchMs, 1000, "read once per frame, at most once a second");
  fake.release();
  await until(() => !controller.getSnapshot().streaming, "the reply ended");
  assert.is(controller.conversation.turns[0]?.reply, "first second");
});

s("the status line counts tokens like Conversation.totals() (prompt + completion without total_tokens)", async () => {
  const controller = setup(client([{ model: "m", choices: [{ index: 0, delta: { content: "hi" } }], usage: { prompt_tokens: 7, completion_tokens: 3 } }]));
  await controller.submit("question");
  await until(() => !controller.getSnapshot().streaming && controller.conversation.turns.length === 1, "the reply");
  assert.is(controller.conversation.totals().totalTokens, 10);
  assert.is(controller.getSnapshot().status.sessionTokens, 10);
  const last = controller.getSnapshot().items.at(-1);
  assert.ok(last?.kind === "assistant" && last.stats?.includes("10 tokens"), "the stats line counts them too");
});

s("created connecting (the prompt before the session): what is submitted waits, then runs in order on attach", async () => {
  const fake = client([{ model: "m", choices: [{ index: 0, delta: { content: "hello" } }] }]);
  const controller = new ChatController({
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 1, writeTerminal: () => undefined, connecting: true,
  });
  assert.ok(controller.connecting);
  assert.is(controller.getSnapshot().status.activity, "connecting…");
  assert.is(controller.getSnapshot().status.endpoint, "…");
  // Esc, the input's checks and leaving all work before there is a conversation.
  assert.not.ok(controller.cancel(), "nothing to cancel");
  assert.ok(controller.accepts("question"));
  assert.is(await controller.client.listEndpoints().then(() => "reached", (e: Error) => e.message), "not connected yet", "no server is reached");
  await controller.submit("/help");
  await controller.submit("question");
  assert.equal(controller.getSnapshot().items, [], "nothing runs before the session exists");
  assert.is(controller.getSnapshot().status.activity, "connecting… (2 waiting)");
  assert.equal(controller.history.all, []);
  await controller.attach({ client: fake, conversation: new Conversation({ client: fake, endpoint: "fake" }), session: { kind: "emulator", description: "fake" }, library });
  assert.not.ok(controller.connecting);
  await until(() => !controller.getSnapshot().streaming && controller.conversation.turns.length === 1, "the queued message answered");
  const kinds = controller.getSnapshot().items.map((i) => i.kind);
  assert.equal(kinds, ["info", "user", "assistant"], "/help first, then the message and its reply");
  assert.is(controller.conversation.turns[0]?.reply, "hello");
  assert.is(fake.calls.length, 1);
  const status = controller.getSnapshot().status;
  assert.is(status.activity, undefined);
  assert.is(status.endpoint, "fake");
  assert.is(status.kind, "emulator");
  assert.equal(controller.history.all, ["/help", "question"]);
});

s.run();
