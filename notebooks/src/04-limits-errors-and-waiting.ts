// %% [markdown]
// # Limits, errors and waiting
//
// What a user meets once things get real: deployments take time, updates collide, endpoints are
// rate limited, tokens expire, payloads have typos. This notebook provokes each of these on the
// emulator and shows what the client does: it waits with progress, retries only when that is
// safe, honours `Retry-After` within its time budget, and fails with typed errors and validation
// messages that say exactly what is wrong.
//
// The emulator here deploys slowly on purpose (1.5 s per config update) so there is something to
// watch, and its rate limiters run on a fast clock: a limit's "minute" lasts 4 seconds
// (`rateLimitWindowMs`), so waiting out a rate limit takes seconds, not a minute.

// %%
import { connect } from "databricks-deployments/emulator";
const { client, kind, description, emulator, close } = await connect({
  emulator: { deployDelayMs: 1500, rateLimitWindowMs: 4000 },
});
console.log(`Connected to the ${description}`);

// %%
import {
  endpoint, secret, getDeployClient, DatabricksDeploymentClient, ApiError, type RetryEvent,
} from "databricks-deployments";
import { show, endpointCard, errorView } from "databricks-deployments/notebook";
const since = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

// %% [markdown]
// ## Waiting for an update, with progress
//
// A config update is a long-running operation: the endpoint keeps serving its current config
// while the new one deploys (`state.config_update` is `IN_PROGRESS`, the new config is in
// `pending_config`). `waitForEndpoint` polls until it settles; `onProgress` sees every poll.

// %%
const apiKey = secret("my-scope", "openai-api-key");
const gpt4o = endpoint("chat").externalModel("gpt-4o", { name: "test", apiKey: apiKey });
await client.updateEndpointConfig({ endpoint: "chat", config: gpt4o.configBody() });

const started = Date.now();
const settled = await client.waitForEndpoint({
  endpoint: "chat",
  pollIntervalMs: 500,
  onProgress: (state, ep) => {
    const pending = ep.pending_config?.config_version ?? "—";
    // A padded first column, so the polls line up as a table.
    console.log(`${since(started).padStart(6)}  ready=${state.ready}`
      + `  config_update=${state.config_update}  pending config version=${pending}`);
  },
});
show(endpointCard(settled));

// %% [markdown]
// ## Two updates at once: `ConflictError`
//
// While one update is in progress, Databricks refuses another with HTTP 409
// `RESOURCE_CONFLICT`. The client does not retry that (the caller decides); it throws a
// `ConflictError` — an `ApiError` carrying status, `error_code`, message and request id.

// %%
const gpt4 = endpoint("chat").externalModel("gpt-4", { name: "test", apiKey: apiKey });
await client.updateEndpointConfig({ endpoint: "chat", config: gpt4.configBody() });
try {
  await client.updateEndpointConfig({ endpoint: "chat", config: gpt4o.configBody() });
} catch (error) {
  show(errorView(error));
}

// %% [markdown]
// ## Waiting has a deadline: `TimeoutError`
//
// `timeoutMs` bounds the wait (the default is 20 minutes, as the Databricks SDK's). Once the update
// above has settled, another one starts, and this wait gives it half a second:

// %%
await client.waitForEndpoint({ endpoint: "chat", pollIntervalMs: 250 });
await client.updateEndpointConfig({ endpoint: "chat", config: gpt4o.configBody() });
try {
  await client.waitForEndpoint({ endpoint: "chat", timeoutMs: 500, pollIntervalMs: 250 });
} catch (error) {
  show(errorView(error));
}
const settledAgain = await client.waitForEndpoint({ endpoint: "chat", pollIntervalMs: 500 });
console.log(`and then: ${settledAgain.state?.config_update}`);

