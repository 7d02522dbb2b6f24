import { ResponseTooLargeError } from "../../errors/response-too-large-error.js";

/**
 * The error for a body past `limit` bytes (after decompression).
 *
 * @example
 * if (received > limit) throw tooLarge(limit);
 */
export function tooLarge(limit: number): ResponseTooLargeError {
  return new ResponseTooLargeError(`The response is larger than maxResponseBytes (${limit} bytes); it was not read further`, "body", limit);
}

/**
 * Reads a byte stream to the end as UTF-8 text, stopping with `ResponseTooLargeError` as soon as
 * more than `limit` bytes have arrived (`onTooLarge` then stops the source).
 *
 * @example
 * const text = await readBounded(res.body, 64 * 2 ** 20, () => controller.abort());
 */
export async function readBounded(source: AsyncIterable<Uint8Array>, limit: number, onTooLarge: () => void): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) {
      onTooLarge();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}
