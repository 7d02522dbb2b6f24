import { parseErrorBody } from "../../errors/error-body.js";
import type { ErrorCode } from "../../errors/error-codes.js";
import { SECRET_REFERENCE } from "../../schemas/common.js";
import { Redactor } from "../../secrets/redactor.js";
import { ApiFailure } from "../http/api-failure.js";
import { holdsSecret, scrubBody, scrubStream } from "./scrub.js";
import type { EmulatorReply } from "../http/types.js";
import type { JsonObject, ServedEntityOutput } from "../store/records.js";
import type { Store } from "../store/store.js";

/** A resolved upstream call. `secrets` are the values to redact from anything echoed back. */
export interface UpstreamCall {
  readonly provider: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: JsonObject;
  readonly secrets: readonly string[];
}

/** Thrown for upstream failures; `retryable` ones (429, 5xx, unreachable, timeout) allow fallback. */
export class UpstreamFailure extends ApiFailure {
  constructor(status: number, errorCode: ErrorCode, message: string, readonly retryable: boolean, retryAfter?: number) {
    super(status, errorCode, message, retryAfter);
  }
}

const SUFFIX = { chat: "/chat/completions", completions: "/completions", embeddings: "/embeddings", responses: "/responses" } as const;

/**
 * Decides how a served entity is answered: an {@link UpstreamCall} when it names an upstream
 * (`openai_api_base`, `custom_provider_url`, `databricks_workspace_url`) or `forwardBase` is set
 * for OpenAI, or `undefined` for the simulated model.
 */
export function upstreamFor(
  entity: ServedEntityOutput,
  task: keyof typeof SUFFIX,
  inputs: JsonObject,
  plaintext: Record<string, string> | undefined,
  store: Pick<Store, "secretValue">,
  forwardBase: string | undefined,
): UpstreamCall | undefined {
  const external = entity["external_model"] as JsonObject | undefined;
  if (external === undefined) return undefined;
  const provider = String(external["provider"]);
  // Simulated (the common case in tests and benchmarks): decided before the body is copied.
  if (provider !== "custom" && provider !== "databricks-model-serving") {
    if (provider !== "openai") return undefined;
    if (forwardBase === undefined && typeof (external["openai_config"] as JsonObject | undefined)?.["openai_api_base"] !== "string") return undefined;
  }
  const model = String(external["name"]);
  const secrets: string[] = [];
  const credential = (config: JsonObject, field: string, prefix: string): string | undefined => {
    const reference = config[field];
    let value: string | undefined;
    if (typeof reference === "string") {
      const match = SECRET_REFERENCE.exec(reference);
      value = match === null ? reference : store.secretValue(match[1]!, match[2]!);
      if (value === undefined) throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", `Secret ${reference} used by served entity '${entity.name}' no longer exists.`);
    } else {
      value = plaintext?.[`${prefix}${field}_plaintext`];
    }
    if (value !== undefined && value !== "") secrets.push(value);
    return value;
  };
  const body: JsonObject = { ...inputs };
  const extra = body["extra_params"];
  delete body["extra_params"];
  delete body["client_request_id"];
  delete body["usage_context"];
  delete body["model"];
  if (typeof extra === "object" && extra !== null) Object.assign(body, extra);
  const suffix = SUFFIX[task];
  switch (provider) {
    case "openai": {
      const config = (external["openai_config"] ?? {}) as JsonObject;
      const base = typeof config["openai_api_base"] === "string" ? config["openai_api_base"].replace(/\/+$/, "") : undefined;
      if (base === undefined && forwardBase === undefined) return undefined;
      const key = credential(config, "openai_api_key", "external_model.openai_config.");
      const type = String(config["openai_api_type"] ?? "openai").toLowerCase();
      if (type === "azure" || type === "azuread") {
        const url = `${base ?? ""}/openai/deployments/${encodeURIComponent(String(config["openai_deployment_name"] ?? model))}${suffix}?api-version=${encodeURIComponent(String(config["openai_api_version"] ?? ""))}`;
        const headers: Record<string, string> = type === "azure" ? { "api-key": key ?? "" } : { authorization: `Bearer ${key ?? ""}` };
        return { provider, url, headers, body, secrets };
      }
      const headers: Record<string, string> = {};
      if (key !== undefined) headers["authorization"] = `Bearer ${key}`;
      if (typeof config["openai_organization"] === "string") headers["openai-organization"] = config["openai_organization"];
      return { provider, url: `${base ?? forwardBase!.replace(/\/+$/, "")}${suffix}`, headers, body: { ...body, model }, secrets };
    }
    case "custom": {
      const config = (external["custom_provider_config"] ?? {}) as JsonObject;
      const raw = String(config["custom_provider_url"]).replace(/\/+$/, "");
      const known = /\/(chat\/completions|completions|embeddings|responses)$/;
      // A full URL is used as given; a Responses request goes to the sibling `/responses` of a chat URL.
      const url = known.test(raw) ? (task === "responses" ? raw.replace(known, suffix) : raw) : `${raw}${suffix}`;
      const headers: Record<string, string> = {};
      const apiKey = config["api_key_auth"] as JsonObject | undefined;
      const bearer = config["bearer_token_auth"] as JsonObject | undefined;
      if (apiKey !== undefined) {
        const value = credential(apiKey, "value", "external_model.custom_provider_config.api_key_auth.");
        headers[String(apiKey["key"]).toLowerCase()] = value ?? "";
      } else if (bearer !== undefined) {
        const token = credential(bearer, "token", "external_model.custom_provider_config.bearer_token_auth.");
        headers["authorization"] = `Bearer ${token ?? ""}`;
      }
      return { provider, url, headers, body: { ...body, model }, secrets };
    }
    case "databricks-model-serving": {
      const config = (external["databricks_model_serving_config"] ?? {}) as JsonObject;
      const base = String(config["databricks_workspace_url"]).replace(/\/+$/, "");
      const token = credential(config, "databricks_api_token", "external_model.databricks_model_serving_config.");
      const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
      // A Responses request goes to the remote workspace's own Responses route, the endpoint named in `model`.
      if (task === "responses") return { provider, url: `${base}/serving-endpoints/responses`, headers, body: { ...body, model }, secrets };
      return { provider, url: `${base}/serving-endpoints/${encodeURIComponent(model)}/invocations`, headers, body, secrets };
    }
    default:
      // Other providers do not speak the OpenAI wire format; they are always simulated here.
      return undefined;
  }
}

