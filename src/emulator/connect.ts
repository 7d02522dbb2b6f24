import type { DatabricksDeploymentClient } from "../client/client.js";
import type { ClientOptions } from "../client/client-options.js";
import { hasDatabricksConfiguration } from "../client/config/resolve-credentials.js";
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
  /**
   * `true`: never look for a workspace, always start the emulator. An object: options of the
   * emulator started when nothing at all is configured (default: loopback, free port, 20 ms/token,
   * 300 ms deploys).
   */
  readonly emulator?: EmulatorOptions | boolean;
  /** Never look for a workspace; always start the emulator (as `emulator: true`). */
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
 * A client for a real workspace when any Databricks configuration exists (a target, a
 * `DATABRICKS_*` variable, a config file); a seeded in-process emulator on 127.0.0.1 only when
 * nothing at all is configured, or when `emulator: true` forces it. A configuration that exists
 * but does not work (a host without credentials, a broken config file, a bad host) is thrown as
 * its `ConfigurationError`, never silently replaced by the emulator. The first line of every
 * notebook and of `npm start`.
 *
 * @example
 * import { connect } from "databricks-deployments/emulator";
 * const { client, description, close } = await connect();
 * console.log(description);
 * await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hello" }] } });
 * await close();
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const forced = options.emulatorOnly === true || options.emulator === true;
  if (!forced && hasDatabricksConfiguration(options.target, options.client ?? {})) {
    // Something is configured: it works, or its error (which says where it looked) is the answer.
    const client = getDeployClient(options.target, options.client ?? {});
    return { client, kind: "databricks", description: `workspace ${client.host} (${client.authType} auth from ${client.credentialsSource})`, close: async () => {} };
  }
  const emulatorOptions = typeof options.emulator === "object" ? options.emulator : {};
  const emulator = await startEmulator({ seed: options.seed ?? true, streamDelayMs: 20, deployDelayMs: 300, ...emulatorOptions });
  // Workspace credentials from the options must not leak into the emulator's client.
  const client = emulator.client({ ...options.client, host: undefined, token: undefined, profile: undefined, authType: undefined, clientId: undefined, clientSecret: undefined, username: undefined, password: undefined, env: {} });
  return {
    client,
    kind: "emulator",
    description: `emulator at ${emulator.url} (${describeForward(emulatorOptions.forward)})`,
    emulator,
    close: () => emulator.close(),
  };
}

function describeForward(forward: boolean | string | undefined): string {
  if (forward === true) return "OpenAI models forwarded to api.openai.com";
  if (typeof forward === "string") return `OpenAI models forwarded to ${forward}`;
  return "simulated model";
}
