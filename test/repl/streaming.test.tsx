// How a streaming reply reaches the screen: paragraphs move to the scrollback as they finish,
// never splitting a code fence; the live area stays shorter than the terminal. A scripted client
// controls the chunk boundaries exactly.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { render } from "ink-testing-library";
import * as library from "../../src/index.js";
import { Conversation } from "../../src/index.js";
import { ChatController } from "../../repl/chat/controller.js";
import { InputHistory } from "../../repl/chat/input-history.js";
import { COMMANDS } from "../../repl/commands/index.js";
import { App } from "../../repl/ui/App.js";
import { loadMarkdownRenderer, plainRenderer } from "../../repl/ui/render-markdown.js";
import { openFence } from "../../repl/chat/split-markdown.js";
import { strip } from "./harness.js";
import { eventually } from "../helpers/eventually.js";
import { scriptedClient, textChunks, type ScriptedClient } from "../helpers/scripted-client.js";

/** Streams `pieces`, pausing before piece `pauseAt` until released (`parked` says it got there). */
const scripted = (pieces: string[], pauseAt = -1, gapMs = 1) => scriptedClient([{ chunks: textChunks(pieces), pauseAt, gapMs }]);

function setup(client: ScriptedClient, render$ = plainRenderer) {
  const controller = new ChatController({
    client, conversation: new Conversation({ client, endpoint: "fake" }), session: { kind: "databricks", description: "fake" }, library,
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 5, writeTerminal: () => undefined,
  });
  const app = render(<App controller={controller} render={render$} />);
  const waitFor = (test: () => boolean, what: string) => eventually(test, { intervalMs: 5, message: () => `${what}\n${strip(app.lastFrame())}` });
  return { controller, app, waitFor };
}

const s = suite("streaming into the scrollback");

s("finished paragraphs move to <Static> mid-reply; a code fence is never split, even across blank lines", async () => {
  const reply = "First paragraph.\n\nSecond one.\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nLast words.";
  const pieces = reply.match(/.{1,3}/gs) ?? [];
  const pauseAt = reply.indexOf("const b") / 3;
  const client = scripted(pieces, Math.floor(pauseAt));
  const { controller, app, waitFor } = setup(client);
  app.stdin.write("go\r");
  // The script stops at the gate: everything before it has been sent; wait for the flush to show it.
  await client.parked;
  await waitFor(() => (controller.getSnapshot().live ?? "").endsWith("const a = 1;\n\n"), "everything before the gate on screen");
  assert.ok(controller.getSnapshot().items.some((i) => i.kind === "assistant" && /Second one/.test(i.text)), "paragraphs moved");
  const mid = controller.getSnapshot();
  assert.ok(mid.streaming);
  assert.match(mid.live ?? "", /^```ts\nconst a = 1;\n\n/, "the open fence stays live as one block");
  client.release();
  await waitFor(() => !controller.getSnapshot().streaming, "the end");
  const parts = controller.getSnapshot().items.flatMap((i) => (i.kind === "assistant" ? [i.text] : []));
  assert.is(parts.join(""), reply);
  for (const part of parts) assert.is(openFence(part), undefined, `part splits a fence: ${JSON.stringify(part)}`);
  app.unmount();
});

s("one endless paragraph: the live area shows a bounded tail, the whole reply lands in the scrollback at the end", async () => {
  const lines = Array.from({ length: 120 }, (_, i) => `line ${i} of a paragraph that never ends`);
  const client = scripted(lines.map((l) => l + "\n"), 100);
  const { controller, app, waitFor } = setup(client);
  app.stdin.write("go\r");
  await client.parked;
  await waitFor(() => (controller.getSnapshot().live ?? "").includes("line 99 "), "most lines streamed");
  // Assert on the frame once the frame has caught up with the snapshot, not after a fixed sleep.
  await waitFor(() => /line 99 /.test(strip(app.lastFrame())) && /… \d+ more lines above/.test(strip(app.lastFrame())), "the bounded tail on screen");
  const frame = strip(app.lastFrame());
  const liveHeight = frame.split("\n").length - frame.split("\n").findIndex((l) => l.startsWith("› go")) - 1;
  assert.ok(liveHeight < 30, `live area ${liveHeight} lines`);
  client.release();
  await waitFor(() => !controller.getSnapshot().streaming, "the end");
  assert.match(strip(app.lastFrame()), /line 0 of a paragraph[\s\S]*line 119 of a paragraph/);
  app.unmount();
});

s("one long paragraph (no newlines, longer than width × height): the live area stays shorter than the screen", async () => {
  // Rendered wrapped at the width (reflowText), so LiveReply's line budget counts screen rows.
  const pieces = Array.from({ length: 60 }, (_, p) => Array.from({ length: 20 }, (_, i) => `word${p * 20 + i} `).join(""));
  const client = scripted(pieces, 55);
  const { controller, app, waitFor } = setup(client, await loadMarkdownRenderer());
  app.stdin.write("go\r");
  await client.parked;
  await waitFor(() => (controller.getSnapshot().live ?? "").includes("word1099 "), "most words streamed");
  await waitFor(() => /word1099/.test(strip(app.lastFrame())), "the last word before the gate on screen");
  const frame = strip(app.lastFrame());
  assert.ok(frame.split("\n").length <= 30, `frame ${frame.split("\n").length} rows on a 30-row screen`);
  assert.match(frame, /… \d+ more lines above/);
  client.release();
  await waitFor(() => !controller.getSnapshot().streaming, "the end");
  app.unmount();
});

s("the resize listener is added once, not again on every streamed update", async () => {
  const client = scripted(Array.from({ length: 50 }, (_, i) => `t${i} `));
  const { controller, app, waitFor } = setup(client);
  let added = 0;
  const on = app.stdout.on.bind(app.stdout);
  app.stdout.on = ((event: string, listener: (...args: unknown[]) => void) => {
    if (event === "resize") added++;
    return on(event, listener);
  }) as typeof app.stdout.on;
  app.stdin.write("go\r");
  await waitFor(() => controller.conversation.lastTurn?.status === "complete", "the end");
  assert.is(added, 0);
  app.unmount();
});

s("streamed text reaches React in batches, not once per token", async () => {
  // Tokens arrive back to back (as from a fast stream): a timer-paced script would measure the machine's load.
  const pieces = Array.from({ length: 400 }, (_, i) => `t${i} `);
  const client = scripted(pieces, -1, 0);
  const { controller, app, waitFor } = setup(client);
  let updates = 0;
  controller.subscribe(() => updates++);
  app.stdin.write("go\r");
  await waitFor(() => controller.conversation.lastTurn?.status === "complete", "the end");
  assert.ok(updates < 40, `${updates} updates for 400 tokens`);
  app.unmount();
});

s("code blocks are highlighted by marked-terminal; the fences themselves are not shown", async () => {
  const client = scripted(["Here:\n\n```js\nconst x = 42;\n```\n\nDone."]);
  const { controller, app, waitFor } = setup(client, await loadMarkdownRenderer());
  app.stdin.write("go\r");
  await waitFor(() => controller.conversation.lastTurn?.status === "complete", "the end");
  const frame = strip(app.lastFrame());
  assert.match(frame, /const x = 42;/);
  assert.not.match(frame, /```/);
  app.unmount();
});

s.run();
