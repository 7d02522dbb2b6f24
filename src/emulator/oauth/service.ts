import { createHash, randomBytes } from "node:crypto";
import type { Principal } from "../auth.js";
import type { EmulatorClock } from "../clock.js";
import { ApiFailure } from "../http/api-failure.js";
import { ConfigurationError } from "../../errors/configuration-error.js";

/**
 * The emulator as the workspace's OAuth server: service principals for M2M, the lifetime of
 * issued tokens (short ones exercise refresh), and a switch that makes every login refused.
 *
 * @example
 * await startEmulator({ oauth: { servicePrincipals: [{ clientId: "sp-1", clientSecret: "s3cret" }], expiresInSeconds: 60 } });
 */
export interface EmulatorOAuthOptions {
  /**
   * Client-credentials (M2M) clients; each signs in as a service principal named `name ?? clientId`,
   * a workspace admin unless `admin: false` (the operator configured it, as the single-token user).
   */
  readonly servicePrincipals?: readonly { readonly clientId: string; readonly clientSecret: string; readonly name?: string; readonly admin?: boolean }[];
  /** Lifetime of issued access tokens in seconds (default 3600). */
  readonly expiresInSeconds?: number;
  /** The authorize endpoint refuses every login (`error=access_denied`). */
  readonly denyAuthorization?: boolean;
}

interface Issued {
  readonly principal: Principal;
  readonly expiresAt: number;
}

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

/** A token endpoint reply: `{access_token, token_type, expires_in, refresh_token?, scope}`. */
export interface TokenReply {
  readonly access_token: string;
  readonly token_type: "Bearer";
  readonly expires_in: number;
  readonly scope: string;
  readonly refresh_token?: string;
}

/** An OAuth protocol failure: `{error, error_description}` with 400 or 401. */
export class OAuthFailure extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const digest = (s: string): string => createHash("sha256").update(s).digest("hex");
const random = (prefix: string): string => `${prefix}${randomBytes(24).toString("base64url")}`;

/**
 * Issues and checks OAuth tokens on the emulator's clock. Tokens live only in memory, keyed by
 * their sha256: nothing issued is ever persisted or echoed in an error.
 *
 * @example
 * const oauth = new OAuthService({ expiresInSeconds: 30 }, clock, () => mainUser);
 */
export class OAuthService {
  readonly #tokens = new Map<string, Issued>();
  readonly #refresh = new Map<string, { principal: Principal; clientId: string; scopes: readonly string[] }>();
  readonly #codes = new Map<string, PendingCode>();
  readonly #clients: ReadonlyMap<string, { secretDigest: string; principal: Principal }>;
  readonly #clock: EmulatorClock;
  readonly #user: () => Principal;
  /** Lifetime of issued access tokens, seconds (changeable while running: tests shorten it). */
  expiresInSeconds: number;
  /** Refuse every authorize request. */
  denyAuthorization: boolean;

  constructor(options: EmulatorOAuthOptions, clock: EmulatorClock, user: () => Principal) {
    this.#clock = clock;
    this.#user = user;
    const ttl = options.expiresInSeconds ?? 3600;
    if (!(Number.isFinite(ttl) && ttl > 0)) throw new ConfigurationError(`oauth.expiresInSeconds must be a positive number of seconds, got ${ttl}`);
    this.expiresInSeconds = ttl;
    this.denyAuthorization = options.denyAuthorization === true;
    this.#clients = new Map((options.servicePrincipals ?? []).map((sp) => [sp.clientId, { secretDigest: digest(sp.clientSecret), principal: { name: sp.name ?? sp.clientId, groups: [], servicePrincipal: true, admin: sp.admin !== false } }]));
  }

