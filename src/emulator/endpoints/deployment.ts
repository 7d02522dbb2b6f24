import type { ConfigOutput, EndpointRecord } from "../store/records.js";
import { own } from "../store/dict.js";
import { entitiesOf } from "./config.js";

/** Where build-log lines go; kept short (the latest 200 lines per entity). */
function logLine(record: EndpointRecord, entity: string, now: number, message: string): void {
  let lines = own(record.build_logs, entity);
  if (lines === undefined) record.build_logs[entity] = lines = [];
  lines.push(`${new Date(now).toISOString()} [emulator] ${message}`);
  if (lines.length > 200) lines.splice(0, lines.length - 200);
}

/**
 * How long a deployment stays IN_PROGRESS: milliseconds of the emulator clock, or `"next-read"`
 * (the Databricks test server's habit: the first read after a create or config update reports it
 * IN_PROGRESS, the next one finds it settled — deterministic, no time involved).
 */
export type DeployDelay = number | "next-read";

/**
 * Starts a long-running config update: the config becomes `pending_config`, the state
 * `IN_PROGRESS`, and after `delay` {@link settle} promotes it to the served config.
 */
export function beginDeployment(record: EndpointRecord, pending: ConfigOutput, now: number, delay: DeployDelay): void {
  record.pending_config = { ...pending, start_time: now };
  if (delay === "next-read") {
    record.deploy_due_at = now;
    record.deploy_reads_left = 1;
  } else {
    record.deploy_due_at = now + delay;
    delete record.deploy_reads_left;
  }
  record.last_updated_timestamp = now;
  for (const entity of entitiesOf(pending)) {
    const external = entity["external_model"] as { provider?: string; name?: string } | undefined;
    const what = external !== undefined ? `external model ${external.provider ?? "?"}/${external.name ?? "?"}` : `model ${String(entity["entity_name"] ?? entity["model_name"] ?? entity.name)} version ${String(entity["entity_version"] ?? entity["model_version"] ?? "-")}`;
    logLine(record, entity.name, now, `Config version ${pending.config_version}: deploying served entity '${entity.name}' (${what}).`);
    logLine(record, entity.name, now, external !== undefined ? "No container image to build: external models are proxied by the serving endpoint." : "Emulated build: no container image is built locally; replies come from the emulator's simulated model.");
  }
}

/**
 * A caller read the endpoint: in `"next-read"` mode the first read after an update only uses up
 * its read (the reply still shows IN_PROGRESS); otherwise a due deployment is settled. Returns
 * true when something changed (the caller persists).
 */
export function observe(record: EndpointRecord, now: number): boolean {
  if (record.pending_config !== undefined && (record.deploy_reads_left ?? 0) > 0) {
    record.deploy_reads_left! -= 1;
    if (record.deploy_reads_left === 0) delete record.deploy_reads_left;
    return true;
  }
  return settle(record, now);
}

/** Promotes a due pending config. Returns true when something changed (the caller persists). */
export function settle(record: EndpointRecord, now: number): boolean {
  if (record.pending_config === undefined || record.deploy_due_at === undefined || now < record.deploy_due_at) return false;
  if ((record.deploy_reads_left ?? 0) > 0) return false;
  const { start_time: _start, ...config } = record.pending_config;
  void _start;
  for (const entity of entitiesOf(config)) {
    entity["state"] = { deployment: "DEPLOYMENT_READY", deployment_state_message: "Ready (emulated)" };
    logLine(record, entity.name, record.deploy_due_at, `Served entity '${entity.name}' is ready; config version ${config.config_version} now receives traffic.`);
  }
  record.config = config;
  delete record.pending_config;
  delete record.deploy_due_at;
  return true;
}

/** The `state` object GET reports. */
export function stateOf(record: EndpointRecord): { ready: "READY" | "NOT_READY"; config_update: "NOT_UPDATING" | "IN_PROGRESS" } {
  return {
    ready: record.config !== undefined ? "READY" : "NOT_READY",
    config_update: record.pending_config !== undefined ? "IN_PROGRESS" : "NOT_UPDATING",
  };
}

