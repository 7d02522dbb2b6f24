import { existsSync } from "node:fs";
import type { AuthConfig } from "./auth.js";
import { ATTRIBUTES, AUTH_TYPES, type AttributeKey, type AttributeValues, type AuthType } from "./attributes.js";
import { configFilePath, readConfigFile } from "./config-file.js";
import { normalizeHost } from "./host.js";
import { selectAuth, type Origin } from "./select-auth.js";
import { ConfigurationError } from "../../errors/configuration-error.js";

/**
 * Credential inputs: explicit values (they win over the environment, which wins over the
 * profile), plus where to look (injectable for tests and sandboxes).
 *
 * @example
 * const options: CredentialOptions = { host: "https://adb-1.azuredatabricks.net", authType: "azure-cli" };
 */
export interface CredentialOptions {
  readonly host?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** OAuth client id: a service principal's (with `clientSecret`), or the U2M / federation client. */
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Forces one auth type (as `DATABRICKS_AUTH_TYPE` / profile `auth_type`); no conflict check then. */
  readonly authType?: AuthType | undefined;
  readonly accountId?: string | undefined;
  /** OAuth scopes (default `["all-apis"]`). */
  readonly scopes?: readonly string[] | undefined;
  /** The Databricks CLI for `databricks-cli` (default: `databricks` on `PATH`). */
  readonly databricksCliPath?: string | undefined;
  /** A local credential server (`metadata-service`, as the VS Code extension runs). */
  readonly metadataServiceUrl?: string | undefined;
  /** The variable holding an OIDC ID token for `env-oidc` (default `DATABRICKS_OIDC_TOKEN`). */
  readonly oidcTokenEnv?: string | undefined;
  /** A file holding an OIDC ID token for `file-oidc` (re-read on every refresh). */
  readonly oidcTokenFilepath?: string | undefined;
  /** The audience `github-oidc` asks GitHub for (default: the token endpoint URL). */
  readonly tokenAudience?: string | undefined;
  readonly azureWorkspaceResourceId?: string | undefined;
  readonly azureUseMsi?: boolean | undefined;
  readonly azureClientId?: string | undefined;
  readonly azureClientSecret?: string | undefined;
  readonly azureTenantId?: string | undefined;
  /** `PUBLIC` (default), `USGOVERNMENT` or `CHINA`. */
  readonly azureEnvironment?: string | undefined;
  readonly azureLoginAppId?: string | undefined;
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
  /** The profile that was read, if any. */
  readonly profile?: string | undefined;
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

function explicitValue(options: CredentialOptions, key: AttributeKey): string | undefined {
  const value = (options as Record<string, unknown>)[key];
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(" ");
  return undefined;
}

/** Everything the resolver saw, for messages: values, where each came from, env vars read. */
interface Gathered {
  readonly values: AttributeValues;
  readonly origin: Partial<Record<AttributeKey, Origin>>;
  readonly envUsed: string[];
  readonly searched: string[];
  readonly profile: string | undefined;
  readonly profileRead: boolean;
  readonly path: string;
}

function gather(target: string, options: CredentialOptions, env: Readonly<Record<string, string | undefined>>): Gathered {
  const targetProfile = parseTarget(target).profile;
  const values: AttributeValues = {};
  const origin: Partial<Record<AttributeKey, Origin>> = {};
  const envUsed: string[] = [];
  const searched: string[] = [];
  for (const a of ATTRIBUTES) {
    const v = explicitValue(options, a.key);
    if (v !== undefined) {
      values[a.key] = v;
      origin[a.key] = "options";
    }
  }
  const given = Object.keys(values);
  searched.push(`options: ${given.length === 0 ? "nothing" : given.join(", ")} given`);

  // A profile named by the target (or the profile option) is read alone, as MLflow does.
  const namedProfile = targetProfile ?? (options.profile?.trim() || undefined);
  {
    const seen: string[] = [];
    for (const a of ATTRIBUTES) {
      if (values[a.key] !== undefined) continue;
      // A named profile is read alone for host and credentials (MLflow); tool settings such as
      // DATABRICKS_CLI_PATH still come from the environment.
      if (namedProfile !== undefined && (a.group !== undefined || a.key === "host" || a.key === "authType")) continue;
      for (const name of a.env) {
        const v = env[name]?.trim();
        if (v === undefined || v === "") continue;
        values[a.key] = v;
        origin[a.key] = "environment";
        envUsed.push(name);
        seen.push(name);
        break;
      }
    }
    if (namedProfile === undefined && env.DATABRICKS_OIDC_TOKEN !== undefined && env.DATABRICKS_OIDC_TOKEN !== "") seen.push("DATABRICKS_OIDC_TOKEN");
    if (namedProfile !== undefined) searched.push(`environment: host and credential variables not read, because profile ${JSON.stringify(namedProfile)} was named${seen.length > 0 ? ` (${seen.join(", ")} read)` : ""}`);
    else searched.push(`environment: ${seen.length === 0 ? "no DATABRICKS_* credential variables set" : `${seen.join(", ")} set`}`);
  }
  const envProfile = env.DATABRICKS_CONFIG_PROFILE?.trim();
  let profile = namedProfile;
  if (profile === undefined && envProfile !== undefined && envProfile !== "") {
    profile = envProfile;
    envUsed.push("DATABRICKS_CONFIG_PROFILE");
  }
  if (options.configFile === undefined && env.DATABRICKS_CONFIG_FILE !== undefined && env.DATABRICKS_CONFIG_FILE !== "") envUsed.push("DATABRICKS_CONFIG_FILE");
  const path = options.configFile ?? configFilePath(env);

  // The SDKs' rule: the profile is read when one is named, or when nothing that configures auth
  // (host, any credential) came from the options or the environment.
  const configured = ATTRIBUTES.some((a) => (a.group !== undefined || a.key === "host") && values[a.key] !== undefined);
  if (profile === undefined && configured) {
    searched.push(`config file ${path}: ${existsSync(path) ? "not read, because host or credentials were given (a profile is read only when named, or when nothing else is set)" : "does not exist"}`);
    return { values, origin, envUsed, searched, profile: undefined, profileRead: false, path };
  }
  const file = readConfigFile(path);
  if (file === undefined) {
    searched.push(`config file ${path}: does not exist`);
    if (profile !== undefined) {
      throw failure(`Profile ${JSON.stringify(profile)} was asked for, but the config file ${path} does not exist`, searched, [
        `create it: \`deployments auth login --profile ${profile} --host https://<workspace>.cloud.databricks.com\` (or \`databricks auth login\`)`,
        "or point DATABRICKS_CONFIG_FILE at the file that has the profile",
      ]);
    }
    return { values, origin, envUsed, searched, profile: undefined, profileRead: false, path };
  }
  const section = profile ?? file.__settings__?.default_profile ?? "DEFAULT";
  const found = file[section];
  if (found === undefined) {
    const known = Object.keys(file).filter((n) => n !== "__settings__");
    searched.push(`config file ${path}: no [${section}] profile (profiles: ${known.length === 0 ? "none" : known.join(", ")})`);
    if (profile !== undefined) {
      throw failure(`resolve: ${path} has no ${section} profile configured (profiles: ${known.length === 0 ? "none" : known.join(", ")})`, searched, [
        known.length > 0 ? `use one of them: --profile ${known[0]} / databricks://${known[0]}` : `add a [${section}] section`,
        `or create it: \`deployments auth login --profile ${section} --host https://<workspace>.cloud.databricks.com\``,
      ]);
    }
    return { values, origin, envUsed, searched, profile: undefined, profileRead: false, path };
  }
  const filled: string[] = [];
  for (const a of ATTRIBUTES) {
    const v = found[a.profileKey];
    if (values[a.key] !== undefined || v === undefined || v === "") continue;
    values[a.key] = v;
    origin[a.key] = "profile";
    filled.push(a.profileKey);
  }
  searched.push(`config file ${path}: profile [${section}] has ${filled.length === 0 ? "nothing this client reads" : filled.join(", ")}`);
  return { values, origin, envUsed, searched, profile: section, profileRead: true, path };
}

/**
 * A `ConfigurationError` in the client's style: what is wrong, every place looked at, how to fix it.
 *
 * @example
 * throw failure("host is not set", searched, ["export DATABRICKS_HOST=https://…"]);
 */
export function failure(what: string, searched: readonly string[], fixes: readonly string[], debug?: string): ConfigurationError {
  const lines = [`${what}${debug === undefined ? "" : `. ${debug}`}`];
  if (searched.length > 0) lines.push("Looked at:", ...searched.map((s) => `  - ${s}`));
  if (fixes.length > 0) lines.push("Fix it with one of:", ...fixes.map((s) => `  - ${s}`));
  return new ConfigurationError(lines.join("\n"), searched);
}

/** The SDKs' debug suffix: `Config: host=https://x, token=***. Env: DATABRICKS_HOST`. */
function debugSuffix(g: Gathered): string {
  const parts: string[] = [];
  for (const a of ATTRIBUTES) {
    const v = g.values[a.key];
    if (v !== undefined) parts.push(`${a.profileKey}=${a.sensitive === true ? "***" : v}`);
  }
  if (g.profile !== undefined) parts.push(`profile=${g.profile}`);
  if (g.envUsed.includes("DATABRICKS_CONFIG_FILE")) parts.push(`config_file=${g.path}`);
  const config = parts.length === 0 ? "" : `Config: ${parts.join(", ")}`;
  const env = g.envUsed.length === 0 ? "" : `Env: ${g.envUsed.join(", ")}`;
  return [config, env].filter((s) => s !== "").join(". ");
}

/**
 * Finds host and credentials as Databricks unified authentication does: explicit options, then
 * the environment (`DATABRICKS_HOST`, `DATABRICKS_TOKEN`, `DATABRICKS_CLIENT_ID` …), then the
 * config file's profile (`databricks://<profile>`, `DATABRICKS_CONFIG_PROFILE`, else `[DEFAULT]`),
 * each filling only what is still unset. The profile is read only when named or when nothing else
 * configures auth. `authType` / `DATABRICKS_AUTH_TYPE` / profile `auth_type` forces one method;
 * otherwise the first that applies of pat, basic, metadata-service, oauth-m2m, env-oidc,
 * file-oidc, github-oidc, azure-client-secret, azure-msi, azure-cli, databricks-cli is used, and
 * two methods at once are an error. Throws `ConfigurationError` listing every place it looked
 * (never a credential's value) and how to fix it.
 *
 * @example
 * resolveCredentials("databricks://dev", { configFile: "/tmp/databrickscfg" }).host;
 */
export function resolveCredentials(target: string | undefined, options: CredentialOptions = {}): ResolvedCredentials {
  const env = options.env ?? process.env;
  const effectiveTarget = target !== undefined && target !== "" ? target : env.MLFLOW_DEPLOYMENTS_TARGET !== undefined && env.MLFLOW_DEPLOYMENTS_TARGET !== "" ? env.MLFLOW_DEPLOYMENTS_TARGET : "databricks";
  const g = gather(effectiveTarget, options, env);
  const v = g.values;
  const debug = debugSuffix(g);
  const sectionHint = g.profile ?? "DEFAULT";

  if (v.authType !== undefined && !(AUTH_TYPES as readonly string[]).includes(v.authType)) {
    throw failure(`auth_type ${JSON.stringify(v.authType)} (from ${originText(g, "authType")}) is not one this client implements`, g.searched, [`use one of: ${AUTH_TYPES.join(", ")}`], debug);
  }
  if (v.authType === undefined) {
    const groups = [...new Set(ATTRIBUTES.filter((a) => a.group !== undefined && v[a.key] !== undefined).map((a) => a.group as string))].sort();
    if (groups.length > 1) {
      throw failure(`validate: more than one authorization method configured: ${groups.join(" and ")}`, g.searched, [
        "remove all but one method's settings (an environment variable overrides nothing a profile sets: it adds to it)",
        `or pick one explicitly: DATABRICKS_AUTH_TYPE=${groups[0] === "oauth" ? "oauth-m2m" : groups[0]} (or auth_type in the profile)`,
      ], debug);
    }
  }

  const selected = selectAuth(v, env, g.profile);
  if (selected.kind === "error") throw failure(selected.message, g.searched, selected.fixes, debug);
  if (selected.kind === "none") {
    const host = v.host;
    const fixes = host === undefined
      ? [
          "export DATABRICKS_HOST=https://<workspace>.cloud.databricks.com and DATABRICKS_TOKEN=<personal access token>",
          `log in: \`deployments auth login --host https://<workspace>.cloud.databricks.com\` (writes a [${sectionHint}] profile), or \`databricks auth login\``,
          "pass { host, token } to getDeployClient / new DatabricksDeploymentClient",
          "or, with no workspace at all, use the local emulator: startEmulator() from \"databricks-deployments/emulator\" (`deployments chat --emulator`)",
        ]
      : [
          `log in to ${host}: \`deployments auth login --host ${host}\` (browser OAuth), or \`databricks auth login --host ${host}\` with the Databricks CLI on PATH`,
          "or add a token: export DATABRICKS_TOKEN=<personal access token> (or token = … in the profile)",
          "or a service principal: DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET",
          "or, for the local emulator instead, unset DATABRICKS_HOST (startEmulator() from \"databricks-deployments/emulator\", `deployments chat --emulator`)",
        ];
    const what = host === undefined
      ? `No Databricks credentials found for target ${JSON.stringify(effectiveTarget)}`
      : `default auth: cannot configure default credentials for ${host}: a host is set but no credentials, and the Databricks CLI (databricks-cli auth) is not on PATH`;
    throw failure(what, [...g.searched, ...selected.notes], fixes, debug);
  }
  const auth = selected.auth;
  if (v.host === undefined) {
    throw failure(`${auth.type} credentials are configured (from ${originText(g, selected.keys[0] ?? "authType")}) but no host`, g.searched, [
      "export DATABRICKS_HOST=https://<workspace>.cloud.databricks.com",
      `or add host = … to the [${sectionHint}] profile in ${g.path}`,
    ], debug);
  }
  let host: string;
  try {
    host = normalizeHost(v.host);
  } catch (e) {
    throw failure(`${(e as Error).message} (host from ${originText(g, "host")})`, g.searched, [], undefined);
  }
  const source = sourceText(g, ["host", ...selected.keys]);
  return g.profileRead && g.profile !== undefined ? { host, auth, source, profile: g.profile } : { host, auth, source };
}

function originText(g: Gathered, key: AttributeKey): string {
  const o = g.origin[key];
  if (o === "profile") return `profile [${g.profile}] in ${g.path}`;
  if (o === "environment") {
    const spec = ATTRIBUTES.find((a) => a.key === key);
    return spec?.env.find((name) => g.envUsed.includes(name)) ?? "the environment";
  }
  return o ?? "defaults";
}

function sourceText(g: Gathered, keys: readonly AttributeKey[]): string {
  const origins = new Set<Origin>();
  for (const k of keys) {
    const o = g.origin[k];
    if (o !== undefined) origins.add(o);
  }
  const order: Origin[] = ["options", "environment", "profile"];
  const names = order.filter((o) => origins.has(o)).map((o) => (o === "profile" ? `profile [${g.profile}] in ${g.path}` : o));
  return names.length === 0 ? "defaults" : names.join(" + ");
}

/**
 * Whether any Databricks configuration exists at all: an explicit target or credential option,
 * any `DATABRICKS_*` auth variable, `MLFLOW_DEPLOYMENTS_TARGET`, or a config file.
 * `connect()` and `deployments chat` start the emulator only when this is false.
 *
 * @example
 * if (!hasDatabricksConfiguration(undefined, {})) console.log("no workspace configured: using the emulator");
 */
export function hasDatabricksConfiguration(target: string | undefined, options: CredentialOptions = {}): boolean {
  const env = options.env ?? process.env;
  if (target !== undefined && target !== "") return true;
  if (ATTRIBUTES.some((a) => explicitValue(options, a.key) !== undefined) || options.profile !== undefined) return true;
  // ARM_* alone is Azure tooling (Terraform, az), not a Databricks configuration.
  // DATABRICKS_CONFIG_FILE only says where to look: a file that is not there configures nothing.
  const vars = ["MLFLOW_DEPLOYMENTS_TARGET", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_OIDC_TOKEN", ...ATTRIBUTES.flatMap((a) => a.env).filter((name) => name.startsWith("DATABRICKS_"))];
  if (vars.some((name) => (env[name]?.trim() ?? "") !== "")) return true;
  return existsSync(options.configFile ?? configFilePath(env));
}
