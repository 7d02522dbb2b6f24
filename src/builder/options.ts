import type { WorkloadType } from "../schemas/index.js";

/**
 * Options of `.registeredModel(entityName, options)`: a Unity Catalog or workspace-registry model
 * version and its compute, in camelCase.
 *
 * @example
 * const o: RegisteredModelOptions = { version: 3, workloadSize: "Small", scaleToZero: true };
 */
export interface RegisteredModelOptions {
  readonly version: string | number;
  /** The served entity name; defaults to `<model>-<version>` (`main.default.ads1` v1 → `ads1-1`). */
  readonly name?: string;
  readonly workloadSize?: string;
  readonly workloadType?: WorkloadType;
  readonly scaleToZero?: boolean;
  /** Values may be secret references, `secret(scope, key)`. */
  readonly environmentVars?: Readonly<Record<string, string>>;
  readonly instanceProfileArn?: string;
  readonly minProvisionedConcurrency?: number;
  readonly maxProvisionedConcurrency?: number;
  readonly minProvisionedThroughput?: number;
  readonly maxProvisionedThroughput?: number;
  readonly provisionedModelUnits?: number;
  readonly burstScaling?: boolean;
}

/**
 * A legacy endpoint rate limit; `renewalPeriod` defaults to `"minute"` (the only period there is).
 *
 * @example
 * const r: RateLimitOptions = { key: "user", renewalPeriod: "minute", calls: 5 };
 */
export interface RateLimitOptions {
  readonly calls: number;
  readonly key?: "user" | "endpoint";
  readonly renewalPeriod?: "minute";
}

/**
 * An AI gateway rate limit: `calls` and/or `tokens` per minute, for the endpoint, each user, a
 * user group or a service principal (`principal` names one).
 *
 * @example
 * const r: GatewayRateLimitOptions = { tokens: 20000, key: "user" };
 */
export interface GatewayRateLimitOptions {
  readonly calls?: number;
  readonly tokens?: number;
  readonly key?: "user" | "user_group" | "service_principal" | "endpoint";
  readonly principal?: string;
  readonly renewalPeriod?: "minute";
}

/**
 * Guardrails for one direction of traffic.
 *
 * @example
 * const g: GuardrailOptions = { safety: true, pii: "MASK", invalidKeywords: ["password"] };
 */
export interface GuardrailOptions {
  readonly safety?: boolean;
  readonly pii?: "BLOCK" | "MASK" | "NONE";
  readonly invalidKeywords?: readonly string[];
  readonly validTopics?: readonly string[];
}

/**
 * Inference tables of the AI gateway.
 *
 * @example
 * const t: InferenceTableOptions = { catalogName: "main", schemaName: "logs" };
 */
export interface InferenceTableOptions {
  readonly catalogName?: string;
  readonly schemaName?: string;
  readonly tableNamePrefix?: string;
  /** Defaults to `true`. */
  readonly enabled?: boolean;
}

/**
 * The AI gateway in camelCase. Each part given replaces that part; parts not given are kept.
 *
 * @example
 * const g: AiGatewayOptions = { usageTracking: true, rateLimits: [{ calls: 100, key: "user" }], fallback: true,
 *   guardrails: { input: { safety: true } } };
 */
export interface AiGatewayOptions {
  readonly usageTracking?: boolean;
  readonly inferenceTable?: InferenceTableOptions;
  readonly rateLimits?: readonly GatewayRateLimitOptions[];
  readonly guardrails?: { readonly input?: GuardrailOptions; readonly output?: GuardrailOptions };
  readonly fallback?: boolean;
}

/**
 * Who gets an email when a config update succeeds or fails.
 *
 * @example
 * const n: NotificationOptions = { onUpdateFailure: ["ops@example.com"] };
 */
export interface NotificationOptions {
  readonly onUpdateFailure?: readonly string[];
  readonly onUpdateSuccess?: readonly string[];
}

/**
 * Options of `.tagsPatch()`: tag keys to delete besides the builder's tags to add.
 *
 * @example
 * endpoint("chat").tag("team", "ml").tagsPatch({ remove: ["foo"] });
 */
export interface TagsPatchOptions {
  readonly remove?: readonly string[];
}
