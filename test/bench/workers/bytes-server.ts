/**
 * The bare node:http baseline for the emulator's throughput: answers every request with the exact
 * bytes and content type it was given (the emulator's own reply, captured by the parent).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "../lib/proc.js";

let body = Buffer.alloc(0);
let contentType = "application/json";
const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "content-type": contentType, "content-length": body.length });
    res.end(body);
  });
});
const listening = new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
serve({
  async url() { await listening; return `http://127.0.0.1:${(server.address() as AddressInfo).port}`; },
  set(m) { body = Buffer.from(String(m.body)); contentType = String(m.contentType ?? contentType); return true; },
});
