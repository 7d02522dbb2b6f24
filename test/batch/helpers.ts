// Shared by the batch tests: an emulator with an unlimited endpoint, a proxy that resets chosen
// requests after reading them, and a client whose retry waits move the emulator's manual clock.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator, type EmulatorOptions, type ManualClock } from "../../src/emulator/index.js";
import { PIPELINE_TIME, type InternalClientOptions } from "../../src/client/internal-options.js";
import type { DatabricksDeploymentClient } from "../../src/index.js";

export const chatConfig = {
  served_entities: [{ name: "gpt", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } }],
};

/** One logged invocation: the emulator clock when it was answered, and its status. */
export interface Hit {
  readonly at: number;
  readonly status: number;
  readonly path: string;
}

/** An emulator with `free` (no limits) and, when asked, `limited` (`calls` per window for the endpoint). */
export async function batchEmulator(options: EmulatorOptions & { calls?: number } = {}): Promise<{ emu: Emulator; hits: Hit[] }> {
  const hits: Hit[] = [];
  let clockNow = (): number => Date.now();
  const emu = await startEmulator({
    seed: true,
    deployDelayMs: 0,
    ...options,
    onRequest: (e) => {
      if (e.path.endsWith("/invocations")) hits.push({ at: clockNow(), status: e.status, path: e.path });
    },
  });
  clockNow = () => emu.clock.now();
  const admin = emu.client();
  await admin.createEndpoint({ name: "free", config: chatConfig });
  if (options.calls !== undefined) {
    await admin.createEndpoint({ name: "limited", config: chatConfig, rate_limits: [{ key: "endpoint", renewal_period: "minute", calls: options.calls }] } as never);
  }
  return { emu, hits };
}

/** A client of `emu` whose retry and pause waits advance `clock` instead of sleeping; `waits` records them. */
export function clockedClient(emu: Emulator, clock: ManualClock, waits: number[] = []): DatabricksDeploymentClient {
  const options: InternalClientOptions = {
    [PIPELINE_TIME]: {
      now: () => clock.now(),
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
    },
  };
  return emu.client(options);
}

/** A loopback proxy to `target` that reads each request and destroys the socket when its body contains `marker`. */
export async function resettingProxy(target: string, marker: string): Promise<{ url: string; resets: number; close(): Promise<void> }> {
  const state = { resets: 0 };
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (body.toString("utf8").includes(marker)) {
        state.resets++;
        req.socket.destroy();
        return;
      }
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on("error", () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get resets() {
      return state.resets;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export const ask = (content: string, maxTokens = 8) => ({ messages: [{ role: "user" as const, content }], max_tokens: maxTokens });
