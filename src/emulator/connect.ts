import type { DatabricksDeploymentClient } from "../client/client.js";
import type { ClientOptions } from "../client/client-options.js";
import { ConfigurationError } from "../errors/configuration-error.js";
import { getDeployClient } from "../client/get-deploy-client.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "./start.js";

/**
 * Options of {@link connect}.
 *
 * @example
 * const conn = await connect({ target: "databricks://dev" });
 */
export interface ConnectOptions {
  /** `"databricks"` or `"databricks://<profile>"`; default: environment, then `~/.databrickscfg`. */
  readonly target?: string;
  /** Client options for the real workspace (credentials, timeouts, fetch …). */
  readonly client?: ClientOptions;
  /** Seed the fallback emulator with the `chat` endpoint (default true). */
  readonly seed?: boolean;
  /** Options of the fallback emulator (default: loopback, free port, 20 ms/token, 300 ms deploys). */
  readonly emulator?: EmulatorOptions;
  /** Never look for a workspace; always start the emulator. */
  readonly emulatorOnly?: boolean;
}

/**
 * A client plus what it is connected to.
 *
 * @example
 * const conn = await connect();
 * console.log(conn.description); // "emulator at http://127.0.0.1:PORT (simulated model)"
 * await conn.close();
 */
export interface Connection {
  readonly client: DatabricksDeploymentClient;
  readonly kind: "databricks" | "emulator";
  /** One line for humans: "workspace https://…" or "emulator at http://127.0.0.1:PORT (simulated model)". */
  readonly description: string;
  /** The in-process emulator when `kind` is "emulator". */
  readonly emulator?: Emulator;
  /** Stops the emulator if one was started; nothing to do for a workspace. */
  close(): Promise<void>;
}

/**
 * A client for a real workspace when credentials resolve (explicit target, environment or
 * profile), otherwise a seeded in-process emulator on 127.0.0.1: the first line of every notebook
 * and of `npm start`.
 *
 * @example
 * import { connect } from "databricks-deployments/emulator";
 * const { client, description, close } = await connect();
 * console.log(description);
 * await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hello" }] } });
 * await close();
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  if (options.emulatorOnly !== true) {
    try {
      const client = getDeployClient(options.target, options.client ?? {});
      return { client, kind: "databricks", description: `workspace ${client.host} (${client.credentialsSource})`, close: async () => {} };
    } catch (error) {
      // An explicit target that does not resolve is a mistake to report, not a reason to emulate.
      if (!(error instanceof ConfigurationError) || options.target !== undefined) throw error;
    }
  }
  const emulator = await startEmulator({ seed: options.seed ?? true, streamDelayMs: 20, deployDelayMs: 300, ...options.emulator });
  // Workspace credentials from the options must not leak into the emulator's client.
  const client = emulator.client({ ...options.client, host: undefined, token: undefined, profile: undefined });
  return {
    client,
    kind: "emulator",
    description: `emulator at ${emulator.url} (${describeForward(options.emulator?.forward)})`,
    emulator,
    close: () => emulator.close(),
  };
}

function describeForward(forward: boolean | string | undefined): string {
  if (forward === true) return "OpenAI models forwarded to api.openai.com";
  if (typeof forward === "string") return `OpenAI models forwarded to ${forward}`;
  return "simulated model";
}
