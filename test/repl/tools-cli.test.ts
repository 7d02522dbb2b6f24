// `deployments chat --demo-tools` / `--tools FILE` / `-e agent` as a newcomer runs them: the built
// CLI as a child process on the embedded emulator, no code written.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp-dir.js";
import { cli, root, runChat, type ChatRun } from "./chat-cli.js";

const home = tempDir("tools-cli-");
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, DATABRICKS_DEPLOYMENTS_DATA_DIR: join(home, "data"), NO_COLOR: "1" };

const run = (args: string[]): Promise<ChatRun> => runChat(["-t", "emulator", ...args], env);

const test = suite("deployments chat with tools and the agent endpoint (CLI)");
test.before(() => assert.ok(existsSync(cli), `build first: ${cli}`));

test("--demo-tools: a whole tool loop on the emulator; the call on stderr, the answer on stdout", async () => {
  const r = await run(["--demo-tools", "get weather in Paris"]);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /⚙ get_weather \{"city":"example","unit":"c"\} → \{"city":"example","temperature":-?\d+,.*"source":"demo"\} \(\d+ ms\)/);
  assert.match(r.out, /"source":"demo"/, "the answer quotes the tool result");
});

test("--tools FILE loads tool() objects from a module; a missing file is a clear error", async () => {
  const ok = await run(["--tools", join(root, "test", "fixtures", "tools", "explode-tools.mjs"), "explode please"]);
  assert.is(ok.code, 0, ok.err);
  assert.match(ok.err, /⚙ explode \{\} → error: kaboom/);
  const missing = await run(["--tools", "no-such-tools.mjs", "hi"]);
  assert.is(missing.code, 1);
  assert.match(missing.err, /--tools no-such-tools\.mjs: no such file/);
});

test("-e agent: the seeded ResponsesAgent answers; --json shows its Responses object", async () => {
  const r = await run(["-e", "agent", "Hello agent"]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /> Hello agent/);
  assert.match(r.out, /main\.agents\.agent/);
  const json = await run(["-e", "agent", "--json", "Hello agent"]);
  assert.is(json.code, 0, json.err);
  const body = JSON.parse(json.out);
  assert.is(body.object, "response");
  assert.equal(body.custom_outputs, {});
});

test.run();
