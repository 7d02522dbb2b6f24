import type { EmulatorHandler, EmulatorRequest } from "./types.js";

/**
 * Adapts the core handler to the fetch signature `(Request) => Promise<Response>`, so the whole
 * emulator can be exercised in-process without a socket (like Hono's `app.request()`).
 *
 * @example
 * const res = await emulator.fetch(new Request("http://emulator/api/2.0/serving-endpoints", { headers: { authorization: `Bearer ${emulator.token}` } }));
 */
export function toFetchHandler(handler: EmulatorHandler, maxBodyBytes: number): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const text = request.body === null ? "" : await request.text();
    const tooLarge = Buffer.byteLength(text) > maxBodyBytes;
    const call: EmulatorRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      header: (name) => request.headers.get(name) ?? undefined,
      bodyText: tooLarge ? "" : text,
      ...(tooLarge ? { bodyLimitExceeded: maxBodyBytes } : {}),
      signal: request.signal,
    };
    const reply = await handler(call);
    const headers = new Headers(reply.headers);
    const body = reply.body;
    if (body.kind === "json") {
      headers.set("content-type", "application/json");
      return new Response(JSON.stringify(body.value), { status: reply.status, headers });
    }
    headers.set("content-type", body.contentType);
    if (body.kind === "text") return new Response(body.text, { status: reply.status, headers });
    const encoder = new TextEncoder();
    const iterator = body.chunks[Symbol.asyncIterator]();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(stream, { status: reply.status, headers });
  };
}
