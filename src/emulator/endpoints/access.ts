import type { Principal } from "../auth.js";
import { ApiFailure } from "../http/api-failure.js";
import type { EndpointRecord } from "../store/records.js";

/** What an operation needs on a serving endpoint (Databricks' levels, weakest first). */
export type EndpointPermission = "CAN_VIEW" | "CAN_QUERY" | "CAN_MANAGE";

/**
 * The one place that decides whether `caller` may act on `record`. Today every authenticated
 * emulator user may do everything (they are all workspace admins); per-endpoint ACLs replace this
 * rule here, so every operation of the endpoint services is covered at once.
 */
export function allows(caller: Principal, record: EndpointRecord, need: EndpointPermission): boolean {
  void caller;
  void record;
  void need;
  return true;
}

/** Throws 403 PERMISSION_DENIED unless {@link allows} says yes. */
export function authorize(caller: Principal, record: EndpointRecord, need: EndpointPermission): void {
  if (!allows(caller, record, need)) {
    throw new ApiFailure(403, "PERMISSION_DENIED", `User '${caller.name}' does not have ${need} permission on serving endpoint '${record.name}'.`);
  }
}
