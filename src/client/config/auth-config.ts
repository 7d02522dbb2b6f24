/**
 * How requests authenticate, as resolved from options, environment and profile: one variant per
 * Databricks unified-authentication type. Secrets in here are never printed: the client keeps
 * them behind a private field and registers each with its redactor.
 *
 * @example
 * const auth: AuthConfig = { type: "pat", token: process.env.DATABRICKS_TOKEN! };
 */
export type AuthConfig =
  | { readonly type: "pat"; readonly token: string }
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  | { readonly type: "oauth-m2m"; readonly clientId: string; readonly clientSecret: string; readonly scopes?: readonly string[] }
  | { readonly type: "databricks-cli"; readonly cliPath: string; readonly profile?: string | undefined }
  | {
      readonly type: "external-browser";
      readonly clientId: string;
      readonly clientSecret?: string | undefined;
      readonly scopes: readonly string[];
      readonly profile?: string | undefined;
    }
  | { readonly type: "metadata-service"; readonly url: string }
  | { readonly type: "env-oidc"; readonly tokenEnv: string; readonly clientId?: string | undefined; readonly scopes?: readonly string[] }
  | { readonly type: "file-oidc"; readonly path: string; readonly clientId?: string | undefined; readonly scopes?: readonly string[] }
  | {
      readonly type: "github-oidc";
      readonly clientId: string;
      readonly requestUrl: string;
      readonly requestToken: string;
      readonly audience?: string | undefined;
      readonly scopes?: readonly string[];
    }
  | { readonly type: "azure-cli"; readonly azPath: string; readonly resourceId?: string | undefined; readonly loginAppId: string; readonly tenantId?: string | undefined }
  | {
      readonly type: "azure-client-secret";
      readonly clientId: string;
      readonly clientSecret: string;
      readonly tenantId: string;
      readonly loginAppId: string;
      readonly resourceId?: string | undefined;
      readonly environment: string;
    }
  | { readonly type: "azure-msi"; readonly clientId?: string | undefined; readonly loginAppId: string; readonly resourceId?: string | undefined };
