import { MASK } from "./mask.js";

const MIN_SECRET_LENGTH = 4;

/**
 * Scrubs known secret values (token, Basic credentials, client secret, OAuth access token,
 * `*_plaintext` values and secret values from the request) out of text an error will carry,
 * even when a server echoes them back.
 *
 * @example
 * const r = new Redactor(["dapi123"]);
 * r.text("bad token dapi123"); // "bad token [REDACTED]"
 */
export class Redactor {
  readonly #secrets: string[];

  constructor(secrets: Iterable<string | undefined> = []) {
    this.#secrets = [];
    for (const s of secrets) this.add(s);
  }

  /** Registers one more value to hide (e.g. an OAuth token fetched later). */
  add(secret: string | undefined): void {
    // Values shorter than this cannot be told apart from ordinary text ("t" would shred every
    // message); real credentials are far longer.
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    // Longest first, so a secret containing another is masked whole.
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  /** A redactor holding these secrets and `extra` (per-request values). */
  with(extra: readonly string[]): Redactor {
    if (extra.length === 0) return this;
    const r = new Redactor(this.#secrets);
    for (const s of extra) r.add(s);
    return r;
  }

  text(value: string): string {
    let out = value;
    for (const s of this.#secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /** Deep copy of JSON-like data with every string scrubbed. */
  deep(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.deep(v);
      return out;
    }
    return value;
  }
}
