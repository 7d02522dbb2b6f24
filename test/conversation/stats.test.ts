import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Conversation, tokensPerSecond, turnStats, turnTokens, usageTokens } from "../../src/index.js";
import { transcript, usageSummary } from "../../src/notebook/index.js";
import { usageCommand } from "../../repl/commands/usage.js";
import type { CommandContext } from "../../repl/commands/types.js";

const stats = suite("facts for humans: tokens and speed");

// A turn that reported prompt and completion tokens but no total.
const json = {
  format: "databricks-deployments/conversation", version: 1, endpoint: "chat", params: {}, createdAt: "2026-12-01T00:00:00.000Z",
  turns: [{ id: 1, user: "Hi", reply: "Hello!", status: "complete", endpoint: "chat", simulated: false, startedAt: "2026-12-01T00:00:00.000Z", usage: { prompt_tokens: 7, completion_tokens: 3 } }],
};

stats("prompt 7 + completion 3 with no total reads 10 tokens in every view", async () => {
  const conversation = Conversation.fromJSON(json);
  const turn = conversation.turns[0]!;
  assert.is(turnTokens(turn), 10);
  assert.is(turnStats(turn), "10 tokens");
  assert.match(conversation.toMarkdown(), /<sub>10 tokens<\/sub>/);
  assert.match(transcript(conversation).markdown!, /<sub>10 tokens<\/sub>/);
  assert.match(usageSummary(conversation).text.split("\n")[2]!, /^turn 1\s+7\s+3\s+10\s/);
  assert.match(usageSummary([turn, turn]).text.split("\n")[4]!, /^total\s+14\s+6\s+20\s/);
  assert.is(conversation.totals().totalTokens, 10);
  let printed = "";
  await usageCommand.run({ conversation, print: (text: string) => { printed += text; } } as unknown as CommandContext, "");
  assert.match(printed, /^\s+1\s+complete\s+7\s+3\s+10\s/m);
  assert.match(printed, /7 prompt \+ 3 completion = 10 tokens/);
});

stats("usageTokens: the total wins; no counts at all is no number", () => {
  assert.is(usageTokens({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 12 }), 12);
  assert.is(usageTokens({ completion_tokens: 3 }), 3);
  assert.is(usageTokens({}), undefined);
  assert.is(usageTokens(undefined), undefined);
  assert.is(turnTokens({ usage: {} }), 0);
  assert.is(turnTokens({}), undefined);
});

stats("tokensPerSecond: reported tokens over the time after the first text; one piece says nothing", () => {
  assert.is(tokensPerSecond({ completionTokens: 50, textChunks: 48, firstTextAtMs: 100, endedAtMs: 1100 }), 50);
  assert.is(tokensPerSecond({ textChunks: 10, firstTextAtMs: 0, endedAtMs: 500 }), 20);
  assert.is(tokensPerSecond({ completionTokens: 50, textChunks: 1, firstTextAtMs: 0, endedAtMs: 500 }), undefined);
  assert.is(tokensPerSecond({ textChunks: 5, endedAtMs: 500 }), undefined);
  assert.is(tokensPerSecond({ completionTokens: 0, textChunks: 5, firstTextAtMs: 0, endedAtMs: 500 }), undefined);
});

stats.run();
