/**
 * The emulator's state as plain JSON-able records (what the state file holds). Wire-shaped parts
 * keep the REST API's snake_case; `JsonObject` is used where the emulator stores a payload it
 * validated but does not interpret field by field.
 */

/** Any JSON object. */
export type JsonObject = { [key: string]: unknown };

/** A served entity as returned on GET (no `*_plaintext` values). */
export type ServedEntityOutput = JsonObject & { name: string };

/** The config currently served, or pending. */
export interface ConfigOutput {
  config_version: number;
  served_entities?: ServedEntityOutput[];
  served_models?: ServedEntityOutput[];
  traffic_config?: { routes: RouteOutput[] };
  auto_capture_config?: JsonObject;
  start_time?: number;
}

/** A traffic route. */
export interface RouteOutput {
  served_entity_name?: string;
  served_model_name?: string;
  traffic_percentage: number;
}

/** One access-control entry (permissions API). */
export interface AccessControlEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level: string;
}

/** A serving endpoint with everything the emulator keeps about it. */
export interface EndpointRecord {
  name: string;
  id: string;
  creator: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  route_optimized: boolean;
  description: string;
  /** The task of a served agent (`agent/v1/responses`, `agent/v2/chat`): set when the agent is registered. */
  task?: string;
  tags: { key: string; value?: string }[];
  rate_limits?: JsonObject[];
  ai_gateway?: JsonObject;
  email_notifications?: JsonObject;
  budget_policy_id?: string;
  telemetry_config?: JsonObject;
  uc_system_metrics_export_state?: string;
  config?: ConfigOutput;
  pending_config?: ConfigOutput;
  /** Epoch ms when the pending config becomes the served one. */
  deploy_due_at?: number;
  /** `deployDelayMs: "next-read"`: reads left that still report the pending config IN_PROGRESS. */
  deploy_reads_left?: number;
  /** Write-only `*_plaintext` values by served entity name, then by dotted field path. */
  plaintext: Record<string, Record<string, string>>;
  access_control_list: AccessControlEntry[];
  /**
   * `scope/key` secret references that passed the READ check when a config naming them was
   * accepted; forwarding resolves only these. Absent in state files written before the check.
   */
  secret_references?: string[];
  /** Build log lines by served entity name. */
  build_logs: Record<string, string[]>;
}

/** A secret. */
export interface SecretRecord {
  value: string;
  last_updated_timestamp: number;
}

/** One secret scope ACL entry: a user, group or service principal name and READ/WRITE/MANAGE. */
export interface SecretAclRecord {
  principal: string;
  permission: string;
}

/** A secret scope. */
export interface ScopeRecord {
  name: string;
  backend_type: string;
  secrets: Record<string, SecretRecord>;
  /** Absent in state files written before scope ACLs: only admins may then use the scope. */
  acls?: SecretAclRecord[];
}

/** The whole persisted state. */
export interface StateSnapshot {
  version: 1;
  endpoints: EndpointRecord[];
  scopes: ScopeRecord[];
  /** The last journal entry this snapshot includes (entries up to it are not replayed). */
  seq?: number;
}
