import { SECRET_REFERENCE } from "../../schemas/common.js";
import type { Principal } from "../auth.js";
import { ApiFailure, invalidParameter } from "../http/api-failure.js";
import { scopeAllows } from "../secrets/access.js";
import type { ConfigOutput, EndpointRecord } from "../store/records.js";
import type { Store } from "../store/store.js";

/** What the forwarding side may look secrets up in (the store, or {@link approvedSecrets}). */
export interface SecretLookup {
  secretValue(scope: string, key: string): string | undefined;
}

/**
 * Every `{{secrets/scope/key}}` string in a value must name an existing secret in a scope the
 * caller can READ — Databricks: "the endpoint creator must have READ access to the Databricks
 * secrets being referenced". Checked on create and on every config update, by whoever sends the
 * config. Without READ the answer is 403 before the key is looked up, so a key's existence does
 * not leak either. Returns the `scope/key` pairs it approved.
 */
export function checkSecretReferences(value: unknown, path: string, store: Store, caller: Principal, approved: string[] = []): string[] {
  if (typeof value === "string") {
    const match = SECRET_REFERENCE.exec(value);
    if (match !== null) {
      const [, scope, key] = match;
      const record = store.scopes.get(scope!);
      if (record === undefined) throw invalidParameter(`${path}: secret scope '${scope}' referenced by ${value} does not exist. Create it with the secrets API first.`);
      if (!scopeAllows(caller, record, "READ")) {
        throw new ApiFailure(403, "PERMISSION_DENIED", `${path}: user '${caller.name}' does not have READ permission on secret scope '${scope}', so a config may not reference ${value}. Ask a MANAGE holder of the scope to grant READ.`);
      }
      if (store.secretValue(scope!, key!) === undefined) throw invalidParameter(`${path}: secret '${key}' referenced by ${value} does not exist in scope '${scope}'. Put it with the secrets API first.`);
      approved.push(`${scope}/${key}`);
    }
    return approved;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkSecretReferences(item, `${path}[${i}]`, store, caller, approved));
    return approved;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) checkSecretReferences(item, `${path}.${key}`, store, caller, approved);
  }
  return approved;
}

/** The `scope/key` pairs a stored config references (for state files written before approvals were kept). */
export function referencesIn(config: ConfigOutput | undefined): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      const match = SECRET_REFERENCE.exec(value);
      if (match !== null) out.push(`${match[1]}/${match[2]}`);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk);
  };
  walk(config);
  return out;
}

/**
 * The secrets forwarding may resolve for `record`: only references that passed
 * {@link checkSecretReferences} when a config naming them was accepted. Anything else reads as
 * missing, so no path that skips the check can make the emulator send a secret upstream.
 */
export function approvedSecrets(record: EndpointRecord, store: Store): SecretLookup {
  const references = record.secret_references ?? NONE;
  let approved = approvedSets.get(references);
  if (approved === undefined) approvedSets.set(references, (approved = new Set(references)));
  return new ApprovedSecrets(approved, store);
}

const NONE: string[] = [];

/**
 * The approved pairs of a record's `secret_references`, built once per array: every change of
 * the references assigns a new array (never pushes into the old one), so an entry cannot go stale.
 */
const approvedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

class ApprovedSecrets implements SecretLookup {
  readonly #approved: ReadonlySet<string>;
  readonly #store: Store;

  constructor(approved: ReadonlySet<string>, store: Store) {
    this.#approved = approved;
    this.#store = store;
  }

  secretValue(scope: string, key: string): string | undefined {
    return this.#approved.has(`${scope}/${key}`) ? this.#store.secretValue(scope, key) : undefined;
  }
}