// %% [markdown]
// ## Querying an endpoint that is still deploying: wait and retry
//
// A brand-new endpoint has nothing to serve until its first deployment is done: queries get HTTP
// 503 `TEMPORARILY_UNAVAILABLE` with a `Retry-After` header. The model did not run, so a retry
// cannot duplicate a call: the client sleeps for `Retry-After` and tries again. `onRetry` shows it
// happening. (A query that reached the model is never retried, and nothing is retried once a
// stream has begun.)

// %%
const retries: RetryEvent[] = [];
const onRetry = (event: RetryEvent) => {
  retries.push(event);
  console.log(`retry ${event.attempt} in ${event.delayMs} ms — ${event.reason}`);
};
const watched = emulator
  ? emulator.client({ onRetry: onRetry })
  : getDeployClient("databricks", { onRetry: onRetry });
const retryCount = () => `${retries.length} retr${retries.length === 1 ? "y" : "ies"}`;

await client.createEndpoint(endpoint("fresh").externalModel("gpt-4o-mini", { apiKey: apiKey }));
const queried = Date.now();
const answer: any = await watched.predict({
  endpoint: "fresh",
  inputs: { messages: [{ role: "user", content: "Are you up?" }], max_tokens: 20 },
});
const opening = answer.choices[0].message.content.slice(0, 60);
console.log(`answered after ${since(queried)} and ${retryCount()}: "${opening}…"`);

// %% [markdown]
// ## Hitting a rate limit, and waiting it out
//
// The `chat` endpoint of the docs allows each user 5 calls a minute. Lowering it to 2 and calling
// three times: the third call gets HTTP 429 `REQUEST_LIMIT_EXCEEDED` with `Retry-After`, the
// seconds until the window frees a slot (here at most 4, on the emulator's fast clock; a minute
// on a workspace). The model did not run, so retrying is safe: the client sleeps for
// `Retry-After`, tries again and gets the answer. `onRetry` shows each wait; the REPL turns the
// same event into a countdown.

// %%
const perUser = (calls: number) =>
  ({ rate_limits: [{ key: "user" as const, renewal_period: "minute" as const, calls }] });
await client.updateEndpointRateLimits({ endpoint: "chat", config: perUser(2) });
const ask = {
  endpoint: "chat",
  inputs: { messages: [{ role: "user" as const, content: "Hello" }], max_tokens: 16 },
};

retries.length = 0;
await watched.predict(ask);
await watched.predict(ask);
const third = Date.now();
const patient: any = await watched.predict(ask);
const waits = retries.map((r) => `${r.delayMs} ms`).join(", ");
console.log(`third call answered after ${since(third)} and ${retryCount()} (${waits}):`
  + ` ${patient.usage.total_tokens} tokens`);

// %% [markdown]
// The client honours `Retry-After`, but never past its total time budget (`totalTimeoutMs`,
// 10 minutes by default). With a 2-second budget it does not sit out the wait: it fails at once
// with a `RateLimitError` that says how long to wait.

// %%
const hurried = emulator
  ? emulator.client({ onRetry: onRetry, totalTimeoutMs: 2_000 })
  : getDeployClient("databricks", { onRetry: onRetry, totalTimeoutMs: 2_000 });
retries.length = 0;
await hurried.predict(ask).catch(() => undefined); // use up the window's two calls
await hurried.predict(ask).catch(() => undefined);
const fourth = Date.now();
try {
  await hurried.predict(ask);
} catch (error) {
  const wait = (error as ApiError).retryAfter;
  console.log(`failed after ${since(fourth)}, ${retryCount()}:`
    + ` waiting ${wait} s would overrun the 2 s budget`);
  show(errorView(error));
}

// %% [markdown]
// Raising the limit again (to the docs' 10 a minute) starts a fresh window, and the same call goes
// through:

// %%
await client.updateEndpointRateLimits({ endpoint: "chat", config: perUser(10) });
const afterRaise: any = await hurried.predict(ask);
console.log(`ok: ${afterRaise.usage.total_tokens} tokens, simulated=${afterRaise.simulated}`);

