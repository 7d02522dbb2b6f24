import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  endpointCard, endpointsTable, errorView, escapeHtml, jsonDifferences, jsonView, payloadComparison, redactSecrets,
  Rendered, renderStream, show, transcript, tslabDisplay, usageSummary, type NotebookDisplay,
} from "../../src/notebook/index.js";
import { RateLimitError, ValidationError } from "../../src/index.js";
import { eventually } from "../helpers/eventually.js";

// An endpoint as a careless server (or a caller echoing its own payload) might hand it over:
// plaintext keys next to secret references, HTML in names, tags and messages.
const PLAINTEXT = "sk-plaintext-do-not-show-1234567890";
const leaky = {
  name: "chat<script>alert(1)</script>",
  state: { ready: "READY", config_update: "NOT_UPDATING" },
  task: "llm/v1/chat",
  creator: "me@example.com",
  creation_timestamp: 1_700_000_000_000,
  config: {
    config_version: 2,
    served_entities: [
      {
        name: "gpt-4",
        external_model: {
          provider: "openai", name: "gpt-4", task: "llm/v1/chat",
          openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}", openai_api_key_plaintext: PLAINTEXT },
        },
        state: { deployment: "DEPLOYMENT_READY" },
      },
      {
        name: "claude",
        external_model: { provider: "anthropic", name: "claude-3", task: "llm/v1/chat", anthropic_config: { anthropic_api_key_plaintext: PLAINTEXT } },
      },
    ],
    traffic_config: { routes: [{ served_entity_name: "gpt-4", traffic_percentage: 80 }, { served_entity_name: "claude", traffic_percentage: 20 }] },
  },
  tags: [{ key: "foo", value: "<b>bar</b>" }, { key: "team" }],
  rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }],
  ai_gateway: { usage_tracking_config: { enabled: true }, rate_limits: [{ calls: 100, tokens: 5000, key: "endpoint", renewal_period: "minute" }] },
};

function recorder() {
  const log: Array<[string, string]> = [];
  const live: string[] = [];
  const display: NotebookDisplay = {
    html: (s) => log.push(["html", s]),
    markdown: (s) => log.push(["markdown", s]),
    text: (s) => log.push(["text", s]),
    newDisplay: () => ({ html: (s) => live.push(s), markdown: (s) => live.push(s), text: (s) => live.push(s) }),
  };
  return { log, live, display };
}

const all = (r: Rendered) => [r.html, r.text, r.markdown ?? ""].join("\n");

const secrets = suite("nothing secret, nothing unescaped");

secrets("endpoint table and card mask plaintext keys, keep secret references, escape HTML", () => {
  for (const rendered of [endpointsTable([leaky]), endpointCard(leaky), jsonView(leaky), payloadComparison(leaky, leaky)]) {
    const text = all(rendered);
    assert.not.ok(text.includes(PLAINTEXT), "a plaintext key leaked");
    assert.not.ok(rendered.html.includes("<script>"), "HTML not escaped");
    assert.not.ok(rendered.html.includes("<b>bar</b>"), "tag value not escaped");
  }
  assert.match(endpointCard(leaky).text, /\{\{secrets\/my-scope\/openai-api-key\}\}/);
  assert.match(jsonView(leaky).text, /"openai_api_key_plaintext": "••••••"/);
});

secrets("redactSecrets masks credential fields, leaves references, counts and the input alone", () => {
  const input = {
    max_tokens: 64,
    bearer_token_auth: { token: "abc123", token_plaintext: "xyz" },
    api_key_auth: { key: "X-Key", value: "{{secrets/s/k}}" },
    string_value: "the secret",
    usage: { prompt_tokens: 3 },
  };
  const out = redactSecrets(input);
  assert.equal(out, {
    max_tokens: 64,
    bearer_token_auth: { token: "••••••", token_plaintext: "••••••" },
    api_key_auth: { key: "X-Key", value: "{{secrets/s/k}}" },
    string_value: "••••••",
    usage: { prompt_tokens: 3 },
  });
  assert.is(input.string_value, "the secret");
});

