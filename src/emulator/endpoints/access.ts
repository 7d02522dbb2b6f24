import type { Principal } from "../auth.js";
import { ApiFailure, endpointNotFound } from "../http/api-failure.js";
import type { AccessControlEntry, EndpointRecord } from "../store/records.js";

/** What an operation needs on a serving endpoint (Databricks' levels, weakest first). */
export type EndpointPermission = "CAN_VIEW" | "CAN_QUERY" | "CAN_MANAGE";

// A Map, so a stored level such as `constructor` ranks as nothing rather than as a prototype member.
const RANKS: ReadonlyMap<string, number> = new Map([["CAN_VIEW", 1], ["CAN_QUERY", 2], ["CAN_MANAGE", 3]]);
const rank = (level: string): number => RANKS.get(level) ?? 0;

/** The group every workspace user belongs to (Databricks' `users`). */
export const ALL_USERS_GROUP = "users";
/** The workspace admins' group (Databricks' `admins`): CAN_MANAGE on every endpoint, inherited. */
export const ADMINS_GROUP = "admins";

/** The groups `caller` is in: its own, `users`, and `admins` for an admin. */
export function groupsOf(caller: Principal): string[] {
  return [...caller.groups, ALL_USERS_GROUP, ...(caller.admin ? [ADMINS_GROUP] : [])];
}

/** Whether an access-control entry names `caller`, directly or through one of its groups. */
export function entryApplies(caller: Principal, entry: AccessControlEntry): boolean {
  if (entry.user_name !== undefined) return entry.user_name === caller.name;
  if (entry.service_principal_name !== undefined) return entry.service_principal_name === caller.name;
  return entry.group_name !== undefined && groupsOf(caller).includes(entry.group_name);
}

/**
 * The caller's effective level on an endpoint: the strongest of every entry that names it, its
 * groups or `users`; admins always CAN_MANAGE. `undefined` = no permission at all (the endpoint is
 * then invisible to the caller).
 */
export function levelOf(caller: Principal, record: EndpointRecord): EndpointPermission | undefined {
  if (caller.admin) return "CAN_MANAGE";
  let best: EndpointPermission | undefined;
  for (const entry of record.access_control_list) {
    const level = entry.permission_level as EndpointPermission;
    if (rank(level) === 0 || !entryApplies(caller, entry)) continue;
    if (best === undefined || rank(level) > rank(best)) best = level;
  }
  return best;
}

/**
 * The one place that decides whether `caller` may act on `record`: its effective level
 * ({@link levelOf}) is at least `need`. Every operation of the endpoint services goes through it.
 */
export function allows(caller: Principal, record: EndpointRecord, need: EndpointPermission): boolean {
  const level = levelOf(caller, record);
  return level !== undefined && rank(level) >= rank(need);
}

/**
 * Throws unless {@link allows} says yes: 404 (the message of a missing endpoint, so existence does
 * not leak) when the caller has no permission at all, 403 PERMISSION_DENIED when it can see the
 * endpoint but needs more.
 */
export function authorize(caller: Principal, record: EndpointRecord, need: EndpointPermission): void {
  const level = levelOf(caller, record);
  if (level === undefined) throw endpointNotFound(record.name);
  if (rank(level) < rank(need)) {
    throw new ApiFailure(403, "PERMISSION_DENIED", `User '${caller.name}' does not have ${need} permission on serving endpoint '${record.name}' (has ${level}).`);
  }
}
