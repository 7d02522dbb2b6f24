// Checks of a method's argument SHAPE, before any payload schema: a string where an object is
// expected, a missing `endpoint` or `inputs`. Each wrong shape becomes one ValidationError that
// names the argument and shows the right call, instead of a TypeError or a schema's `(root)` lines.
import { ValidationError } from "../../errors/validation-error.js";

/** A short, safe description of what was passed (never the value of an object: it may hold secrets). */
export function described(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return value.length > 40 ? `a string (${value.length} characters)` : `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function refuse(method: string, path: string, message: string): never {
  throw new ValidationError(`${method}() argument`, [{ path, message, code: "invalid_argument" }]);
}

/**
 * The endpoint name of a by-name method's argument: `"chat"` or `{ endpoint: "chat" }`.
 *
 * @example
 * endpointArg("getEndpoint", "chat");               // "chat"
 * endpointArg("getEndpoint", { endpoint: "chat" });  // "chat"
 * endpointArg("getEndpoint", undefined);            // throws ValidationError naming `endpoint`
 */
export function endpointArg(method: string, arg: unknown): string {
  const name = typeof arg === "string" ? arg : arg !== null && typeof arg === "object" ? (arg as { endpoint?: unknown }).endpoint : undefined;
  if (typeof name === "string" && name.trim() !== "") return name;
  const got = typeof arg === "object" && arg !== null && !Array.isArray(arg) ? `endpoint is ${described(name)}` : `got ${described(arg)}`;
  return refuse(method, "endpoint", `required: the endpoint's name, as ${method}("chat") or ${method}({ endpoint: "chat" }); ${got}`);
}

/**
 * Checks `predict` / `predictStream`'s argument: an object with `endpoint` (a name) and `inputs`.
 *
 * @example
 * predictArgs("predict", { endpoint: "chat" }); // throws: inputs: required …
 */
export function predictArgs(method: string, args: unknown): void {
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    refuse(method, "", `expected one object, as ${method}({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }] } }); got ${described(args)}`);
  }
  const a = args as { endpoint?: unknown; inputs?: unknown };
  if (typeof a.endpoint !== "string" || a.endpoint.trim() === "") {
    refuse(method, "endpoint", `required: the endpoint's name, as ${method}({ endpoint: "chat", inputs }); endpoint is ${described(a.endpoint)}`);
  }
  if (a.inputs === null || typeof a.inputs !== "object" || Array.isArray(a.inputs)) {
    refuse(method, "inputs", `required: the query payload, e.g. inputs: { messages: [{ role: "user", content: "Hi" }] } (chat), { prompt } (completions) or { input } (embeddings); inputs is ${described(a.inputs)}`);
  }
}

/**
 * A stream's `batchMs` (0 when absent): a whole number of milliseconds from 0 to 1000, since a
 * batch longer than a second would show as a stalled reply.
 *
 * @example
 * batchMsArg("predictStream", { batchMs: 80 }); // 80
 * batchMsArg("predictStream", { batchMs: -1 }); // throws: batchMs: a whole number of milliseconds …
 */
export function batchMsArg(method: string, args: unknown): number {
  const value = args !== null && typeof args === "object" ? (args as { batchMs?: unknown }).batchMs : undefined;
  if (value === undefined) return 0;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 1000) return value;
  return refuse(method, "batchMs", `a whole number of milliseconds from 0 to 1000 (how often the reply is read; 0 reads each event as it comes); batchMs is ${typeof value === "number" ? String(value) : described(value)}`);
}

/**
 * Checks `createEndpoint`'s argument is a payload object or a builder (not a bare name).
 *
 * @example
 * createArg("createEndpoint", "chat"); // throws: expected a payload object or an endpoint(…) builder …
 */
export function createArg(method: string, arg: unknown): void {
  if (arg !== null && typeof arg === "object" && !Array.isArray(arg)) return;
  const hint = typeof arg === "string" ? `${method}({ name: ${JSON.stringify(arg)}, config: { served_entities: [...] } }) or ${method}(endpoint(${JSON.stringify(arg)}).externalModel(…))` : `${method}({ name, config: { served_entities: [...] } }) or ${method}(endpoint(name)…)`;
  refuse(method, "", `expected the create payload (an object) or an endpoint(…) builder, as ${hint}; got ${described(arg)}`);
}

/**
 * Refuses a create payload without a served entity, as Databricks does, before the wire.
 *
 * @example
 * requireServedEntity({ name: "chat" }); // throws: config.served_entities: at least one served entity is required …
 */
export function requireServedEntity(payload: { readonly name: string; readonly config?: { readonly served_entities?: readonly unknown[] | undefined; readonly served_models?: readonly unknown[] | undefined } | undefined }): void {
  const config = payload.config;
  const count = (config?.served_entities?.length ?? 0) + (config?.served_models?.length ?? 0);
  if (count > 0) return;
  throw new ValidationError("create endpoint payload", [{
    path: "config.served_entities",
    message: `at least one served entity is required (Databricks refuses an endpoint without one): add config: { served_entities: [{ name, external_model: {...} }] }, or build it with endpoint(${JSON.stringify(payload.name)}).externalModel(…) / .registeredModel(…)`,
    code: "too_small",
  }]);
}
