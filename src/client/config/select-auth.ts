import { existsSync } from "node:fs";
import type { AuthConfig } from "./auth-config.js";
import { isTruthy, parseScopes, type AttributeKey, type AttributeValues, type AuthType } from "./attributes.js";
import { expandHome } from "./config-file.js";
import { findExecutable } from "./find-executable.js";

/** Where an attribute's value came from. */
export type Origin = "options" | "environment" | "profile";

/** What {@link selectAuth} decided: an auth config (and the attributes it used), nothing, or a loud error. */
export type Selection =
  | { readonly kind: "auth"; readonly auth: AuthConfig; readonly keys: readonly AttributeKey[] }
  | { readonly kind: "none"; readonly notes: readonly string[] }
  | { readonly kind: "error"; readonly message: string; readonly fixes: readonly string[] };

/** The Azure Databricks login application (the resource of its AAD tokens). */
export const AZURE_LOGIN_APP_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/**
 * Whether a host is an Azure Databricks workspace (`*.azuredatabricks.net`, US Gov, China).
 *
 * @example
 * isAzureHost("https://adb-1.11.azuredatabricks.net"); // true
 */
export function isAzureHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.replace(/^[a-z]+:\/\//i, "").split(/[/:]/)[0] ?? "";
  return /\.(azuredatabricks\.net|databricks\.azure\.us|databricks\.azure\.cn)$/i.test(name);
}

// The implicit chain, in the Python SDK's order for the types this client has.
const CHAIN: readonly AuthType[] = [
  "pat",
  "basic",
  "metadata-service",
  "oauth-m2m",
  "env-oidc",
  "file-oidc",
  "github-oidc",
  "azure-client-secret",
  "azure-msi",
  "azure-cli",
  "databricks-cli",
];

