import {
  createScopeRequestSchema,
  deleteScopeRequestSchema,
  deleteSecretAclRequestSchema,
  deleteSecretRequestSchema,
  putSecretAclRequestSchema,
  putSecretRequestSchema,
} from "../../schemas/index.js";
import type { Principal } from "../auth.js";
import type { EmulatorClock } from "../clock.js";
import { ApiFailure } from "../http/api-failure.js";
import { checkBody } from "../http/validate-body.js";
import { dict, own } from "../store/dict.js";
import type { ScopeRecord, SecretAclRecord } from "../store/records.js";
import type { Store } from "../store/store.js";
import { ALL_USERS_GROUP } from "../endpoints/access.js";
import { authorizeScope, scopeAllows, type ScopePermission } from "./access.js";

/** The largest secret value Databricks stores. */
const MAX_SECRET_BYTES = 128 * 1024;

/**
 * Secrets API 2.0 as operations on the state: scopes, write-only secrets and scope ACLs, as on
 * Databricks: the creator gets MANAGE; READ lists keys, WRITE puts and deletes secrets, MANAGE
 * changes ACLs and deletes the scope; admins may do everything. Each change is validated with the
 * shared wire schema and written once.
 */
export class SecretService {
  readonly #store: Store;
  readonly #clock: EmulatorClock;

  constructor(store: Store, clock: EmulatorClock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Creates a scope (400 RESOURCE_ALREADY_EXISTS when it exists). */
  createScope(caller: Principal, input: unknown): ScopeRecord {
    return this.#store.operation(() => {
      const body = checkBody(createScopeRequestSchema, input, "create scope request");
      const initial = body.initial_manage_principal;
      if (initial !== undefined && initial !== ALL_USERS_GROUP) {
        throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", `initial_manage_principal must be '${ALL_USERS_GROUP}' (the only principal Databricks accepts there), or left out to give the creator MANAGE.`);
      }
      if (this.#store.scopes.has(body.scope)) throw new ApiFailure(400, "RESOURCE_ALREADY_EXISTS", `Scope ${body.scope} already exists!`);
      const acls: SecretAclRecord[] = [{ principal: initial ?? caller.name, permission: "MANAGE" }];
      const scope: ScopeRecord = { name: body.scope, backend_type: body.scope_backend_type ?? "DATABRICKS", secrets: dict(), acls };
      this.#store.scopes.set(body.scope, scope);
      this.#store.changed({ scope: body.scope });
      return scope;
    });
  }

  /** The scopes the caller can read. */
  listScopes(caller: Principal): ScopeRecord[] {
    return [...this.#store.scopes.values()].filter((scope) => scopeAllows(caller, scope, "READ"));
  }

  /** Deletes a scope and its secrets. */
  deleteScope(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(deleteScopeRequestSchema, input, "delete scope request");
      this.scope(caller, body.scope, "MANAGE");
      this.#store.scopes.delete(body.scope);
      this.#store.changed({ scope: body.scope });
    });
  }

  /** Puts a secret (string or base64 bytes, stored as UTF-8 text). */
  putSecret(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(putSecretRequestSchema, input, "put secret request");
      const scope = this.scope(caller, body.scope, "WRITE");
      const value = body.string_value ?? Buffer.from(body.bytes_value ?? "", "base64").toString("utf8");
      // Databricks: "The maximum allowed secret value size is 128 KB."
      if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", `The secret value is ${Buffer.byteLength(value)} bytes; the maximum allowed secret value size is 128 KB (${MAX_SECRET_BYTES} bytes).`);
      scope.secrets[body.key] = { value, last_updated_timestamp: this.#clock.now() };
      this.#store.changed({ scope: body.scope, key: body.key });
    });
  }

  /** Deletes one secret (404 when it is not there). */
  deleteSecret(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(deleteSecretRequestSchema, input, "delete secret request");
      const scope = this.scope(caller, body.scope, "WRITE");
      if (own(scope.secrets, body.key) === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Secret '${body.key}' does not exist in scope '${body.scope}'.`);
      delete scope.secrets[body.key];
      this.#store.changed({ scope: body.scope, key: body.key });
    });
  }

  /** Creates or overwrites one principal's ACL entry (MANAGE needed). */
  putAcl(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(putSecretAclRequestSchema, input, "put secret ACL request");
      const scope = this.scope(caller, body.scope, "MANAGE");
      scope.acls = [...(scope.acls ?? []).filter((e) => e.principal !== body.principal), { principal: body.principal, permission: body.permission }];
      this.#store.changed({ scope: body.scope });
    });
  }

  /** One principal's ACL entry (MANAGE needed; 404 when the principal has none). */
  getAcl(caller: Principal, scopeName: string, principal: string): SecretAclRecord {
    const scope = this.scope(caller, scopeName, "MANAGE");
    const entry = (scope.acls ?? []).find((e) => e.principal === principal);
    if (entry === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `No ACL for principal '${principal}' on scope '${scope.name}'.`);
    return entry;
  }

  /** Every ACL entry of a scope (MANAGE needed). */
  listAcls(caller: Principal, scopeName: string): SecretAclRecord[] {
    return [...(this.scope(caller, scopeName, "MANAGE").acls ?? [])];
  }

  /** Deletes one principal's ACL entry (MANAGE needed; 404 when there is none). */
  deleteAcl(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(deleteSecretAclRequestSchema, input, "delete secret ACL request");
      const scope = this.scope(caller, body.scope, "MANAGE");
      const before = scope.acls ?? [];
      if (!before.some((e) => e.principal === body.principal)) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `No ACL for principal '${body.principal}' on scope '${scope.name}'.`);
      scope.acls = before.filter((e) => e.principal !== body.principal);
      this.#store.changed({ scope: body.scope });
    });
  }

  /** Whether the caller may read the scope named `name` (false when it does not exist). */
  canRead(caller: Principal, name: string): boolean {
    const scope = this.#store.scopes.get(name);
    return scope !== undefined && scopeAllows(caller, scope, "READ");
  }

  /** A scope by name (404 RESOURCE_DOES_NOT_EXIST), checking the caller has at least `need` (403). */
  scope(caller: Principal, name: string, need: ScopePermission = "READ"): ScopeRecord {
    const scope = this.#store.scopes.get(name);
    if (scope === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Scope ${name} does not exist!`);
    authorizeScope(caller, scope, need);
    return scope;
  }
}
