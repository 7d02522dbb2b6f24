// Shared pieces of the ACL suites: a multi-user emulator on a real socket and a capturing
// OpenAI-compatible upstream (what a hostile user would point an endpoint at).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index.js";

export const ALICE = "dapi-acl-alice-0001";
export const BOB = "dapi-acl-bob-0002";
export const CAROL = "dapi-acl-carol-0003";
export const ADMIN = "dapi-acl-admin-0004";

/** alice and bob (plain users), carol (in group `ml-team`), root (an admin). alice is the main user. */
export function startWorkspace(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    deployDelayMs: 0,
    ...options,
    users: [
      { name: "alice@example.com", token: ALICE },
      { name: "bob@example.com", token: BOB },
      { name: "carol@example.com", token: CAROL, groups: ["ml-team"] },
      { name: "root@example.com", token: ADMIN, admin: true },
    ],
  });
}

/** One request an upstream received. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A capturing OpenAI-compatible upstream. */
export interface Upstream {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** Starts an upstream that records every request and answers a one-word chat completion. */
export async function startUpstream(): Promise<Upstream> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString("utf8")));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "up-1", object: "chat.completion", model: "gpt-4", choices: [{ index: 0, message: { role: "assistant", content: "forwarded" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A chat config whose OpenAI key is `key` (a reference or, with `plaintext`, a literal), optionally at `base`. */
export function chatConfigWith(key: string, base?: string, plaintext = false) {
  const openai_config: Record<string, string> = plaintext ? { openai_api_key_plaintext: key } : { openai_api_key: key };
  if (base !== undefined) openai_config["openai_api_base"] = base;
  return { served_entities: [{ name: "m", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config } }] };
}