interface Needs {
  readonly auth?: AuthConfig;
  readonly keys: readonly AttributeKey[];
  /** Why it does not apply (for an explicit auth_type: the error; in the chain: a note). */
  readonly missing?: string;
  readonly fixes?: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function build(type: AuthType, v: AttributeValues, env: Env, profile: string | undefined): Needs {
  const scopes = parseScopes(v.scopes);
  switch (type) {
    case "pat":
      return v.token === undefined ? { keys: ["token"], missing: "auth_type=pat needs a token", fixes: ["export DATABRICKS_TOKEN=<personal access token>", "or token = … in the profile"] } : { auth: { type, token: v.token }, keys: ["token"] };
    case "basic":
      return v.username === undefined || v.password === undefined
        ? { keys: ["username", "password"], missing: "auth_type=basic needs a username and a password", fixes: ["export DATABRICKS_USERNAME=… and DATABRICKS_PASSWORD=…"] }
        : { auth: { type, username: v.username, password: v.password }, keys: ["username", "password"] };
    case "oauth-m2m":
      return v.clientId === undefined || v.clientSecret === undefined
        ? { keys: ["clientId", "clientSecret"], missing: "auth_type=oauth-m2m needs a client id and a client secret (a service principal's OAuth secret)", fixes: ["export DATABRICKS_CLIENT_ID=… and DATABRICKS_CLIENT_SECRET=…"] }
        : { auth: { type, clientId: v.clientId, clientSecret: v.clientSecret, scopes }, keys: ["clientId", "clientSecret"] };
    case "metadata-service":
      return v.metadataServiceUrl === undefined
        ? { keys: ["metadataServiceUrl"], missing: "auth_type=metadata-service needs DATABRICKS_METADATA_SERVICE_URL", fixes: ["export DATABRICKS_METADATA_SERVICE_URL=http://localhost:<port>/<path>"] }
        : { auth: { type, url: v.metadataServiceUrl }, keys: ["metadataServiceUrl"] };
    case "env-oidc": {
      const name = v.oidcTokenEnv ?? "DATABRICKS_OIDC_TOKEN";
      const present = (env[name] ?? "") !== "";
      return present
        ? { auth: { type, tokenEnv: name, clientId: v.clientId, scopes }, keys: v.oidcTokenEnv !== undefined ? ["oidcTokenEnv"] : [] }
        : { keys: ["oidcTokenEnv"], missing: `env-oidc: the environment variable ${name} (the OIDC ID token) is not set`, fixes: [`export ${name}=<OIDC ID token>`, "or DATABRICKS_OIDC_TOKEN_ENV=<the variable that holds it>"] };
    }
    case "file-oidc": {
      const path = v.oidcTokenFilepath === undefined ? undefined : expandHome(v.oidcTokenFilepath);
      if (path === undefined) return { keys: ["oidcTokenFilepath"], missing: "auth_type=file-oidc needs DATABRICKS_OIDC_TOKEN_FILEPATH", fixes: ["export DATABRICKS_OIDC_TOKEN_FILEPATH=/path/to/id-token"] };
      return { auth: { type, path, clientId: v.clientId, scopes }, keys: ["oidcTokenFilepath"] };
    }
    case "github-oidc": {
      const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
      const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      const lacking = [v.clientId === undefined ? "DATABRICKS_CLIENT_ID" : "", url === undefined || url === "" ? "ACTIONS_ID_TOKEN_REQUEST_URL" : "", token === undefined || token === "" ? "ACTIONS_ID_TOKEN_REQUEST_TOKEN" : ""].filter((s) => s !== "");
      if (lacking.length > 0 || v.clientId === undefined || url === undefined || token === undefined) {
        return { keys: ["clientId"], missing: `github-oidc needs ${lacking.join(", ")}`, fixes: ["in GitHub Actions: `permissions: id-token: write` on the job gives ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN", "export DATABRICKS_CLIENT_ID=<the service principal's application id>"] };
      }
      return { auth: { type, clientId: v.clientId, requestUrl: url, requestToken: token, audience: v.tokenAudience, scopes }, keys: ["clientId"] };
    }
    case "azure-client-secret": {
      const azure = isAzureHost(v.host) || v.azureWorkspaceResourceId !== undefined;
      if (v.azureClientId === undefined || v.azureClientSecret === undefined || v.azureTenantId === undefined || !azure) {
        return { keys: ["azureClientId", "azureClientSecret", "azureTenantId"], missing: "azure-client-secret needs ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID, and an Azure Databricks host", fixes: ["export ARM_CLIENT_ID=… ARM_CLIENT_SECRET=… ARM_TENANT_ID=… DATABRICKS_HOST=https://adb-….azuredatabricks.net"] };
      }
      return {
        auth: { type, clientId: v.azureClientId, clientSecret: v.azureClientSecret, tenantId: v.azureTenantId, loginAppId: v.azureLoginAppId ?? AZURE_LOGIN_APP_ID, resourceId: v.azureWorkspaceResourceId, environment: (v.azureEnvironment ?? "PUBLIC").toUpperCase() },
        keys: ["azureClientId", "azureClientSecret", "azureTenantId"],
      };
    }
    case "azure-msi":
      return isTruthy(v.azureUseMsi)
        ? { auth: { type, clientId: v.azureClientId, loginAppId: v.azureLoginAppId ?? AZURE_LOGIN_APP_ID, resourceId: v.azureWorkspaceResourceId }, keys: ["azureUseMsi"] }
        : { keys: ["azureUseMsi"], missing: "azure-msi needs ARM_USE_MSI=true (on an Azure VM with a managed identity)", fixes: ["export ARM_USE_MSI=true"] };
    case "azure-cli": {
      const azure = isAzureHost(v.host) || v.azureWorkspaceResourceId !== undefined;
      const az = findExecutable("az", env);
      if (az === undefined) return { keys: [], missing: "azure-cli: cannot find the `az` command on PATH", fixes: ["install the Azure CLI and run `az login`"] };
      if (!azure) return { keys: [], missing: "azure-cli needs an Azure Databricks host (*.azuredatabricks.net) or DATABRICKS_AZURE_RESOURCE_ID" };
      return { auth: { type, azPath: az, resourceId: v.azureWorkspaceResourceId, loginAppId: v.azureLoginAppId ?? AZURE_LOGIN_APP_ID, tenantId: v.azureTenantId }, keys: ["azureWorkspaceResourceId"] };
    }
    case "databricks-cli": {
      const cli = v.databricksCliPath !== undefined ? findExecutable(expandHome(v.databricksCliPath), env) : findExecutable("databricks", env);
      if (cli === undefined) {
        const where = v.databricksCliPath !== undefined ? `databricks_cli_path ${v.databricksCliPath} is not an executable file` : "cannot find the `databricks` command on PATH";
        return { keys: ["databricksCliPath"], missing: `databricks-cli: ${where}`, fixes: ["install the Databricks CLI (https://docs.databricks.com/dev-tools/cli/install.html) and run `databricks auth login`", "or set DATABRICKS_CLI_PATH=/path/to/databricks", "or use `deployments auth login` (auth_type = external-browser needs no CLI)"] };
      }
      return { auth: { type, cliPath: cli, profile }, keys: ["databricksCliPath"] };
    }
    case "external-browser": {
      const clientId = v.clientId ?? v.azureClientId ?? "databricks-cli";
      return { auth: { type, clientId, clientSecret: v.clientSecret, scopes: [...scopes, "offline_access"], profile }, keys: ["clientId"] };
    }
  }
}

/**
 * Picks the auth type from resolved attribute values: the forced `auth_type` (whose requirements
 * must then hold), else the first type of the implicit chain that applies. External-browser is
 * never picked implicitly (it would open a browser); `deployments auth login` writes it into the
 * profile. `databricks-cli` applies to a host with no credentials when the CLI is installed.
 *
 * @example
 * selectAuth({ host: "https://x", token: "t" }, {}, undefined); // { kind: "auth", auth: { type: "pat", token: "t" }, keys: ["token"] }
 */
export function selectAuth(v: AttributeValues, env: Env, profile: string | undefined): Selection {
  if (v.authType !== undefined) {
    const type = v.authType as AuthType;
    const needs = build(type, v, env, profile);
    if (needs.auth === undefined) return { kind: "error", message: needs.missing ?? `auth_type=${type} cannot work with this configuration`, fixes: [...(needs.fixes ?? []), "or unset DATABRICKS_AUTH_TYPE / auth_type to let the client pick"] };
    return { kind: "auth", auth: needs.auth, keys: [...needs.keys, "authType"] };
  }
  const notes: string[] = [];
  for (const type of CHAIN) {
    const needs = build(type, v, env, profile);
    if (needs.auth !== undefined) {
      // The SDKs re-read a file-oidc token on every refresh; one that is not there yet is still this type.
      if (needs.auth.type === "file-oidc" && !existsSync(needs.auth.path)) notes.push(`file-oidc: ${needs.auth.path} does not exist (yet)`);
      return { kind: "auth", auth: needs.auth, keys: needs.keys };
    }
    if (type === "databricks-cli" && v.host !== undefined && needs.missing !== undefined) notes.push(needs.missing);
  }
  return { kind: "none", notes };
}