/**
 * Calls the upstream. Streams are passed through byte for byte; JSON answers are returned parsed
 * (with their `usage` for token limits). Errors become Databricks-style errors without keys.
 * `timeoutMs` bounds the wait for the answer and then every silence between stream chunks, so a
 * long but steady stream is never cut.
 */
export async function callUpstream(call: UpstreamCall, signal: AbortSignal, timeoutMs: number, fetchImpl: typeof fetch): Promise<{ reply: EmulatorReply; tokens: number }> {
  const watchdog = new Watchdog(signal, timeoutMs);
  const host = safeHost(call.url);
  const redactor = new Redactor(call.secrets);
  let response: Response;
  try {
    response = await fetchNoCrossOrigin(call, watchdog.signal, fetchImpl);
  } catch (error) {
    if (error instanceof UpstreamFailure) {
      watchdog.release();
      throw error;
    }
    watchdog.release();
    if (watchdog.timedOut) throw new UpstreamFailure(504, "DEADLINE_EXCEEDED", `The upstream ${call.provider} server at ${host} did not answer within ${timeoutMs} ms.`, true);
    if (signal.aborted) throw new UpstreamFailure(499, "CANCELLED", "The client disconnected; the upstream call was cancelled.", false);
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UpstreamFailure(502, "TEMPORARILY_UNAVAILABLE", `Could not reach the upstream ${call.provider} server at ${host} (${redactor.text(String(cause))}).`, true);
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (response.ok && contentType.includes("text/event-stream") && response.body !== null) {
    const raw = passThrough(response.body, watchdog, `The upstream ${call.provider} server at ${host}`);
    // Byte for byte unless there is a key to keep out of the reply.
    const chunks = call.secrets.length === 0 ? raw : scrubStream(raw, redactor);
    return { reply: { status: 200, headers: {}, body: { kind: "stream", contentType: "text/event-stream", chunks } }, tokens: 0 };
  }
  let raw: string;
  try {
    raw = await boundedText(response, MAX_UPSTREAM_BYTES);
  } catch (error) {
    if (watchdog.timedOut) throw new UpstreamFailure(504, "DEADLINE_EXCEEDED", `The upstream ${call.provider} server at ${host} did not finish its answer within ${timeoutMs} ms.`, true);
    throw new UpstreamFailure(502, "TEMPORARILY_UNAVAILABLE", `The upstream ${call.provider} server at ${host} broke off its answer (${(error as Error).message}).`, true);
  } finally {
    watchdog.release();
  }
  if (!response.ok) {
    // Upstreams sometimes echo the key they were sent. Scrubbed before cutting, so a key
    // straddling the cut cannot leave its first half behind.
    // Also when echoed JSON-escaped (`\u0026`, `\/`): the body is decoded before it is scrubbed.
    const detail = scrubBody(raw, redactor).slice(0, 2000);
    const message = parseErrorBody(detail).message?.slice(0, 300) ?? response.statusText;
    const text = `The upstream ${call.provider} server at ${host} answered ${response.status}: ${message}`;
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new UpstreamFailure(429, "REQUEST_LIMIT_EXCEEDED", text, true, Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : 1);
    }
    if (response.status >= 500) throw new UpstreamFailure(502, "TEMPORARILY_UNAVAILABLE", text, true);
    throw new UpstreamFailure(400, "BAD_REQUEST", text, false);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    void error;
    throw new UpstreamFailure(502, "TEMPORARILY_UNAVAILABLE", `The upstream ${call.provider} server at ${host} answered with a body that is not JSON.`, true);
  }
  // A successful reply can echo a key too (a debugging upstream, a prompt that quoted it).
  if (call.secrets.length > 0 && holdsSecret(raw, redactor)) value = redactor.deep(value);
  const usage = (value as { usage?: { total_tokens?: unknown } }).usage;
  const tokens = typeof usage?.total_tokens === "number" ? usage.total_tokens : 0;
  return { reply: { status: 200, headers: {}, body: { kind: "json", value } }, tokens };
}