// %% [markdown]
// ## The typed errors
//
// Every failure is a `DeploymentsError`; server answers are `ApiError` subclasses chosen by
// `error_code` first, then HTTP status — so `instanceof` does the routing. Transport failures
// (`ConnectionError`), deadlines (`TimeoutError`) and cancellations (`AbortError`) are distinct
// classes. No message ever contains a token.
//
// "A server that is not there" is a port nothing listens on (one the system hands out and this
// cell releases again): the connection is **refused** (`ECONNREFUSED`), so no request reached any
// server. That is the one connection failure the client may retry even for a model call;
// `maxRetries: 0` makes it fail at once here.

// %%
import { createServer, type AddressInfo } from "node:net";
const refusedPort = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});
const badToken = "dapi-this-token-is-not-valid";
const nowhere = `http://127.0.0.1:${refusedPort}`;
const mistakes: Array<[string, () => Promise<unknown>]> = [
  ["an endpoint that does not exist", () => client.getEndpoint("no-such-endpoint")],
  ["a name that is taken",
    () => client.createEndpoint(endpoint("chat").externalModel("gpt-4o", { apiKey: apiKey }))],
  ["a token that is not valid",
    () => new DatabricksDeploymentClient({ host: client.host, token: badToken }).listEndpoints()],
  ["a server that is not there",
    () => new DatabricksDeploymentClient({ host: nowhere, token: "x", maxRetries: 0 })
      .listEndpoints()],
  ["a call cancelled by the caller",
    () => client.predict({ endpoint: "chat", inputs: ask.inputs, signal: AbortSignal.abort() })],
];
for (const [what, attempt] of mistakes) {
  try {
    await attempt();
    console.log(`${what}: no error?`);
  } catch (error) {
    console.log(`${what}:`);
    show(errorView(error));
  }
}

// %% [markdown]
// ## Validation messages
//
// Payloads are checked against the REST API's schema **before** anything is sent. A
// `ValidationError` lists every problem with its path; an unknown field gets a did-you-mean.

// %%
const invalid: Array<[string, () => unknown]> = [
  ["a typo in a field name",
    () => client.createEndpoint({ name: "typo", config: { served_entites: [] } } as any)],
  ["a provider without its key", () => client.createEndpoint({
    name: "no-key",
    config: { served_entities: [{ name: "m", external_model: {
      name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: {},
    } }] },
  })],
  ["a secret reference that is not one",
    () => endpoint("x").externalModel("gpt-4o", { apiKey: "{{secrets/only-a-scope}}" }).build()],
  ["a traffic split that does not add up", () => endpoint("x")
    .externalModel("gpt-4o", { apiKey: secret("s", "k") })
    .externalModel("gpt-4o-mini", { apiKey: secret("s", "k") })
    .traffic({ "gpt-4o": 60, "gpt-4o-mini": 30 })
    .build()],
  ["a rate limit per hour", () => client.updateEndpointRateLimits({
    endpoint: "chat",
    config: { rate_limits: [{ key: "user", renewal_period: "hour", calls: -1 }] },
  } as any)],
];
for (const [what, attempt] of invalid) {
  try {
    await attempt();
    console.log(`${what}: accepted?`);
  } catch (error) {
    console.log(`${what}:`);
    show(errorView(error));
  }
}

// %% [markdown]
// ## Two users and an ACL
//
// In a workspace, what you may do with an endpoint depends on your permission on it: `CAN_VIEW`
// (see it), `CAN_QUERY` (also query it), `CAN_MANAGE` (also change, delete and share it). The
// creator gets `CAN_MANAGE`, admins have it everywhere, and an endpoint you have no permission on
// is invisible: listing skips it and naming it answers 404. Secret scopes have their own levels
// (`READ`, `WRITE`, `MANAGE`), and a config may reference `{{secrets/scope/key}}` only if its
// author can `READ` that scope — so nobody can point an endpoint at their own server with someone
// else's key. A second, throwaway emulator with two users shows it (tokens here are demo strings;
// in a shell: `deployments emulator --user NAME:TOKEN …`, and `--admin NAME` for an admin).

