// %% [markdown]
// # Streaming replies and multi-turn conversations
//
// `predictStream` returns the reply as it is generated: an async iterable of chat-completion
// chunks (server-sent events on the wire, decoded for you). On top of it, a `Conversation` keeps
// the system prompt, the generation parameters and the turns, and measures every reply: usage,
// time to first token, tokens per second. This notebook streams a reply, holds a conversation,
// cancels a reply half-way, and saves the transcript.
//
// On the emulator the replies come from its simulated model, paced like a real one (20 ms per
// token) and labelled `"simulated": true`.

// %%
import { connect } from "databricks-deployments/emulator";
const { client, kind, description, close } = await connect();
console.log(`Connected to the ${description}`);

// %%
import { Conversation } from "databricks-deployments";
import {
  show, renderStream, transcript, usageSummary, endpointCard,
} from "databricks-deployments/notebook";

// %% [markdown]
// The emulator starts with the `chat` endpoint of the MLflow docs, limited to 5 calls per user
// per minute. This notebook makes more calls than that, so on the emulator it raises the limit
// first (notebook 4 is about hitting it on purpose).

// %%
if (kind === "emulator") {
  await client.updateEndpointRateLimits({
    endpoint: "chat",
    config: { rate_limits: [{ key: "user", renewal_period: "minute", calls: 100 }] },
  });
}
show(endpointCard(await client.getEndpoint("chat")));

// %% [markdown]
// ## `predictStream`, rendered live
//
// tslab runs top-level `await` but not a top-level `for await`, so `renderStream` does the loop:
// it shows the reply growing in one output while it streams (text deltas on stdout outside a
// notebook) and returns the whole text with the figures of the stream.

// %%
const streamed = await renderStream(client.predictStream({
  endpoint: "chat",
  inputs: {
    messages: [{ role: "user", content: "Explain what a serving endpoint is, in two sentences." }],
    max_tokens: 120,
  },
}));
show(usageSummary({
  label: "predictStream",
  usage: streamed.usage,
  timeToFirstTokenMs: streamed.timeToFirstTokenMs,
  durationMs: streamed.durationMs,
  tokensPerSecond: streamed.tokensPerSecond,
}));
const { chunks, finishReason, model, simulated } = streamed;
console.log({ chunks, finishReason, model, simulated });

// %% [markdown]
// ### The chunks themselves
//
// Each chunk is the OpenAI-compatible `chat.completion.chunk` Databricks sends. To loop over them
// yourself in a notebook, put the `for await` inside a function; `break` stops the request.

// %%
async function firstChunks(count: number) {
  const seen: unknown[] = [];
  const inputs = { messages: [{ role: "user" as const, content: "Hi" }] };
  for await (const chunk of client.predictStream({ endpoint: "chat", inputs })) {
    seen.push(chunk);
    if (seen.length === count) break;
  }
  return seen;
}
show(await firstChunks(2));

// %% [markdown]
// ## A conversation
//
// `send()` streams the reply and returns a `Reply`: iterate it, listen to it, or await it for the
// finished turn. Every request carries the system prompt and the previous turns as `messages`.

// %%
const conversation = new Conversation({
  client: client, // (tslab: a variable from another cell needs the long form, not `{ client }`)
  endpoint: "chat",
  system: "You are a concise assistant for Databricks Model Serving.",
  params: { temperature: 0.2, max_tokens: 150 },
});
const turn1 = await renderStream(conversation.send("What does an external model endpoint do?"));

// %%
const turn2 = await renderStream(
  conversation.send("And how do I keep the provider's API key out of the config?"),
);

// %% [markdown]
// The conversation so far, and what each turn cost:

// %%
show(transcript(conversation));
show(usageSummary(conversation));
console.log(conversation.totals());

// %% [markdown]
// `retry()` regenerates the last reply from the same question (the old one is replaced), and the
// next request sees exactly these `messages`:

// %%
const retried = await renderStream(conversation.retry());
const short = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);
console.log(conversation.messages().map((m) => `${m.role}: ${short(m.content)}`).join("\n"));

// %% [markdown]
// ## Cancelling a reply
//
// Every call takes an `AbortSignal`. A cancelled turn keeps its partial text and is marked
// `cancelled`; the request is aborted, so nothing keeps streaming in the background.

// %%
const cancelled = await conversation.send("Write a long essay about rate limits.", {
  signal: AbortSignal.timeout(200),
});
const kept = cancelled.reply;
const preview = `"${kept.slice(0, 80)}…"`;
console.log(`status: ${cancelled.status}; kept ${kept.length} characters: ${preview}`);

// %% [markdown]
// ## Saving the transcript
//
// `toJSON()` is a plain, credential-free object (`Conversation.fromJSON` reads it back, and with
// a client the conversation continues); `toMarkdown()` is for people.

// %%
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const folder = join(tmpdir(), "databricks-deployments-notebooks");
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, "conversation.json"), JSON.stringify(conversation, null, 2));
writeFileSync(join(folder, "conversation.md"), conversation.toMarkdown());
console.log(`saved ${conversation.turns.length} turns to ${folder}/conversation.{json,md}`);

const saved = readFileSync(join(folder, "conversation.json"), "utf8");
const restored = Conversation.fromJSON(saved, { client: client });
const more = await renderStream(
  restored.send("One more thing: summarise our conversation in one line."),
);
show(usageSummary(restored));

// %% [markdown]
// Stop the emulator, if one was started.

// %%
await close();