/** The most of one upstream JSON answer the emulator reads. */
const MAX_UPSTREAM_BYTES = 32 * 1024 * 1024;
/** Same-origin 307/308 redirects followed at most. */
const MAX_REDIRECTS = 3;

/**
 * POSTs the call without letting fetch follow redirects: fetch would re-send `api-key` and custom
 * key headers (it drops only `authorization`) to wherever a redirect points. A 307/308 to the
 * same origin is followed (the key stays with the server it was meant for); any other redirect
 * is a 502 that names only the other origin.
 */
async function fetchNoCrossOrigin(call: UpstreamCall, signal: AbortSignal, fetchImpl: typeof fetch): Promise<Response> {
  let url = call.url;
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: call.body["stream"] === true ? "text/event-stream" : "application/json", ...call.headers },
      body: JSON.stringify(call.body),
      signal,
      redirect: "manual",
    });
    if (response.type !== "opaqueredirect" && (response.status < 300 || response.status > 399)) return response;
    await response.body?.cancel().catch((error: unknown) => void error);
    const location = response.headers.get("location");
    let target: URL | undefined;
    try {
      target = location === null ? undefined : new URL(location, url);
    } catch (error) {
      void error;
    }
    const from = new URL(url);
    const sameOrigin = target !== undefined && target.origin === from.origin;
    if (sameOrigin && (response.status === 307 || response.status === 308) && hop < MAX_REDIRECTS) {
      url = target!.href;
      continue;
    }
    const where = target === undefined ? "an unusable location" : sameOrigin ? `${target.origin} (${response.status} would turn the POST into a GET, or too many redirects)` : `another origin, ${target.origin}`;
    throw new UpstreamFailure(502, "TEMPORARILY_UNAVAILABLE", `The upstream ${call.provider} server at ${from.host} answered ${response.status}, redirecting to ${where}; the emulator does not follow it, so the endpoint's key is never sent anywhere else. Point the endpoint at the final URL.`, false);
  }
}

/** The body as text, refusing more than `limit` bytes (an upstream cannot fill the emulator's memory). */
async function boundedText(response: Response, limit: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const next = await reader.read();
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch((error: unknown) => void error);
      throw new Error(`the answer is larger than ${limit} bytes`);
    }
    parts.push(next.value);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** Aborts the upstream call when the client leaves or when the upstream is silent too long. */
class Watchdog {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal;
  readonly #ms: number;
  #timer: NodeJS.Timeout | undefined;
  timedOut = false;

  constructor(parent: AbortSignal, ms: number) {
    this.#parent = parent;
    this.#ms = ms;
    if (parent.aborted) this.#controller.abort();
    parent.addEventListener("abort", this.#onAbort, { once: true });
    this.rearm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Restarts the silence timer (called on every chunk received). */
  rearm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#controller.abort();
    }, this.#ms);
  }

  release(): void {
    clearTimeout(this.#timer);
    this.#parent.removeEventListener("abort", this.#onAbort);
  }

  readonly #onAbort = (): void => this.#controller.abort();
}

async function* passThrough(body: ReadableStream<Uint8Array>, watchdog: Watchdog, who: string): AsyncGenerator<Uint8Array | string> {
  const reader = body.getReader();
  try {
    while (true) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        // Tell the client in-stream (the status line is long sent), as Databricks does.
        if (watchdog.signal.aborted && !watchdog.timedOut) return;
        const message = watchdog.timedOut ? `${who} went silent mid-stream.` : `${who} broke off the stream (${(error as Error).message}).`;
        yield `data: ${JSON.stringify({ error_code: watchdog.timedOut ? "DEADLINE_EXCEEDED" : "TEMPORARILY_UNAVAILABLE", message })}\n\n`;
        return;
      }
      if (next.done) return;
      watchdog.rearm();
      yield next.value;
    }
  } finally {
    watchdog.release();
    // Ends the upstream request when the client went away or stopped reading.
    await reader.cancel().catch((error: unknown) => void error);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch (error) {
    void error;
    return "(invalid URL)";
  }
}

