import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { readState, writeState } from "./persistence.js";
import type { EndpointRecord, ScopeRecord, StateSnapshot } from "./records.js";

/**
 * The emulator's state in memory, persisted after every management change when a state path is
 * set. Mutations happen synchronously between awaits, so two concurrent creates of one name can
 * never both succeed. Invocations never write the file.
 */
export class Store {
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly scopes = new Map<string, ScopeRecord>();
  readonly #path: string | undefined;
  /** True when the state came from an existing file (the seed is then not re-applied). */
  readonly loaded: boolean;
  #depth = 0;
  #dirty = false;

  constructor(path: string | undefined) {
    this.#path = path;
    if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
    const snapshot = path === undefined ? undefined : readState(path);
    this.loaded = snapshot !== undefined;
    if (snapshot !== undefined) {
      for (const endpoint of snapshot.endpoints) this.endpoints.set(endpoint.name, endpoint);
      for (const scope of snapshot.scopes) this.scopes.set(scope.name, scope);
    }
  }

  /**
   * Runs one operation on the state: whatever it marks with {@link Store.changed} is written once,
   * when the outermost operation ends (also when it throws after a change, e.g. a settle before a
   * refused update). Nested operations join the outer one.
   */
  operation<T>(run: () => T): T {
    this.#depth++;
    try {
      return run();
    } finally {
      if (--this.#depth === 0 && this.#dirty) {
        this.#dirty = false;
        this.commit();
      }
    }
  }

  /** Marks the state changed; written when the current {@link Store.operation} ends (at once outside one). */
  changed(): void {
    if (this.#depth === 0) this.commit();
    else this.#dirty = true;
  }

  /** Writes the state file (atomically) if there is one. */
  commit(): void {
    if (this.#path === undefined) return;
    writeState(this.#path, this.snapshot());
  }

  /** The whole state as one JSON-able object. */
  snapshot(): StateSnapshot {
    return { version: 1, endpoints: [...this.endpoints.values()], scopes: [...this.scopes.values()] };
  }

  /** The endpoint whose permissions object id is `id`. */
  endpointById(id: string): EndpointRecord | undefined {
    for (const endpoint of this.endpoints.values()) if (endpoint.id === id) return endpoint;
    return undefined;
  }

  /** A secret's value, or undefined. */
  secretValue(scope: string, key: string): string | undefined {
    return this.scopes.get(scope)?.secrets[key]?.value;
  }
}
