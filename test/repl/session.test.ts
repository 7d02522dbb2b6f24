import { suite } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { DATA_DIR_ENV, dataDir, historyFile, transcriptsDir } from "../../repl/chat/paths.js";
import { openSession } from "../../repl/chat/session.js";
import { endpointFacts } from "../../src/index.js";
import { tempDir } from "../helpers/temp-dir.js";

const data = tempDir("h4-session-");
process.env[DATA_DIR_ENV] = data;

const paths = suite("data paths");

paths("override env var, then XDG_DATA_HOME, then ~/.local/share", () => {
  assert.is(dataDir({ [DATA_DIR_ENV]: "/x/y" }), "/x/y");
  assert.is(dataDir({ XDG_DATA_HOME: "/xdg", HOME: "/h" }), "/xdg/databricks-deployments");
  assert.is(dataDir({ XDG_DATA_HOME: "relative", HOME: "/h" }), "/h/.local/share/databricks-deployments");
  assert.is(dataDir({ HOME: "/h" }), "/h/.local/share/databricks-deployments");
  assert.is(historyFile({ HOME: "/h" }), "/h/.local/share/databricks-deployments/history.jsonl");
  assert.is(transcriptsDir({ [DATA_DIR_ENV]: "/d" }), "/d/transcripts");
});

paths.run();

const session = suite("openSession on the embedded emulator");

session("connects, picks `chat`, reads the served model, raises its own rate limit, plans a transcript", async () => {
  const s = await openSession({ target: "emulator", temperature: 0.3, maxTokens: 64, system: "Be brief." });
  try {
    assert.is(s.connection.kind, "emulator");
    assert.is(s.conversation.endpoint, "chat");
    assert.is(s.model, "openai/gpt-4");
    assert.is(s.simulated, true);
    assert.equal(s.conversation.params, { temperature: 0.3, max_tokens: 64 });
    assert.is(s.conversation.system, "Be brief.");
    assert.ok(s.transcript?.path.startsWith(join(data, "transcripts")));
    const facts = endpointFacts(await s.client.getEndpoint("chat"));
    assert.equal(facts.rateLimits, ["60 calls per minute per user"]);
    await s.conversation.send("remember me");
    s.transcript?.save(s.conversation);
  } finally {
    await s.close();
  }
});

session("--resume continues the newest transcript (turns, system prompt) in the same file", async () => {
  const s = await openSession({ target: "emulator", resume: true, temperature: 1 });
  try {
    assert.is(s.conversation.turns.length, 1);
    assert.is(s.conversation.turns[0]?.user, "remember me");
    assert.is(s.conversation.system, "Be brief.");
    assert.equal(s.conversation.params, { temperature: 1, max_tokens: 64 });
    assert.is(s.transcript?.path, s.resumedFrom);
    const turn = await s.conversation.send("and now?");
    assert.is(turn.status, "complete");
    assert.is(s.conversation.messages().length, 5); // system + 2 turns
  } finally {
    await s.close();
  }
});

session("--resume with no transcript says where it looked", async () => {
  process.env[DATA_DIR_ENV] = tempDir("h4-empty-");
  try {
    await openSession({ target: "emulator", resume: true }).then(() => assert.unreachable(), (e: Error) => {
      assert.match(e.message, /no transcript to resume in .*h4-empty-/);
    });
  } finally {
    process.env[DATA_DIR_ENV] = data;
  }
});

session("an unknown --endpoint fails before the UI starts", async () => {
  await openSession({ target: "emulator", endpoint: "nope" }).then(() => assert.unreachable(), (e: Error) => {
    assert.match(e.message, /not found[\s\S]*Endpoints here: chat/);
    assert.is((e.cause as Error).name, "NotFoundError");
  });
});

session.run();
