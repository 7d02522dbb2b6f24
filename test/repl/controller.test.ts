// The ChatController without Ink: what reaches the snapshot when replies settle.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Conversation } from "../../src/index.js";
import { ChatController } from "../../repl/chat/controller.js";
import { InputHistory } from "../../repl/chat/input-history.js";
import type { ChatClient } from "../../repl/chat/types.js";
import { COMMANDS } from "../../repl/commands/index.js";

/** Streams `pieces`, then (when `hang`) waits until the request is aborted. */
function client(pieces: unknown[], hang = false): ChatClient {
  return {
    listEndpoints: async () => [{ name: "fake" }],
    getEndpoint: async () => ({ name: "fake" }),
    predictStream: ({ signal }) => (async function* () {
      for (const piece of pieces) {
        await new Promise((r) => setTimeout(r, 1));
        yield piece;
      }
      if (hang) await new Promise((resolve) => signal?.addEventListener("abort", resolve, { once: true }));
    })(),
  };
}

function setup(c: ChatClient): ChatController {
  return new ChatController({
    client: c, conversation: new Conversation({ client: c, endpoint: "fake" }), session: { kind: "databricks", description: "fake" },
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 1, writeTerminal: () => undefined,
  });
}

async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const s = suite("ChatController");

for (const command of ["/clear", "/load"] as const) {
  s(`${command} while a reply streams: the cancelled reply does not land in the new scrollback`, async () => {
    const controller = setup(client([{ choices: [{ index: 0, delta: { content: "old partial" } }] }], true));
    await controller.submit("question");
    await until(() => controller.getSnapshot().live === "old partial", "the partial reply on screen");
    const old = controller.conversation;
    if (command === "/clear") await controller.submit("/clear");
    else controller.replaceConversation(new Conversation({ endpoint: "fake" }));
    await until(() => !old.streaming, "the old reply settled");
    await new Promise((r) => setTimeout(r, 10));
    const snapshot = controller.getSnapshot();
    assert.equal(snapshot.items.filter((i) => i.kind === "assistant"), []);
    assert.is(snapshot.streaming, false);
    assert.is(snapshot.live, undefined);
  });
}

s("the status line counts tokens like Conversation.totals() (prompt + completion without total_tokens)", async () => {
  const controller = setup(client([{ model: "m", choices: [{ index: 0, delta: { content: "hi" } }], usage: { prompt_tokens: 7, completion_tokens: 3 } }]));
  await controller.submit("question");
  await until(() => !controller.getSnapshot().streaming && controller.conversation.turns.length === 1, "the reply");
  assert.is(controller.conversation.totals().totalTokens, 10);
  assert.is(controller.getSnapshot().status.sessionTokens, 10);
  const last = controller.getSnapshot().items.at(-1);
  assert.ok(last?.kind === "assistant" && last.stats?.includes("10 tokens"), "the stats line counts them too");
});

s.run();
