/**
 * A stream body whose bytes are all known when the reply is made (an unpaced simulated stream).
 * It is still an `AsyncIterable` (one chunk), so every consumer of a stream body works as before;
 * the node:http adapter recognises it and writes it with `res.end(bytes)`: one socket write, no
 * async iteration, no per-tick cork, and a Buffer rather than a string for the socket to encode
 * (the profile of an unpaced c=16 stream showed `writev` of the string chunk as its largest cost).
 * The wire bytes are the same as a one-chunk stream: a single HTTP chunk, then the last-chunk.
 *
 * @example
 * const chunks = new ReadyStream(Buffer.from("data: {\"id\":\"x\"}\n\ndata: [DONE]\n\n"));
 * for await (const chunk of chunks) console.log(chunk.length);
 */
export class ReadyStream implements AsyncIterable<Uint8Array> {
  constructor(readonly bytes: Uint8Array) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    yield this.bytes;
  }
}
