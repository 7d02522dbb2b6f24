/**
 * The configuration attributes of Databricks unified authentication, as both official SDKs name
 * them: the option (camelCase), the `.databrickscfg` key (snake_case), the environment variables
 * and the auth group used to detect two methods configured at once.
 */
export interface AttributeSpec {
  /** The option name (`ClientOptions`). */
  readonly key: AttributeKey;
  /** The key in a `.databrickscfg` profile. */
  readonly profileKey: string;
  /** Environment variables, first one wins. */
  readonly env: readonly string[];
  /** The auth method this attribute belongs to (conflict detection). */
  readonly group?: string;
  /** Shown as `***` in every message. */
  readonly sensitive?: boolean;
}

/** Every attribute the resolver knows, by option name. */
export type AttributeKey =
  | "host"
  | "token"
  | "username"
  | "password"
  | "clientId"
  | "clientSecret"
  | "accountId"
  | "authType"
  | "scopes"
  | "databricksCliPath"
  | "metadataServiceUrl"
  | "oidcTokenEnv"
  | "oidcTokenFilepath"
  | "tokenAudience"
  | "azureWorkspaceResourceId"
  | "azureUseMsi"
  | "azureClientId"
  | "azureClientSecret"
  | "azureTenantId"
  | "azureEnvironment"
  | "azureLoginAppId";

/** The attribute table in declaration order (the order of the `Config:` part of messages). */
export const ATTRIBUTES: readonly AttributeSpec[] = [
  { key: "host", profileKey: "host", env: ["DATABRICKS_HOST"] },
  { key: "token", profileKey: "token", env: ["DATABRICKS_TOKEN"], group: "pat", sensitive: true },
  { key: "username", profileKey: "username", env: ["DATABRICKS_USERNAME"], group: "basic" },
  { key: "password", profileKey: "password", env: ["DATABRICKS_PASSWORD"], group: "basic", sensitive: true },
  { key: "clientId", profileKey: "client_id", env: ["DATABRICKS_CLIENT_ID"], group: "oauth" },
  { key: "clientSecret", profileKey: "client_secret", env: ["DATABRICKS_CLIENT_SECRET"], group: "oauth", sensitive: true },
  { key: "accountId", profileKey: "account_id", env: ["DATABRICKS_ACCOUNT_ID"] },
  { key: "authType", profileKey: "auth_type", env: ["DATABRICKS_AUTH_TYPE"] },
  { key: "scopes", profileKey: "scopes", env: [] },
  { key: "databricksCliPath", profileKey: "databricks_cli_path", env: ["DATABRICKS_CLI_PATH"] },
  { key: "metadataServiceUrl", profileKey: "metadata_service_url", env: ["DATABRICKS_METADATA_SERVICE_URL"], group: "metadata-service", sensitive: true },
  { key: "oidcTokenEnv", profileKey: "oidc_token_env", env: ["DATABRICKS_OIDC_TOKEN_ENV"], group: "env-oidc" },
  { key: "oidcTokenFilepath", profileKey: "oidc_token_filepath", env: ["DATABRICKS_OIDC_TOKEN_FILEPATH", "DATABRICKS_OIDC_TOKEN_FILE"], group: "file-oidc" },
  { key: "tokenAudience", profileKey: "token_audience", env: ["DATABRICKS_TOKEN_AUDIENCE"] },
  { key: "azureWorkspaceResourceId", profileKey: "azure_workspace_resource_id", env: ["DATABRICKS_AZURE_RESOURCE_ID"], group: "azure" },
  { key: "azureUseMsi", profileKey: "azure_use_msi", env: ["ARM_USE_MSI"], group: "azure" },
  { key: "azureClientId", profileKey: "azure_client_id", env: ["ARM_CLIENT_ID"], group: "azure" },
  { key: "azureClientSecret", profileKey: "azure_client_secret", env: ["ARM_CLIENT_SECRET"], group: "azure", sensitive: true },
  { key: "azureTenantId", profileKey: "azure_tenant_id", env: ["ARM_TENANT_ID"], group: "azure" },
  { key: "azureEnvironment", profileKey: "azure_environment", env: ["ARM_ENVIRONMENT"] },
  { key: "azureLoginAppId", profileKey: "azure_login_app_id", env: ["DATABRICKS_AZURE_LOGIN_APP_ID"], group: "azure" },
];

/** Attribute values as strings (booleans and lists are parsed where they are used). */
export type AttributeValues = { -readonly [K in AttributeKey]?: string };

/** The auth types this client implements (`DATABRICKS_AUTH_TYPE` / profile `auth_type` values). */
export const AUTH_TYPES = [
  "pat",
  "basic",
  "oauth-m2m",
  "databricks-cli",
  "external-browser",
  "metadata-service",
  "env-oidc",
  "file-oidc",
  "github-oidc",
  "azure-cli",
  "azure-client-secret",
  "azure-msi",
] as const;

/** One of {@link AUTH_TYPES}. */
export type AuthType = (typeof AUTH_TYPES)[number];

/**
 * A boolean attribute as the SDKs should have read it: `true`, `1`, `yes` (any case) are true.
 *
 * @example
 * isTruthy("false"); // false — unlike the JS SDK, which treats any non-empty string as true
 */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(true|1|yes|y|on)$/i.test(value.trim());
}

/**
 * Scopes as the Python SDK reads them: split on commas and spaces, deduplicated, sorted;
 * `["all-apis"]` when none are given.
 *
 * @example
 * parseScopes("sql, all-apis sql"); // ["all-apis", "sql"]
 */
export function parseScopes(value: string | undefined): string[] {
  const list = (value ?? "").split(/[\s,]+/).filter((s) => s.length > 0);
  return list.length === 0 ? ["all-apis"] : [...new Set(list)].sort();
}
