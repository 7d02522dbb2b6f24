import { createScopeRequestSchema, deleteScopeRequestSchema, deleteSecretRequestSchema, putSecretRequestSchema } from "../../schemas/index.js";
import type { Principal } from "../auth.js";
import type { EmulatorClock } from "../clock.js";
import { ApiFailure } from "../http/api-failure.js";
import { checkBody } from "../http/validate-body.js";
import { dict, own } from "../store/dict.js";
import type { ScopeRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

/** The largest secret value Databricks stores. */
const MAX_SECRET_BYTES = 128 * 1024;

/**
 * Secrets API 2.0 as operations on the state: scopes and write-only secrets. Each change is
 * validated with the shared wire schema and written once. `caller` is where per-scope ACLs go.
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
    void caller;
    return this.#store.operation(() => {
      const body = checkBody(createScopeRequestSchema, input, "create scope request");
      if (this.#store.scopes.has(body.scope)) throw new ApiFailure(400, "RESOURCE_ALREADY_EXISTS", `Scope ${body.scope} already exists!`);
      const scope: ScopeRecord = { name: body.scope, backend_type: body.scope_backend_type ?? "DATABRICKS", secrets: dict() };
      this.#store.scopes.set(body.scope, scope);
      this.#store.changed({ scope: body.scope });
      return scope;
    });
  }

  /** Every scope. */
  listScopes(caller: Principal): ScopeRecord[] {
    void caller;
    return [...this.#store.scopes.values()];
  }

  /** Deletes a scope and its secrets. */
  deleteScope(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(deleteScopeRequestSchema, input, "delete scope request");
      this.scope(caller, body.scope);
      this.#store.scopes.delete(body.scope);
      this.#store.changed({ scope: body.scope });
    });
  }

  /** Puts a secret (string or base64 bytes, stored as UTF-8 text). */
  putSecret(caller: Principal, input: unknown): void {
    this.#store.operation(() => {
      const body = checkBody(putSecretRequestSchema, input, "put secret request");
      const scope = this.scope(caller, body.scope);
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
      const scope = this.scope(caller, body.scope);
      if (own(scope.secrets, body.key) === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Secret '${body.key}' does not exist in scope '${body.scope}'.`);
      delete scope.secrets[body.key];
      this.#store.changed({ scope: body.scope, key: body.key });
    });
  }

  /** A scope by name (404 RESOURCE_DOES_NOT_EXIST). */
  scope(caller: Principal, name: string): ScopeRecord {
    void caller;
    const scope = this.#store.scopes.get(name);
    if (scope === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Scope ${name} does not exist!`);
    return scope;
  }
}
