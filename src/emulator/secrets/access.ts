import type { Principal } from "../auth.js";
import { groupsOf } from "../endpoints/access.js";
import { ApiFailure } from "../http/api-failure.js";
import type { ScopeRecord } from "../store/records.js";

/** What an operation needs on a secret scope (Databricks' levels, weakest first). */
export type ScopePermission = "READ" | "WRITE" | "MANAGE";

// A Map, so a stored permission such as `constructor` ranks as nothing.
const RANKS: ReadonlyMap<string, number> = new Map([["READ", 1], ["WRITE", 2], ["MANAGE", 3]]);
const rank = (permission: string): number => RANKS.get(permission) ?? 0;

/**
 * The caller's effective permission on a scope: the strongest ACL entry whose principal is the
 * caller's name or one of its groups (`users` included); admins always MANAGE. `undefined` = none.
 */
export function scopePermissionOf(caller: Principal, scope: ScopeRecord): ScopePermission | undefined {
  if (caller.admin) return "MANAGE";
  const names = new Set([caller.name, ...groupsOf(caller)]);
  let best: ScopePermission | undefined;
  for (const entry of scope.acls ?? []) {
    if (!names.has(entry.principal) || rank(entry.permission) === 0) continue;
    if (best === undefined || rank(entry.permission) > rank(best)) best = entry.permission as ScopePermission;
  }
  return best;
}

/** Whether the caller has at least `need` on the scope. */
export function scopeAllows(caller: Principal, scope: ScopeRecord, need: ScopePermission): boolean {
  const has = scopePermissionOf(caller, scope);
  return has !== undefined && rank(has) >= rank(need);
}

/** Throws 403 PERMISSION_DENIED unless the caller has at least `need` on the scope (as Databricks answers). */
export function authorizeScope(caller: Principal, scope: ScopeRecord, need: ScopePermission): void {
  if (!scopeAllows(caller, scope, need)) {
    throw new ApiFailure(403, "PERMISSION_DENIED", `User '${caller.name}' does not have ${need} permission on secret scope '${scope.name}'.`);
  }
}
