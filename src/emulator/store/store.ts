import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { own } from "./dict.js";
import { Journal, readJournal } from "./journal.js";
import { discard, install, prepareState, readState, writeState } from "./persistence.js";
import type { EndpointRecord, ScopeRecord, StateSnapshot } from "./records.js";

/**
 * The state kept at `path` as the emulator would load it: the state file with its journal
 * replayed (`seq` = the last entry applied), and the journal segments found; `undefined` when
 * there is neither. Reads only. Throws {@link EmulatorStateError} naming the bad file and record.
 *
 * @example
 * const stored = readStoredState("state.json");
 * console.log(stored?.state.endpoints.map((e) => e.name));
 */
export function readStoredState(path: string): { readonly state: StateSnapshot; readonly segments: readonly number[] } | undefined {
  const snapshot = readState(path);
  const journal = readJournal(path);
  if (snapshot === undefined && journal.entries.length === 0) return undefined;
  const endpoints = new Map((snapshot?.endpoints ?? []).map((e) => [e.name, e]));
  const scopes = new Map((snapshot?.scopes ?? []).map((s) => [s.name, s]));
  const base = snapshot?.seq ?? 0;
  let seq = base;
  for (const entry of journal.entries) {
    if (entry.n <= base) continue;
    if ("e" in entry) {
      if (entry.r === null) endpoints.delete(entry.e);
      else endpoints.set(entry.e, entry.r);
    } else if ("k" in entry) {
      const scope = scopes.get(entry.s);
      if (scope !== undefined && entry.v === null) delete scope.secrets[entry.k];
      else if (scope !== undefined && entry.v !== null) scope.secrets[entry.k] = entry.v;
    } else if (entry.r === null) scopes.delete(entry.s);
    else scopes.set(entry.s, entry.r);
    seq = Math.max(seq, entry.n);
  }
  return { state: { version: 1, seq, endpoints: [...endpoints.values()], scopes: [...scopes.values()] }, segments: journal.segments };
}

/** What an operation changed: one endpoint, one scope, or one secret of a scope (or, with no ref, anything). */
export type ChangeRef = { readonly endpoint: string } | { readonly scope: string; readonly key?: string };

/** Fold the journal into the snapshot once it outgrows this, or the last snapshot if larger. */
const COMPACT_AFTER_BYTES = 1024 * 1024;

/**
 * The emulator's state in memory, persisted after every management change when a state path is
 * set. Mutations happen synchronously between awaits, so two concurrent creates of one name can
 * never both succeed. Invocations never write the file.
 *
 * A change that names what it changed ({@link Store.changed} with a ref) appends that record to
 * the journal and fsyncs before the reply — an acknowledged change survives kill -9 — without
 * rewriting the whole state; the journal is folded into the state file off the request path.
 * A change without a ref rewrites the state file, as before the journal.
 */
export class Store {
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly scopes = new Map<string, ScopeRecord>();
  readonly #path: string | undefined;
  readonly #journal: Journal | undefined;
  /** True when the state came from an existing file (the seed is then not re-applied). */
  readonly loaded: boolean;
  #depth = 0;
  #dirtyAll = false;
  readonly #dirty = new Set<string>();
  /** The last journal entry written, and the last one a snapshot on disk holds. */
  #seq = 0;
  #snapshotSeq = 0;
  #snapshotBytes = 0;
  #compaction: Promise<void> | undefined;
  #compactAgain = false;