// %%
import { startEmulator } from "databricks-deployments/emulator";
import { PermissionDeniedError } from "databricks-deployments";
const team = await startEmulator({
  deployDelayMs: 0,
  users: [
    { name: "alice@example.com", token: "dapi-demo-alice" },
    { name: "bob@example.com", token: "dapi-demo-bob" },
  ],
});
const alice = team.client({ token: "dapi-demo-alice" });
const bob = team.client({ token: "dapi-demo-bob", maxRetries: 0 });
await alice.createSecretScope({ scope: "alice-keys" });
await alice.putSecret({ scope: "alice-keys", key: "openai", stringValue: "sk-demo-placeholder" });
const alicesKey = secret("alice-keys", "openai");
await alice.createEndpoint(
  endpoint("alice-chat").externalModel("gpt-4o", { name: "m", apiKey: alicesKey }),
);
const hello = {
  endpoint: "alice-chat",
  inputs: { messages: [{ role: "user" as const, content: "Hello" }], max_tokens: 8 },
};
const attempt = async (what: string, run: () => Promise<unknown>) => {
  try {
    const result = await run();
    console.log(`${what}: ok${typeof result === "string" ? ` — ${result}` : ""}`);
  } catch (error) {
    console.log(`${what}:`);
    show(errorView(error));
  }
};
const alicesLevel = (await alice.getPermissions({ endpoint: "alice-chat" })).callerPermissionLevel;
console.log(`alice's permission on alice-chat: ${alicesLevel}`);
console.log(`bob sees: [${(await bob.listEndpoints()).map((e) => e.name).join(", ")}]`);
await attempt("bob queries alice-chat", () => bob.predict(hello));

// %% [markdown]
// Alice shares the endpoint with bob for querying (`updatePermissions` merges into the ACL;
// `setPermissions` would replace it). Bob can now query it and sees his level, but changing it is
// still refused with 403 `PERMISSION_DENIED` — a `PermissionDeniedError`. And his own endpoint
// may not use alice's key: he has no `READ` on her scope.

// %%
const shared = await alice.updatePermissions({
  endpoint: "alice-chat",
  config: {
    access_control_list: [{ user_name: "bob@example.com", permission_level: "CAN_QUERY" }],
  },
});
for (const entry of shared.access_control_list ?? []) {
  const levels = entry.all_permissions?.map(
    (p) => `${p.permission_level}${p.inherited ? " (inherited)" : ""}`,
  );
  console.log(`  ${entry.user_name ?? entry.group_name}: ${levels?.join(", ")}`);
}
const bobsLevel = (await bob.getPermissions({ endpoint: "alice-chat" })).callerPermissionLevel;
console.log(`bob's permission on alice-chat: ${bobsLevel}`);
await attempt("bob queries alice-chat", async () => {
  const reply: any = await bob.predict(hello);
  return `${reply.usage.total_tokens} tokens, simulated=${reply.simulated}`;
});
await attempt("bob changes its rate limits", () =>
  bob.updateEndpointRateLimits({ endpoint: "alice-chat", config: { rate_limits: [] } }),
);
await attempt("bob creates an endpoint with alice's key", () =>
  bob.createEndpoint(endpoint("bobs-copy").externalModel("gpt-4o", { apiKey: alicesKey })),
);
const denied = await bob.deleteEndpoint("alice-chat").catch((error: unknown) => error);
const deniedName = denied instanceof PermissionDeniedError ? "PermissionDeniedError" : "allowed?";
console.log(`bob deletes alice-chat: ${deniedName}`);
await team.close();

// %% [markdown]
// Clean up: delete the endpoint this notebook created, and stop the emulator if one was started.

// %%
await client.deleteEndpoint("fresh");
await close();
