import { json, type EmulatorReply, type EmulatorRequest } from "../http/types.js";
import { OAuthFailure, type OAuthService } from "../oauth/service.js";

const DISCOVERY = "/oidc/.well-known/oauth-authorization-server";
const AUTHORIZE = "/oidc/v1/authorize";
const TOKEN = "/oidc/v1/token";

const oauthError = (status: number, error: string, description: string): EmulatorReply => json(status, { error, error_description: description });

function baseUrl(request: EmulatorRequest): string {
  return `http://${request.header("host") ?? "127.0.0.1"}`;
}

/** Whether a redirect URI is a loopback one (the only kind a local login may redirect to). */
function loopback(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
  } catch {
    return false;
  }
}

/**
 * The workspace's OAuth endpoints, served without a Bearer token (they hand tokens out):
 * discovery, `/.well-known/databricks-config`, the auto-consenting authorize endpoint and the
 * token endpoint (client_credentials, authorization_code + PKCE, refresh_token, token exchange).
 * `undefined` for every other path, which then goes through the normal authentication.
 *
 * @example
 * const reply = handleOAuthRequest(context.oauth, request);
 * if (reply !== undefined) return reply;
 */
export function handleOAuthRequest(oauth: OAuthService, request: EmulatorRequest): EmulatorReply | undefined {
  const path = request.path;
  if (path === DISCOVERY && request.method === "GET") {
    const base = baseUrl(request);
    return json(200, {
      issuer: `${base}/oidc`,
      authorization_endpoint: `${base}${AUTHORIZE}`,
      token_endpoint: `${base}${TOKEN}`,
      jwks_uri: `${base}/oidc/jwks.json`,
      response_types_supported: ["code"],
      grant_types_supported: ["client_credentials", "authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      scopes_supported: ["all-apis", "offline_access", "sql"],
    });
  }
  if (path === "/.well-known/databricks-config" && request.method === "GET") {
    return json(200, { oidc_endpoint: `${baseUrl(request)}/oidc`, workspace_id: "1234567890", cloud: "emulator" });
  }
  if (path === AUTHORIZE && request.method === "GET") return authorize(oauth, request.query);
  if (path === TOKEN) {
    if (request.method !== "POST") return oauthError(405, "invalid_request", "Use POST");
    return token(oauth, request);
  }
  return undefined;
}

function authorize(oauth: OAuthService, q: URLSearchParams): EmulatorReply {
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!loopback(redirectUri)) return oauthError(400, "invalid_request", "redirect_uri must be a loopback http URL (http://localhost:<port>)");
  const back = (params: Record<string, string>): EmulatorReply => {
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    return { status: 302, headers: { location: target.toString() }, body: { kind: "text", text: "", contentType: "text/plain" } };
  };
  const state = q.get("state") ?? "";
  if (q.get("response_type") !== "code") return back({ error: "unsupported_response_type", error_description: "response_type must be code", state });
  const clientId = q.get("client_id") ?? "";
  if (clientId === "") return back({ error: "invalid_request", error_description: "client_id is required", state });
  const challenge = q.get("code_challenge") ?? "";
  if (challenge === "" || q.get("code_challenge_method") !== "S256") return back({ error: "invalid_request", error_description: "PKCE with code_challenge_method=S256 is required", state });
  if (oauth.denyAuthorization) return back({ error: "access_denied", error_description: "The user denied the request", state });
  const scopes = (q.get("scope") ?? "all-apis").split(/\s+/).filter((s) => s !== "");
  return back({ code: oauth.authorize(clientId, redirectUri, challenge, scopes), state });
}

function token(oauth: OAuthService, request: EmulatorRequest): EmulatorReply {
  const type = request.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return oauthError(400, "invalid_request", "The token endpoint takes application/x-www-form-urlencoded");
  const form = new URLSearchParams(request.bodyText);
  try {
    switch (form.get("grant_type")) {
      case "client_credentials":
        return json(200, oauth.clientCredentials(request.header("authorization"), form));
      case "authorization_code":
        return json(200, oauth.authorizationCode(form));
      case "refresh_token":
        return json(200, oauth.refreshToken(form));
      case "urn:ietf:params:oauth:grant-type:token-exchange":
        return json(200, oauth.tokenExchange(form));
      default:
        return oauthError(400, "unsupported_grant_type", `grant_type ${JSON.stringify(form.get("grant_type") ?? "")} is not supported`);
    }
  } catch (e) {
    if (e instanceof OAuthFailure) return oauthError(e.status, e.error, e.description);
    throw e;
  }
}
