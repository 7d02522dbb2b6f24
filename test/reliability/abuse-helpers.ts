/**
 * Shared pieces of the emulator abuse suites: known secret values to hunt for, a recorder of every
 * byte the emulator answered or logged, and the scan that must find none of the secrets.
 */

/** The secret values planted in the emulator by the abuse suites. None may ever come back. */
export const SECRETS = {
  token: "dapi-abuse-token-0b6c1e5a7d",
  plaintextKey: "sk-PLAINTEXT-abuse-77c1d0e2f3a4",
  secretValue: "s3cr3t-VALUE-abuse-5e4d3c2b1a",
} as const;

/** Every response body and header block, and every log line, seen by a suite. */
export class Transcript {
  readonly #parts: string[] = [];
  #bytes = 0;
  add(what: string): void { this.#parts.push(what); this.#bytes += what.length; }
  get count(): number { return this.#parts.length; }
  get bytes(): number { return this.#bytes; }

  /** The secrets found, with where; empty when clean. */
  scan(secrets: readonly string[] = Object.values(SECRETS)): string[] {
    const found: string[] = [];
    for (const part of this.#parts) {
      for (const s of secrets) if (part.includes(s)) found.push(`${s.slice(0, 6)}… in ${part.slice(0, 120)}`);
    }
    return found;
  }
}

/**
 * Captures everything written to stdout/stderr/console while `fn` runs into `transcript`
 * (the in-process emulator's log lines), still passing it through.
 */
export function captureOutput(transcript: Transcript): () => void {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const wrap = (orig: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      transcript.add(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return (orig as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = wrap(out);
  process.stderr.write = wrap(err);
  return () => { process.stdout.write = out; process.stderr.write = err; };
}

/** The endpoint the suites plant: a plaintext key (stored as a secret, never echoed) and a tag. */
export function plantedEndpoint(name: string): Record<string, unknown> {
  return {
    name,
    config: {
      served_entities: [{
        name: "gpt-4o",
        external_model: { name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: SECRETS.plaintextKey } },
      }],
    },
    tags: [{ key: "team", value: "reliability" }],
  };
}
