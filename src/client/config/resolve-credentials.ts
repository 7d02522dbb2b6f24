import type { AuthConfig } from "./auth.js";
import { configFilePath, readConfigFile, type ProfileValues } from "./config-file.js";
import { normalizeHost } from "./host.js";
import { ConfigurationError } from "../../errors/configuration-error.js";

/** Credential inputs: explicit values, plus where to look (injectable for tests and sandboxes). */
export interface CredentialOptions {
  readonly host?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** A `~/.databrickscfg` profile name (as `databricks://<profile>`). */
  readonly profile?: string | undefined;
  /** Config file path; default `DATABRICKS_CONFIG_FILE`, else `~/.databrickscfg`. */
  readonly configFile?: string | undefined;
  /** Environment to read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Where the client will connect and how it authenticates; `source` says where that came from. */
export interface ResolvedCredentials {
  readonly host: string;
  readonly auth: AuthConfig;
  readonly source: string;
}

interface Partial {
  host?: string | undefined;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/**
 * The profile a target names: `"databricks"` → none (environment, then `DEFAULT`),
 * `"databricks://<profile>"` → only that profile.
 *
 * @example
 * parseTarget("databricks://prod"); // { profile: "prod" }
 */
export function parseTarget(target: string): { profile: string | undefined } {
  if (target === "databricks") return { profile: undefined };
  const m = /^databricks:\/\/([^/:\s]+)\/?$/.exec(target);
  if (m !== null) return { profile: m[1] };
  if (/^databricks:\/\/[^/\s]+:[^/\s]+$/.test(target)) {
    throw new ConfigurationError(`Target ${JSON.stringify(target)} names a secret scope and prefix, which only works inside a Databricks runtime. Use "databricks" or "databricks://<profile>".`);
  }
  throw new ConfigurationError(`Unsupported deployments target ${JSON.stringify(target)}: use "databricks" or "databricks://<profile>".`);
}

function authOf(p: Partial): AuthConfig | undefined {
  if (p.token !== undefined) return { type: "pat", token: p.token };
  if (p.username !== undefined && p.password !== undefined) return { type: "basic", username: p.username, password: p.password };
  if (p.clientId !== undefined && p.clientSecret !== undefined) return { type: "oauth-m2m", clientId: p.clientId, clientSecret: p.clientSecret };
  return undefined;
}

function defined(p: Partial): Partial {
  const out: Partial = {};
  for (const [k, v] of Object.entries(p) as [keyof Partial, string | undefined][]) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

function describe(p: Partial): string {
  const have = Object.keys(defined(p));
  return have.length === 0 ? "nothing" : have.join(", ");
}

const fromProfile = (v: ProfileValues): Partial => ({ host: v.host, token: v.token, username: v.username, password: v.password, clientId: v.client_id, clientSecret: v.client_secret });

/**
 * Finds host and credentials in this order: explicit options; the environment (`DATABRICKS_HOST`
 * with `DATABRICKS_TOKEN`, or `DATABRICKS_USERNAME`/`DATABRICKS_PASSWORD`, or
 * `DATABRICKS_CLIENT_ID`/`DATABRICKS_CLIENT_SECRET`); the config file's profile
 * (`databricks://<profile>`, `DATABRICKS_CONFIG_PROFILE`, else `[DEFAULT]`). A target naming a
 * profile reads only that profile. Explicit options overlay whichever source is used. Throws
 * `ConfigurationError` listing every place it looked (never a credential's value) and how to fix it.
 *
 * @example
 * resolveCredentials("databricks://dev", { configFile: "/tmp/databrickscfg" }).host;
 */
export function resolveCredentials(target: string | undefined, options: CredentialOptions = {}): ResolvedCredentials {
  const env = options.env ?? process.env;
  const effectiveTarget = target !== undefined && target !== "" ? target : env.MLFLOW_DEPLOYMENTS_TARGET !== undefined && env.MLFLOW_DEPLOYMENTS_TARGET !== "" ? env.MLFLOW_DEPLOYMENTS_TARGET : "databricks";
  const targetProfile = parseTarget(effectiveTarget).profile;
  const explicit = defined({ host: options.host, token: options.token, username: options.username, password: options.password, clientId: options.clientId, clientSecret: options.clientSecret });
  const searched: string[] = [];

  const accept = (p: Partial, source: string): ResolvedCredentials | undefined => {
    const merged = { ...p, ...explicit };
    const auth = authOf(merged);
    if (merged.host === undefined || auth === undefined) return undefined;
    return { host: normalizeHost(merged.host), auth, source };
  };

  const onlyOptions = accept({}, "options");
  if (onlyOptions !== undefined) return onlyOptions;
  searched.push(`options: ${describe(explicit)} given`);

  const profileName = targetProfile ?? options.profile ?? (env.DATABRICKS_CONFIG_PROFILE || undefined);
  if (targetProfile === undefined && options.profile === undefined) {
    const fromEnv = defined({
      host: env.DATABRICKS_HOST,
      token: env.DATABRICKS_TOKEN,
      username: env.DATABRICKS_USERNAME,
      password: env.DATABRICKS_PASSWORD,
      clientId: env.DATABRICKS_CLIENT_ID,
      clientSecret: env.DATABRICKS_CLIENT_SECRET,
    });
    const found = accept(fromEnv, "environment");
    if (found !== undefined) return found;
    const names = Object.keys(fromEnv).map((k) => ({ host: "DATABRICKS_HOST", token: "DATABRICKS_TOKEN", username: "DATABRICKS_USERNAME", password: "DATABRICKS_PASSWORD", clientId: "DATABRICKS_CLIENT_ID", clientSecret: "DATABRICKS_CLIENT_SECRET" })[k as keyof Partial]);
    searched.push(`environment: ${names.length === 0 ? "no DATABRICKS_* credential variables set" : `only ${names.join(", ")} set`} (needs DATABRICKS_HOST and DATABRICKS_TOKEN, or a username/password or client id/secret pair)`);
  }

  const path = options.configFile ?? configFilePath(env);
  const file = readConfigFile(path);
  const section = profileName ?? "DEFAULT";
  if (file === undefined) {
    searched.push(`config file ${path}: does not exist`);
  } else {
    const values = file[section];
    if (values === undefined) {
      const known = Object.keys(file);
      searched.push(`config file ${path}: no [${section}] profile (profiles: ${known.length === 0 ? "none" : known.join(", ")})`);
    } else {
      const found = accept(fromProfile(values), `profile [${section}] in ${path}`);
      if (found !== undefined) return found;
      searched.push(`config file ${path}: profile [${section}] has ${describe(fromProfile(values))} (needs host and token, username/password or client_id/client_secret)`);
    }
  }

  const lines = [
    `No Databricks credentials found for target ${JSON.stringify(effectiveTarget)}. Looked at:`,
    ...searched.map((s) => `  - ${s}`),
    "Fix it with one of:",
    "  - export DATABRICKS_HOST=https://<workspace>.cloud.databricks.com and DATABRICKS_TOKEN=<personal access token>",
    `  - add a [${section}] profile with host and token to ${path} (\`databricks auth login\` or \`databricks configure\` writes one)`,
    "  - pass { host, token } to getDeployClient / new DatabricksDeploymentClient",
    "  - or, with no workspace at all, use the local emulator: startEmulator() from \"databricks-deployments/emulator\"",
  ];
  throw new ConfigurationError(lines.join("\n"), searched);
}
