// `deployments chat` without a terminal: the built CLI as a child process, on the embedded emulator.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Conversation } from "../../src/index.js";
import { join } from "node:path";
import { tempDir } from "../helpers/temp-dir.js";
import { timeScale } from "../helpers/eventually.js";
import { cli, runChat, type ChatRun } from "./chat-cli.js";

const home = tempDir("h4-piped-");
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, DATABRICKS_DEPLOYMENTS_DATA_DIR: join(home, "data"), NO_COLOR: "1" };

const run = (args: string[], stdin?: string): Promise<ChatRun> => runChat(args, env, stdin);

const piped = suite("deployments chat, non-interactive");

piped.before(() => assert.ok(existsSync(cli), `build first: ${cli}`));

piped("a question as arguments streams the plain reply to stdout and exits 0", async () => {
  const r = await run(["-e", "chat", "What", "is", "MLflow?"]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /This is a \*\*simulated reply\*\*/);
  assert.match(r.out, /> What is MLflow\?/);
  assert.ok(r.out.endsWith("\n"));
  assert.is(r.err, "");
});

piped("a question on stdin (echo q | deployments chat -e chat) does not crash on a non-TTY", async () => {
  const r = await run(["-e", "chat"], "piped question\n");
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /> piped question/);
});

piped("arguments and stdin together: the question, then the piped text", async () => {
  const r = await run(["-e", "chat", "Summarise:"], "some document\n");
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /> Summarise:\n>\s*\n> some document/);
});

piped("--json prints the raw response, simulated label included", async () => {
  const r = await run(["-e", "chat", "--json", "--temperature", "0.5", "--max-tokens", "3", "hi"]);
  assert.is(r.code, 0, r.err);
  const body = JSON.parse(r.out) as { object: string; simulated: boolean; usage: { completion_tokens: number }; choices: Array<{ finish_reason: string }> };
  assert.is(body.object, "chat.completion");
  assert.is(body.simulated, true);
  assert.is(body.usage.completion_tokens, 3);
  assert.is(body.choices[0]?.finish_reason, "length");
});

piped("--system is sent (the simulated reply quotes the last user message, and usage counts the system prompt)", async () => {
  const plain = JSON.parse((await run(["--json", "hi"])).out) as { usage: { prompt_tokens: number } };
  const withSystem = JSON.parse((await run(["--json", "--system", "You are a very terse assistant for testing", "hi"])).out) as { usage: { prompt_tokens: number } };
  assert.ok(withSystem.usage.prompt_tokens > plain.usage.prompt_tokens, `${withSystem.usage.prompt_tokens} > ${plain.usage.prompt_tokens}`);
});

piped("an unknown endpoint exits 1 with the API error and what to do on stderr", async () => {
  const r = await run(["-e", "nope", "hi"]);
  assert.is(r.code, 1);
  assert.match(r.err, /RESOURCE_DOES_NOT_EXIST/);
  assert.match(r.err, /Endpoints here: chat, agent\. Pass one with --endpoint NAME/);
  assert.is(r.out, "");
});

piped("bad flags and nothing to ask are usage errors", async () => {
  const bad = await run(["--temperature", "7", "hi"]);
  assert.ok(bad.code !== 0);
  assert.match(bad.err, /--temperature must be a number between 0 and 2/);
  const nothing = await run([], "");
  assert.is(nothing.code, 2);
  assert.match(nothing.err, /nothing to ask/);
});

piped("an explicit target that does not resolve is reported, not emulated", async () => {
  const r = await run(["--target", "databricks://no-such-profile", "hi"]);
  assert.is(r.code, 1);
  assert.match(r.err, /no-such-profile/);
});

piped("--help lists every flag and is fast", async () => {
  const r = await run(["--help"]);
  assert.is(r.code, 0);
  for (const flag of ["--endpoint", "--target", "--system", "--temperature", "--max-tokens", "--resume", "--json", "--no-transcript"]) assert.match(r.out, new RegExp(flag));
  assert.match(r.out, /DATABRICKS_DEPLOYMENTS_DATA_DIR/);
  assert.ok(r.ms < 5000 * timeScale(), `${r.ms} ms`);
});

piped("piped mode keeps no transcript", async () => {
  await run(["hi"]);
  const dir = join(home, "data", "transcripts");
  assert.ok(!existsSync(dir) || readdirSync(dir).length === 0);
});

piped("--resume with a question continues the newest transcript and appends the turn to it", async () => {
  const dir = join(home, "data", "transcripts");
  mkdirSync(dir, { recursive: true });
  const saved = new Conversation({ endpoint: "chat", system: "Be brief." }).toJSON();
  const path = join(dir, "2026-01-01T00-00-00-000Z-chat.json");
  writeFileSync(path, JSON.stringify({ ...saved, turns: [{ id: 1, user: "earlier", reply: "earlier reply", status: "complete", endpoint: "chat", simulated: true, startedAt: saved.createdAt }] }));
  const r = await run(["--resume", "follow-up"]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /> follow-up/);
  const after = JSON.parse(readFileSync(path, "utf8")) as { turns: Array<{ user: string }> };
  assert.equal(after.turns.map((t) => t.user), ["earlier", "follow-up"]);
});

piped.run();
