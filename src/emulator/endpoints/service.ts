import {
  aiGatewayConfigSchema,
  createEndpointRequestSchema,
  endpointCoreConfigInputSchema,
  notificationsPatchRequestSchema,
  rateLimitsRequestSchema,
  tagsPatchRequestSchema,
} from "../../schemas/index.js";
import type { Principal } from "../auth.js";
import type { EmulatorClock } from "../clock.js";
import { ApiFailure, endpointNotFound, invalidParameter } from "../http/api-failure.js";
import { checkBody } from "../http/validate-body.js";
import { dict, own } from "../store/dict.js";
import type { EndpointRecord, JsonObject } from "../store/records.js";
import type { Store } from "../store/store.js";
import { allows, authorize, type EndpointPermission } from "./access.js";
import { convertConfig, entitiesOf, type ConvertedConfig } from "./config.js";
import { referencesIn } from "./secret-references.js";
import { beginDeployment, observe, settle, type DeployDelay } from "./deployment.js";
import { gatewayOutput, newRecord, sortTags } from "./record.js";

/** What the serving side must forget when an endpoint's limits change or it goes away. */
export interface EndpointListener {
  /** Rate limits or the AI gateway were replaced: counters start afresh. */
  limitsChanged(name: string): void;
  /** The endpoint was deleted. */
  removed(name: string): void;
}

/** What {@link EndpointService} is built from. */
export interface EndpointServiceOptions {
  readonly store: Store;
  readonly clock: EmulatorClock;
  readonly deployDelay: DeployDelay;
  readonly listener: EndpointListener;
}

/**
 * The serving-endpoint lifecycle as operations on the state, after the Databricks test server's
 * `FakeWorkspace.ServingEndpoint*`: each one takes the caller, validates the request with the
 * shared wire schema and the rules a schema cannot see, mutates, and writes the state once.
 * Routes only parse, call and render. Every lookup goes through one permission check
 * ({@link authorize}) and settles a due deployment first.
 */
export class EndpointService {
  readonly #store: Store;
  readonly #clock: EmulatorClock;
  readonly #delay: DeployDelay;
  readonly #listener: EndpointListener;
  readonly #timers = new Set<unknown>();

  constructor(options: EndpointServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#delay = options.deployDelay;
    this.#listener = options.listener;
  }

