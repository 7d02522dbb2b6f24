// %% [markdown]
// # Batch prompts over a dataset
//
// Prototyping often means running one prompt over a few hundred rows and reading what came back.
// `client.predictBatch()` does the loop for you: a shared concurrency window, a 429 that pauses
// the **whole batch** for its `Retry-After` (and halves the window, which climbs back as calls
// succeed), rows yielded as they finish, and constant memory however many rows there are. A row
// the server may have processed is never sent twice: it comes back as a failed row with its error.
//
// The emulator here runs its rate limits on a fast clock: a limit's "minute" lasts 2 seconds, and
// the endpoint below allows 8 calls per "minute", so the batch meets the limit and waits it out.

// %%
import { readFileSync } from "node:fs";
import { z } from "zod";
import { connect } from "databricks-deployments/emulator";
import { show, batchProgress, batchTable } from "databricks-deployments/notebook";
const { client, description, emulator, close } = await connect({
  emulator: { rateLimitWindowMs: 2000, streamDelayMs: 0 },
});
console.log(`Connected to the ${description}`);

// %% [markdown]
// ## The dataset and the prompt
//
// `notebooks/data/reviews.jsonl` holds 24 short product reviews, one JSON object per line. The
// prompt is a template filled from each row's fields.

// %%
type Review = { product: string; review: string };
const reviews = readFileSync("data/reviews.jsonl", "utf8").trim().split("\n")
  .map((line) => JSON.parse(line) as Review);
const prompt = (r: Review) =>
  `Is this review of a ${r.product} positive, negative or mixed? Review: ${r.review}`;
const rows = reviews.map((r) => ({
  messages: [{ role: "user" as const, content: prompt(r) }],
  max_tokens: 24,
}));
console.log(`${rows.length} rows; the first prompt: ${rows[0]!.messages[0]!.content}`);
// predictBatch yields rows as they finish; this gathers them (tslab has no top-level `for await`).
async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of results) out.push(r);
  return out;
}

// %% [markdown]
// An endpoint for the batch, with a limit of 8 calls per (2-second) minute.

// %%
await client.createEndpoint({
  name: "reviews",
  config: {
    served_entities: [{
      name: "gpt-4",
      external_model: {
        name: "gpt-4",
        provider: "openai",
        task: "llm/v1/chat",
        openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" },
      },
    }],
  },
  rate_limits: [{ key: "endpoint", renewal_period: "minute", calls: 8 }],
} as Parameters<typeof client.createEndpoint>[0]);
const ready = await client.waitForEndpoint({ endpoint: "reviews" });
const limits = ready.rate_limits?.map((l) => `${l.calls} calls per ${l.renewal_period} (${l.key})`);
console.log(`reviews: ${ready.state?.ready}, ${limits?.join(", ")}`);

// %% [markdown]
// ## Run it, with a live progress display
//
// `batchProgress()` gives an `onProgress` for `predictBatch`: one display that is redrawn in
// place — rows done, failed and in flight, rows/s, ETA, tokens, the current concurrency, and the
// time spent waiting on rate limits.

// %%
const progress = batchProgress({ title: "reviews" });
const answers = await collect(client.predictBatch({
  endpoint: "reviews", inputs: rows, concurrency: 4, onProgress: progress.onProgress,
}));
const p = progress.last()!;
const waited = (p.rateLimitWaitMs / 1000).toFixed(1);
console.log(`${p.answered} answered, ${p.failed} failed; `
  + `${p.retried} calls were turned away (429) and re-sent; ${waited} s waiting on rate limits`);

// %% [markdown]
// The results as a table, by row (they arrived in completion order):

// %%
show(batchTable(answers, { width: 60 }));

// %% [markdown]
// ## Structured output per row, and what a failure looks like
//
// `schema` is `predict`'s own structured-output option, applied to every row: each answer carries
// `choices[0].message.parsed`, validated with the schema. Below, one call fails on the server
// side with a 500 (an injected fault): the model may have run, so the row is **not** sent again;
// it is recorded as failed, and the table highlights it.

// %%
const Verdict = z.object({
  sentiment: z.enum(["positive", "negative", "mixed"]),
  reason: z.string(),
});
emulator?.faults.next("POST /serving-endpoints/reviews/invocations", { status: 500 });
const labelled = await collect(client.predictBatch({
  endpoint: "reviews",
  inputs: rows.slice(0, 8).map((row) => ({ ...row, max_tokens: 128 })),
  schema: Verdict,
  concurrency: 2,
  onProgress: batchProgress({ title: "reviews, structured" }).onProgress,
}));
show(batchTable(labelled, { width: 50 }));
const failed = labelled.find((r) => r.error);
const why = failed && `${failed.error!.name} (${failed.error!.message.split("\n")[0]})`;
console.log(
  failed ? `row ${failed.index} failed after ${failed.attempts} attempt: ${why}` : "no row failed",
);
const first = labelled.find((r) => !r.error);
console.log(`a parsed answer: ${JSON.stringify(first?.output?.choices[0]?.message.parsed)}`);

// %% [markdown]
// ## The same from the command line, and at scale
//
// `deployments batch -e reviews --input data/reviews.jsonl --template prompt.txt
// --output answers.jsonl` runs the same loop from a terminal: answers appended as they come,
// resumable after a crash, a progress bar, a summary. When a dataset outgrows one machine,
// `--print-sql TABLE` prints the equivalent `ai_query` statement for a Databricks SQL warehouse
// (see docs/batch.md).
//
// Clean up:

// %%
await client.deleteEndpoint("reviews");
await close();