  constructor(path: string | undefined) {
    this.#path = path;
    if (path === undefined) {
      this.loaded = false;
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    const stored = readStoredState(path);
    this.loaded = stored !== undefined;
    for (const endpoint of stored?.state.endpoints ?? []) this.endpoints.set(endpoint.name, endpoint);
    for (const scope of stored?.state.scopes ?? []) this.scopes.set(scope.name, scope);
    this.#seq = this.#snapshotSeq = stored?.state.seq ?? 0;
    const journal = { segments: stored?.segments ?? [] };
    this.#journal = new Journal(path, journal.segments);
    // Start from one file: what the journal held is folded in (and its segments removed) now.
    if (journal.segments.length > 0) this.commit();
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
      if (--this.#depth === 0) this.#flushDirty();
    }
  }

  /**
   * Marks the state changed; written when the current {@link Store.operation} ends (at once
   * outside one). `ref` names the one record changed (created, updated or deleted): only it is
   * journaled. Without it the whole state is rewritten.
   */
  changed(ref?: ChangeRef): void {
    if (ref === undefined) this.#dirtyAll = true;
    else this.#dirty.add("endpoint" in ref ? `e:${ref.endpoint}` : ref.key === undefined ? `s:${ref.scope}` : `k:${ref.scope}\u0000${ref.key}`);
    if (this.#depth === 0) this.#flushDirty();
  }

  /** Writes the whole state file (atomically) if there is one, and drops the journal it holds. */
  commit(): void {
    if (this.#path === undefined) return;
    const last = this.#journal!.rotate();
    const text = JSON.stringify(this.snapshot());
    writeState(this.#path, text);
    this.#snapshotSeq = this.#seq;
    this.#snapshotBytes = text.length;
    this.#journal!.drop(last);
  }

  /** Waits for a background compaction in flight (before a final {@link Store.commit}). */
  async settled(): Promise<void> {
    while (this.#compaction !== undefined) await this.#compaction;
  }

  /** The whole state as one JSON-able object. */
  snapshot(): StateSnapshot {
    return { version: 1, seq: this.#seq, endpoints: [...this.endpoints.values()], scopes: [...this.scopes.values()] };
  }

  /** The endpoint whose permissions object id is `id`. */
  endpointById(id: string): EndpointRecord | undefined {
    for (const endpoint of this.endpoints.values()) if (endpoint.id === id) return endpoint;
    return undefined;
  }

  /** A secret's value, or undefined. */
  secretValue(scope: string, key: string): string | undefined {
    return own(this.scopes.get(scope)?.secrets, key)?.value;
  }

  #flushDirty(): void {
    // Every read (each invocation) ends an operation; most change nothing.
    if (!this.#dirtyAll && this.#dirty.size === 0) return;
    const all = this.#dirtyAll;
    const refs: ChangeRef[] = [...this.#dirty].map((key) => {
      if (key.startsWith("e:")) return { endpoint: key.slice(2) };
      if (key.startsWith("s:")) return { scope: key.slice(2) };
      const [scope, secret] = key.slice(2).split("\u0000") as [string, string];
      return { scope, key: secret };
    });
    this.#dirtyAll = false;
    this.#dirty.clear();
    if (all) this.commit();
    else if (refs.length > 0) this.write(refs);
  }

  /**
   * Persists the records one operation changed: one journal line each (the record as it is now,
   * or null when it is gone), fsynced before the operation returns.
   */
  write(refs: readonly ChangeRef[]): void {
    if (this.#path === undefined) return;
    let lines = "";
    for (const ref of refs) {
      const n = ++this.#seq;
      const scope = "scope" in ref ? this.scopes.get(ref.scope) : undefined;
      // One secret is journaled alone: a put must not rewrite every other secret of its scope.
      const entry =
        "endpoint" in ref
          ? { n, e: ref.endpoint, r: this.endpoints.get(ref.endpoint) ?? null }
          : ref.key !== undefined && scope !== undefined
            ? { n, s: ref.scope, k: ref.key, v: own(scope.secrets, ref.key) ?? null }
            : { n, s: ref.scope, r: scope ?? null };
      lines += `${JSON.stringify(entry)}\n`;
    }
    this.#journal!.append(lines);
    if (this.#journal!.bytes > Math.max(COMPACT_AFTER_BYTES, this.#snapshotBytes)) this.#compact();
  }

  /** Folds the journal into the state file: the write and fsync run off the event loop. */
  #compact(): void {
    if (this.#compaction !== undefined) {
      this.#compactAgain = true;
      return;
    }
    const path = this.#path!;
    const journal = this.#journal!;
    const last = journal.rotate();
    const seq = this.#seq;
    const text = JSON.stringify(this.snapshot());
    this.#compaction = prepareState(path, text)
      .then((temp) => {
        // A full commit meanwhile wrote a newer state: this one must not replace it.
        if (this.#snapshotSeq >= seq) return discard(temp);
        install(temp, path);
        this.#snapshotSeq = seq;
        this.#snapshotBytes = text.length;
        journal.drop(last);
      })
      .catch((error: unknown) => {
        // The journal still holds every change; the next compaction tries again.
        void error;
      })
      .finally(() => {
        this.#compaction = undefined;
        if (this.#compactAgain) {
          this.#compactAgain = false;
          if (journal.bytes > Math.max(COMPACT_AFTER_BYTES, this.#snapshotBytes)) this.#compact();
        }
      });
  }
}