  /**
   * The principal of an issued access token; `undefined` for a token this service did not issue
   * (the static users' check comes next); a 403 "Invalid access token." once it has expired.
   */
  principalFor(authorization: string | undefined): Principal | undefined {
    if (authorization === undefined || this.#tokens.size === 0) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m === null) return undefined;
    const issued = this.#tokens.get(digest(m[1]!));
    if (issued === undefined) return undefined;
    if (this.#clock.now() >= issued.expiresAt) throw new ApiFailure(403, "PERMISSION_DENIED", "Invalid access token.");
    return issued.principal;
  }

  /** Starts an authorization-code login (auto-consent): the code to redirect back with. */
  authorize(clientId: string, redirectUri: string, challenge: string, scopes: readonly string[]): string {
    const code = random("code-");
    this.#codes.set(digest(code), { clientId, redirectUri, challenge, scopes, expiresAt: this.#clock.now() + 10 * 60_000 });
    return code;
  }

  /** `client_credentials` with a Basic header. */
  clientCredentials(basic: string | undefined, form: URLSearchParams): TokenReply {
    let id = form.get("client_id") ?? "";
    let secret = form.get("client_secret") ?? "";
    const m = basic === undefined ? null : /^Basic\s+(\S+)$/i.exec(basic);
    if (m !== null) {
      const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = this.#clients.get(id);
    if (client === undefined || client.secretDigest !== digest(secret)) throw new OAuthFailure(401, "invalid_client", "Client authentication failed");
    return this.#issue(client.principal, scopesOf(form), undefined);
  }

  /** `authorization_code` with its PKCE verifier. */
  authorizationCode(form: URLSearchParams): TokenReply {
    const code = form.get("code") ?? "";
    const pending = this.#codes.get(digest(code));
    this.#codes.delete(digest(code));
    if (pending === undefined || this.#clock.now() >= pending.expiresAt) throw new OAuthFailure(400, "invalid_grant", "The authorization code is invalid or has expired");
    if (form.get("client_id") !== pending.clientId) throw new OAuthFailure(400, "invalid_grant", "client_id does not match the authorization request");
    if (form.get("redirect_uri") !== pending.redirectUri) throw new OAuthFailure(400, "invalid_grant", "redirect_uri does not match the authorization request");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (verifier === "" || challenge !== pending.challenge) throw new OAuthFailure(400, "invalid_grant", "PKCE verification failed: code_verifier does not match code_challenge");
    return this.#issue(this.#user(), pending.scopes, pending.scopes.includes("offline_access") ? pending.clientId : undefined);
  }

  /** `refresh_token`: a new access token (and a rotated refresh token). */
  refreshToken(form: URLSearchParams): TokenReply {
    const token = form.get("refresh_token") ?? "";
    const known = this.#refresh.get(digest(token));
    if (known === undefined) throw new OAuthFailure(400, "invalid_grant", "The refresh token is invalid or was revoked");
    if (form.get("client_id") !== known.clientId) throw new OAuthFailure(400, "invalid_grant", "client_id does not match the refresh token");
    this.#refresh.delete(digest(token));
    return this.#issue(known.principal, known.scopes, known.clientId);
  }

  /** RFC 8693 token exchange of a federated JWT (workload identity federation). */
  tokenExchange(form: URLSearchParams): TokenReply {
    if (form.get("subject_token_type") !== "urn:ietf:params:oauth:token-type:jwt") throw new OAuthFailure(400, "invalid_request", "subject_token_type must be urn:ietf:params:oauth:token-type:jwt");
    const jwt = form.get("subject_token") ?? "";
    const parts = jwt.split(".");
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[0] === "" || parts[1] === "") throw new OAuthFailure(400, "invalid_grant", "subject_token is not a JWT");
    let sub = "federated-identity";
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { sub?: unknown };
      if (typeof claims.sub === "string" && claims.sub !== "") sub = claims.sub;
    } catch {
      throw new OAuthFailure(400, "invalid_grant", "subject_token has no readable claims");
    }
    const clientId = form.get("client_id");
    const name = clientId !== null && clientId !== "" ? clientId : `federated:${sub}`;
    // A federated identity is no admin: anyone able to mint a JWT can reach this exchange.
    return this.#issue({ name, groups: [], servicePrincipal: true, admin: false }, scopesOf(form), undefined);
  }

  #issue(principal: Principal, scopes: readonly string[], refreshFor: string | undefined): TokenReply {
    // A long-running emulator with short-lived tokens must not keep every token it ever issued.
    if (this.#tokens.size >= 10_000) {
      const now = this.#clock.now();
      for (const [key, issued] of this.#tokens) if (now >= issued.expiresAt) this.#tokens.delete(key);
    }
    const access = random("emu-oauth-");
    const expiresIn = this.expiresInSeconds;
    this.#tokens.set(digest(access), { principal, expiresAt: this.#clock.now() + expiresIn * 1000 });
    const reply: TokenReply = { access_token: access, token_type: "Bearer", expires_in: expiresIn, scope: scopes.join(" ") };
    if (refreshFor === undefined) return reply;
    const refresh = random("emu-refresh-");
    this.#refresh.set(digest(refresh), { principal, clientId: refreshFor, scopes });
    return { ...reply, refresh_token: refresh };
  }
}

function scopesOf(form: URLSearchParams): string[] {
  const list = (form.get("scope") ?? "all-apis").split(/\s+/).filter((s) => s !== "");
  return list.length === 0 ? ["all-apis"] : list;
}