  /** Every endpoint, each settled (a read of each). */
  list(caller: Principal): EndpointRecord[] {
    return this.#store.operation(() => {
      const now = this.#clock.now();
      const out: EndpointRecord[] = [];
      for (const record of this.#store.endpoints.values()) {
        if (observe(record, now)) this.#store.changed({ endpoint: record.name });
        if (allows(caller, record, "CAN_VIEW")) out.push(record);
      }
      return out;
    });
  }

  /** One endpoint by name, settled; 404 when missing, 403 without `need`. */
  get(caller: Principal, name: string, need: EndpointPermission = "CAN_VIEW"): EndpointRecord {
    return this.#store.operation(() => this.#find(caller, name, need));
  }

  /**
   * Creates an endpoint: IN_PROGRESS for the deploy delay when it has a config. `ready` (the seed)
   * creates it already READY.
   */
  create(caller: Principal, input: unknown, options: { readonly ready?: boolean } = {}): EndpointRecord {
    return this.#store.operation(() => {
      const body = checkBody(createEndpointRequestSchema, input, "create endpoint request") as JsonObject & { name: string };
      if (body.name.startsWith("databricks-")) throw invalidParameter("name: the prefix 'databricks-' is reserved for Databricks-managed endpoints.");
      if (this.#store.endpoints.has(body.name)) {
        throw new ApiFailure(409, "RESOURCE_ALREADY_EXISTS", `Serving endpoint with name '${body.name}' already exists.`);
      }
      const now = this.#clock.now();
      const record = newRecord(body, caller.name, now);
      if (body["rate_limits"] !== undefined) record.rate_limits = body["rate_limits"] as JsonObject[];
      if (body["ai_gateway"] !== undefined) record.ai_gateway = gatewayOutput(body.name, body["ai_gateway"] as JsonObject);
      if (typeof body["budget_policy_id"] === "string") record.budget_policy_id = body["budget_policy_id"];
      if (body["email_notifications"] !== undefined) record.email_notifications = body["email_notifications"] as JsonObject;
      if (body["telemetry_config"] !== undefined) record.telemetry_config = body["telemetry_config"] as JsonObject;
      if (typeof body["uc_system_metrics_export_state"] === "string") record.uc_system_metrics_export_state = body["uc_system_metrics_export_state"];
      if (body["config"] !== undefined) {
        const converted = convertConfig(body["config"] as JsonObject, 1, caller, now, this.#store);
        record.plaintext = converted.plaintext;
        record.secret_references = converted.secretReferences;
        if (options.ready === true) {
          beginDeployment(record, converted.config, now, 0);
          settle(record, now);
        } else {
          this.#deploy(record, converted.config, now);
        }
      }
      // No await between the existence check and this insert: concurrent creates cannot both win.
      this.#store.endpoints.set(record.name, record);
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** Starts a config update (409 while one is IN_PROGRESS); the version increments. */
  updateConfig(caller: Principal, name: string, input: unknown): EndpointRecord {
    return this.#store.operation(() => {
      const record = this.#find(caller, name, "CAN_MANAGE");
      const config = checkBody(endpointCoreConfigInputSchema, input, "endpoint config") as JsonObject;
      if (record.pending_config !== undefined) {
        throw new ApiFailure(409, "RESOURCE_CONFLICT", `Endpoint '${record.name}' is currently updating (config version ${record.pending_config.config_version} is IN_PROGRESS); wait until state.config_update is NOT_UPDATING before updating it again.`);
      }
      const now = this.#clock.now();
      const version = (record.config?.config_version ?? 0) + 1;
      const converted = convertConfig(config, version, caller, now, this.#store);
      record.plaintext = carriedPlaintext(record, converted);
      // The served config keeps its approved references while the new one deploys.
      record.secret_references = [...new Set([...(record.secret_references ?? []), ...converted.secretReferences])];
      this.#deploy(record, converted.config, now);
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** Replaces the legacy rate limits (counters start afresh). */
  putRateLimits(caller: Principal, name: string, input: unknown): EndpointRecord {
    return this.#store.operation(() => {
      const record = this.#find(caller, name, "CAN_MANAGE");
      const body = checkBody(rateLimitsRequestSchema, input, "rate limits request");
      record.rate_limits = body.rate_limits as JsonObject[];
      record.last_updated_timestamp = this.#clock.now();
      this.#listener.limitsChanged(record.name);
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** Adds and deletes tags; the result is sorted by key. */
  patchTags(caller: Principal, name: string, input: unknown): EndpointRecord {
    return this.#store.operation(() => {
      const record = this.#find(caller, name, "CAN_MANAGE");
      const body = checkBody(tagsPatchRequestSchema, input, "tags patch request");
      const byKey = new Map(record.tags.map((t) => [t.key, t]));
      for (const tag of body.add_tags ?? []) byKey.set(tag.key, tag.value === undefined ? { key: tag.key } : { key: tag.key, value: tag.value });
      for (const key of body.delete_tags ?? []) byKey.delete(key);
      record.tags = sortTags([...byKey.values()]);
      record.last_updated_timestamp = this.#clock.now();
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** Replaces the AI gateway config (an empty object removes it); counters start afresh. */
  putAiGateway(caller: Principal, name: string, input: unknown): EndpointRecord {
    return this.#store.operation(() => {
      const record = this.#find(caller, name, "CAN_MANAGE");
      const body = checkBody(aiGatewayConfigSchema, input, "AI gateway config") as JsonObject;
      if (Object.keys(body).length === 0) delete record.ai_gateway;
      else record.ai_gateway = gatewayOutput(record.name, body);
      record.last_updated_timestamp = this.#clock.now();
      this.#listener.limitsChanged(record.name);
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** Replaces the email notifications. */
  patchNotifications(caller: Principal, name: string, input: unknown): EndpointRecord {
    return this.#store.operation(() => {
      const record = this.#find(caller, name, "CAN_MANAGE");
      const body = checkBody(notificationsPatchRequestSchema, input, "notifications patch request");
      record.email_notifications = body.email_notifications as JsonObject;
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** Deletes an endpoint and its counters. */
  delete(caller: Principal, name: string): void {
    this.#store.operation(() => {
      const record = this.#find(caller, name, "CAN_MANAGE");
      this.#store.endpoints.delete(record.name);
      this.#listener.removed(record.name);
      this.#store.changed({ endpoint: record.name });
    });
  }

  /** Promotes every due deployment (the timer's pass; not a read, so `"next-read"` ones wait). */
  settleDue(): void {
    this.#store.operation(() => {
      const now = this.#clock.now();
      for (const record of this.#store.endpoints.values()) if (settle(record, now)) this.#store.changed({ endpoint: record.name });
    });
  }

  /** At start: settles what fell due while stopped and re-arms the timers of the rest. */
  resume(): void {
    this.settleDue();
    const now = this.#clock.now();
    for (const record of this.#store.endpoints.values()) {
      // A state written before references were approved: its configs were accepted when any user could reference any scope.
      record.secret_references ??= [...new Set([...referencesIn(record.config), ...referencesIn(record.pending_config)])];
      if (record.deploy_due_at !== undefined && record.deploy_reads_left === undefined) this.#schedule(Math.max(0, record.deploy_due_at - now));
    }
  }

  /** At close: no more timers; a last settle pass. */
  stop(): void {
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.settleDue();
  }

  #find(caller: Principal, name: string, need: EndpointPermission): EndpointRecord {
    const record = this.#store.endpoints.get(name);
    if (record === undefined) throw endpointNotFound(name);
    if (observe(record, this.#clock.now())) this.#store.changed({ endpoint: record.name });
    authorize(caller, record, need);
    return record;
  }

  #deploy(record: EndpointRecord, config: Parameters<typeof beginDeployment>[1], now: number): void {
    beginDeployment(record, config, now, this.#delay);
    if (this.#delay !== "next-read") this.#schedule(this.#delay);
  }

  #schedule(delayMs: number): void {
    // Promote due deployments even when nobody polls, so the state file and logs are current.
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      this.settleDue();
    }, delayMs + 1);
    this.#timers.add(timer);
  }
}

/**
 * The `*_plaintext` values after a config update: the new config's own, plus those of entities
 * only the still-served config has. An entity named in the new config never inherits an old key,
 * so a CAN_MANAGE holder cannot re-point someone else's entity (same name, new URL) to receive it;
 * the price is that a same-named served entity has no key while the update deploys.
 */
function carriedPlaintext(record: EndpointRecord, converted: ConvertedConfig): Record<string, Record<string, string>> {
  const renamed = new Set(entitiesOf(converted.config).map((e) => e.name));
  // Null-prototype: entity names are the user's (`constructor`, `__proto__` are ordinary names).
  const out: Record<string, Record<string, string>> = dict();
  for (const entity of entitiesOf(record.config)) {
    const old = own(record.plaintext, entity.name);
    if (old !== undefined && !renamed.has(entity.name)) out[entity.name] = old;
  }
  for (const [name, hidden] of Object.entries(converted.plaintext)) out[name] = hidden;
  return out;
}
