import { permissionsRequestSchema } from "../../schemas/index.js";
import type { Principal } from "../auth.js";
import { ApiFailure } from "../http/api-failure.js";
import { checkBody } from "../http/validate-body.js";
import type { AccessControlEntry, EndpointRecord } from "../store/records.js";
import type { Store } from "../store/store.js";
import { ADMINS_GROUP, allows, authorize } from "./access.js";

/**
 * Permissions of serving endpoints, addressed by the endpoint's `id` (not its name), as on
 * Databricks: anyone who can see an endpoint (CAN_VIEW) reads its access-control list; CAN_MANAGE
 * replaces (PUT) or merges (PATCH) it; each change is written once. An id the caller has no
 * permission on answers exactly like an id that does not exist.
 */
export class PermissionService {
  readonly #store: Store;
  readonly #principal: (name: string) => Principal | undefined;

  /** `principal` finds a configured user or service principal by name (to refuse grants to nobody). */
  constructor(store: Store, principal: (name: string) => Principal | undefined) {
    this.#store = store;
    this.#principal = principal;
  }

  /** The endpoint whose permissions object id is `id`; 404 (with a hint when `id` is a name). */
  get(caller: Principal, id: string): EndpointRecord {
    const record = this.#store.endpointById(id);
    if (record === undefined || !allows(caller, record, "CAN_VIEW")) {
      const hint = this.#store.endpoints.has(id) && allows(caller, this.#store.endpoints.get(id)!, "CAN_VIEW") ? ` ('${id}' is an endpoint name; the permissions API takes the endpoint's id)` : "";
      throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `'${id}' is not a valid Inference Endpoint ID${hint}.`);
    }
    return record;
  }

  /** PUT (`replace`) or PATCH the list; the creator always keeps CAN_MANAGE. */
  update(caller: Principal, id: string, input: unknown, replace: boolean): EndpointRecord {
    return this.#store.operation(() => {
      const record = this.get(caller, id);
      authorize(caller, record, "CAN_MANAGE");
      const body = checkBody(permissionsRequestSchema, input, "permissions request");
      const entries = body.access_control_list as AccessControlEntry[];
      entries.forEach((e, i) => this.#checkPrincipal(e, i));
      if (entries.some((e) => e.group_name === ADMINS_GROUP)) {
        throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", `The '${ADMINS_GROUP}' group always has CAN_MANAGE on every serving endpoint (inherited from the workspace); it cannot be granted or revoked here.`);
      }
      const key = (e: AccessControlEntry): string => `${e.user_name ?? ""}|${e.group_name ?? ""}|${e.service_principal_name ?? ""}`;
      const merged = new Map<string, AccessControlEntry>();
      // The creator keeps CAN_MANAGE, so a replace can never leave an endpoint without its owner.
      merged.set(key({ user_name: record.creator, permission_level: "" }), { user_name: record.creator, permission_level: "CAN_MANAGE" });
      if (!replace) for (const e of record.access_control_list) merged.set(key(e), e);
      for (const e of entries) merged.set(key(e), e);
      record.access_control_list = [...merged.values()];
      this.#store.changed({ endpoint: record.name });
      return record;
    });
  }

  /** A grant to a user or service principal that does not exist is refused, as Databricks does; groups are open. */
  #checkPrincipal(entry: AccessControlEntry, index: number): void {
    const check = (name: string | undefined, servicePrincipal: boolean, field: string): void => {
      if (name === undefined) return;
      const found = this.#principal(name);
      if (found === undefined || found.servicePrincipal !== servicePrincipal) {
        throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", `access_control_list[${index}].${field}: ${servicePrincipal ? "service principal" : "user"} '${name}' does not exist in this workspace.`);
      }
    };
    check(entry.user_name, false, "user_name");
    check(entry.service_principal_name, true, "service_principal_name");
  }
}