secrets("escapeHtml escapes the five characters", () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

secrets.run();

const tables = suite("endpoint views");

tables("the table has a row per endpoint with state, task, entities, tags and rate limits", () => {
  const table = endpointsTable([leaky, { name: "empty" }]);
  assert.match(table.text, /^2 serving endpoints/);
  const lines = table.text.split("\n");
  assert.is(lines.length, 5);
  assert.match(lines[1]!, /name\s+state\s+task\s+served entities\s+tags\s+rate limits/);
  assert.match(table.text, /READY · NOT_UPDATING/);
  assert.match(table.html, /gpt-4 → openai gpt-4 \(llm\/v1\/chat\), key \{\{secrets\/my-scope\/openai-api-key\}\} \[READY\]/);
  assert.match(table.html, /5 calls per minute per user/);
  assert.match(table.html, /100 calls \+ 5000 tokens per minute per endpoint \(AI gateway\)/);
  assert.match(table.html, /foo=&lt;b&gt;bar&lt;\/b&gt;<br>team/);
  assert.is((table.html.match(/<tr>/g) ?? []).length, 3);
  assert.is(endpointsTable([]).text, "No serving endpoints.");
});

tables("the card shows traffic, gateway, config version and times", () => {
  const card = endpointCard(leaky).text;
  assert.match(card, /traffic\s+gpt-4 80%\n\s+claude 20%/);
  assert.match(card, /AI gateway\s+usage tracking/);
  assert.match(card, /config version\s+2/);
  assert.match(card, /created 2023-11-14T22:13:20Z/);
  const pending = endpointCard({ name: "new", state: { ready: "NOT_READY", config_update: "IN_PROGRESS" }, pending_config: { config_version: 1, served_entities: [{ name: "m-1", entity_name: "main.default.m", entity_version: "1" }] } });
  assert.match(pending.text, /^new — NOT_READY · IN_PROGRESS/);
  assert.match(pending.text, /m-1 → main\.default\.m v1/);
  assert.match(pending.text, /pending update\s+config version 1/);
});

tables.run();

const views = suite("transcript, usage, payloads, errors");

views("transcript of a conversation: turns, stats, escaped HTML, code kept", () => {
  const t = transcript({
    endpoint: "chat",
    system: "Be brief.",
    turns: [
      { user: "Say <hi>", reply: "Hello `<b>` there", status: "complete", model: "gpt-4", simulated: true, usage: { total_tokens: 12 }, timeToFirstTokenMs: 41.6, tokensPerSecond: 99.04 },
      { user: "again", reply: "", status: "error", error: { name: "RateLimitError", message: "429 REQUEST_LIMIT_EXCEEDED" } },
    ],
  });
  assert.ok(t.markdown);
  assert.match(t.markdown!, /\*\*Conversation with `chat`\*\*/);
  assert.match(t.markdown!, /Say &lt;hi>/);
  assert.match(t.markdown!, /Hello `<b>` there/);
  // The REPL's stats line (turnStats), word for word.
  assert.match(t.markdown!, /gpt-4 · simulated · 12 tokens · TTFT 42 ms · 99\.0 tok\/s/);
  assert.match(t.markdown!, /failed: RateLimitError: 429 REQUEST_LIMIT_EXCEEDED/);
  assert.not.ok(t.html.includes("<hi>"));
  const plain = transcript([{ role: "user", content: "Hi" }, { role: "assistant", content: [{ type: "text", text: "Hello!" }] }]);
  assert.match(plain.text, /^You:\n  Hi\n\nAssistant:\n  Hello!/m);
});

views("usage summary: per turn, totals, from a usage object or rows", () => {
  const u = usageSummary({ turns: [
    { user: "a", reply: "b", usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, timeToFirstTokenMs: 20, tokensPerSecond: 50 },
    { user: "c", reply: "d", usage: { prompt_tokens: 20, completion_tokens: 7 } },
  ] });
  const lines = u.text.split("\n");
  assert.match(lines[2]!, /^turn 1\s+10\s+5\s+15\s+20\s+—\s+50\.0$/);
  assert.match(lines[3]!, /^turn 2\s+20\s+7\s+27/);
  // The total counts turn 2's prompt + completion, as the REPL's /usage does.
  assert.match(lines[4]!, /^total\s+30\s+12\s+42/);
  assert.match(usageSummary({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }).text, /usage\s+1\s+2\s+3/);
  assert.match(usageSummary({ label: "predict", durationMs: 12.4 }).html, /<b>predict<\/b>/);
});

views("payload comparison: equal regardless of key order, differences by path", () => {
  assert.equal(jsonDifferences({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }), []);
  assert.equal(jsonDifferences({ a: 1, b: { c: [1, 2] }, d: 1 }, { a: 2, b: { c: [1] }, e: 1 }), ["a", "b.c[1]", "d", "e"]);
  assert.match(payloadComparison({ x: 1 }, { x: 1 }).text, /^✔ equal/);
  assert.match(payloadComparison({ x: 1 }, { x: 2 }, { leftTitle: "builder", rightTitle: "docs" }).text, /^✘ 1 difference: x\n── builder/);
});

views("error card: status, code, retry-after, and a validation error's issues", () => {
  // A real RateLimitError: the card reads the error shape (toJSON), not any object's fields.
  const api = new RateLimitError({ status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", message: "slow down", details: undefined, requestId: "req-1", retryAfter: 2, operation: undefined });
  const card = errorView(api);
  assert.match(card.text, /^RateLimitError: 429 REQUEST_LIMIT_EXCEEDED: slow down\n  HTTP status: 429\n  error_code: REQUEST_LIMIT_EXCEEDED\n  Retry-After: 2 s\n  request id: req-1/);
  const invalid = new ValidationError("endpoint config", [{ path: "config.served_entities[0].name", message: "Required <x>", code: "invalid_type" }]);
  const view = errorView(invalid);
  assert.match(view.text, /ValidationError: Invalid endpoint config \(1 problem\):\n\s+path\s+problem\s+code/);
  assert.match(view.html, /<code>config\.served_entities\[0\]\.name<\/code>/);
  assert.match(view.html, /Required &lt;x&gt;/);
  assert.match(errorView("plain").text, /^Error: plain/);
});

views.run();

const display = suite("show and renderStream");

display("show: HTML or Markdown into the display given, text elsewhere; JSON for plain values", () => {
  const { log, display: d } = recorder();
  show(endpointsTable([leaky]), { display: d });
  show(transcript([{ role: "user", content: "hi" }]), { display: d });
  show({ token: "dapi123", n: 1 }, { display: d });
  show(new ValidationError("endpoint \"x\"", [{ path: "name", message: "Required", code: "invalid_type" }]), { display: d });
  show({ toJSON: () => ({ openai_api_key_plaintext: "sk-abcdefabcdefabcdef" }) }, { display: d });
  show({ toJSON: () => { throw new ValidationError("endpoint \"y\"", [{ path: "config", message: "bad", code: "x" }]); } }, { display: d });
  assert.match(log[3]![1], /<b>ValidationError<\/b>/);
  assert.match(log[4]![1], /••••••/);
  assert.not.ok(log[4]![1].includes("sk-abcdef"));
  assert.match(log[5]![1], /Invalid endpoint &quot;y&quot;/);
  assert.equal(log.map(([kind]) => kind), ["html", "markdown", "html", "html", "html", "html"]);
  assert.not.ok(log[2]![1].includes("dapi123"));
  assert.is(tslabDisplay(), undefined, "not inside a tslab kernel");
  const printed: string[] = [];
  const original = console.log;
  console.log = (s: string) => void printed.push(s);
  try { show(new Rendered({ html: "<i>x</i>", text: "x" })); } finally { console.log = original; }
  assert.equal(printed, ["x"]);
});

display("inside a tslab kernel: found through __tslab__, used by show and renderStream", async () => {
  const calls: string[] = [];
  const fakeTslab = {
    display: { html: (s: string) => calls.push(`html:${s}`), markdown: (s: string) => calls.push(`markdown:${s}`), text: (s: string) => calls.push(`text:${s}`) },
    newDisplay: () => ({ html: (s: string) => calls.push(`live-html:${s}`), markdown: (s: string) => calls.push(`live:${s}`), text: (s: string) => calls.push(`live-text:${s}`) }),
  };
  const host = globalThis as { __tslab__?: unknown };
  host.__tslab__ = { require: (id: string) => (id === "tslab" ? fakeTslab : undefined) };
  try {
    assert.ok(tslabDisplay());
    show(new Rendered({ html: "<b>x</b>", text: "x" }));
    async function* deltas() { yield "he"; yield "llo"; }
    await renderStream(deltas(), { intervalMs: 0 });
  } finally {
    delete host.__tslab__;
  }
  assert.is(calls[0], "html:<b>x</b>");
  assert.is(calls[calls.length - 1], "live:hello");
  assert.ok(calls.includes("live:he ▍"));
  assert.is(tslabDisplay(), undefined);
});

// 30 ms between chunks: a rate is only reported over at least 50 ms of streaming (conversation/stats.ts).
async function* chunks(texts: string[], extra: Record<string, unknown> = {}) {
  for (const [i, t] of texts.entries()) {
    yield { object: "chat.completion.chunk", model: "gpt-4", choices: [{ index: 0, delta: { content: t }, finish_reason: i === texts.length - 1 ? "stop" : null }], ...extra };
    await new Promise((r) => setTimeout(r, 30));
  }
  yield { choices: [], usage: { prompt_tokens: 4, completion_tokens: texts.length, total_tokens: 4 + texts.length }, ...extra };
}

display("renderStream: live display updated, final text, figures", async () => {
  const { live, display: d } = recorder();
  const reply = await renderStream(chunks(["Hel", "lo", " <world>"], { simulated: true }), { display: d, intervalMs: 0 });
  assert.is(reply.text, "Hello <world>");
  assert.is(reply.chunks, 4);
  assert.is(reply.finishReason, "stop");
  assert.is(reply.model, "gpt-4");
  assert.ok(reply.simulated);
  assert.equal(reply.usage, { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
  assert.ok(reply.timeToFirstTokenMs !== undefined && reply.timeToFirstTokenMs >= 0);
  assert.ok(reply.durationMs >= reply.timeToFirstTokenMs!);
  assert.ok(reply.tokensPerSecond !== undefined && reply.tokensPerSecond > 0);
  assert.is(live[live.length - 1], "Hello &lt;world>");
  assert.ok(live.length >= 3, "updated as it streamed");
  assert.match(live[0]!, /▍$/);
});

display("renderStream: text that came inside an interval is shown when it ends, without waiting for the next chunk", async () => {
  const { live, display: d } = recorder();
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  async function* thinking() { yield "First."; yield " Second."; await gate; yield " Third."; }
  const done = renderStream(thinking(), { display: d, intervalMs: 50 });
  await eventually(() => live.includes("First. Second. ▍"), { message: () => `the held text on screen: ${JSON.stringify(live)}` });
  assert.equal(live, ["First. ▍", "First. Second. ▍"], "the first chunk at once, the second when the interval ended");
  release();
  assert.is((await done).text, "First. Second. Third.");
  assert.is(live[live.length - 1], "First. Second. Third.");
});

display("renderStream outside a notebook writes the deltas; text deltas work; errors keep the partial text", async () => {
  const written: string[] = [];
  async function* deltas() { yield "a"; yield "b"; }
  const reply = await renderStream(deltas(), { write: (s) => void written.push(s) });
  assert.is(reply.text, "ab");
  assert.equal(written, ["a", "b", "\n"]);
  // Iterable and awaitable at once, like a Conversation's Reply: the deltas are what counts.
  const thenable = Object.assign(deltas(), { then: (resolve: (v: unknown) => void) => resolve({ user: "x", reply: "ab" }) });
  assert.is((await renderStream(thenable, { write: () => undefined })).text, "ab");
  async function* failing() { yield "part"; throw new Error("stream broke"); }
  const { live, display: d } = recorder();
  try {
    await renderStream(failing(), { display: d });
    assert.unreachable("should have thrown");
  } catch (error) {
    assert.instance(error, Error);
    assert.match((error as Error).message, /stream broke/);
  }
  assert.match(live[live.length - 1]!, /^part\n\n_\(stream failed: Error: stream broke\)_$/);
});

display.run();
