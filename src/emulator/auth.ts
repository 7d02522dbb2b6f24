import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ConfigurationError } from "../errors/configuration-error.js";
import { ApiFailure } from "./http/api-failure.js";
import { json, type EmulatorReply } from "./http/types.js";

/**
 * A named emulator user with its own token. Per-user and per-group rate limits count by user.
 *
 * @example
 * await startEmulator({ users: [{ name: "alice@example.com", token: "dapi-alice" }, { name: "etl-bot", token: "dapi-bot", servicePrincipal: true }] });
 */
export interface EmulatorUser {
  readonly name: string;
  readonly token: string;
  /** Groups for AI-gateway `user_group` rate limits. */
  readonly groups?: readonly string[];
  /** Counts as a service principal (AI-gateway `service_principal` limits) instead of a user. */
  readonly servicePrincipal?: boolean;
  /**
   * A workspace admin (member of `admins`): CAN_MANAGE on every endpoint and MANAGE on every
   * secret scope. The single default user of a token-only emulator is one.
   */
  readonly admin?: boolean;
}

/** An authenticated caller (the token itself is not kept here). */
export interface Principal {
  readonly name: string;
  readonly groups: readonly string[];
  readonly servicePrincipal: boolean;
  /** A workspace admin: every permission check passes. */
  readonly admin: boolean;
}

interface Credential {
  readonly digest: Buffer;
  readonly principal: Principal;
}

/** Distinct accepted header values remembered at most (spellings of a token: case, spaces). */
const MAX_ACCEPTED = 256;

/** The default user name when only a token is given. */
export const DEFAULT_USER = "emulator-user@example.com";

/** A fresh random personal-access-token-like string. */
export function generateToken(): string {
  return `dapi${randomBytes(16).toString("hex")}`;
}

/**
 * Checks Bearer tokens in constant time: the presented token is hashed and compared with every
 * user's hash with `timingSafeEqual`, so neither the match position nor the length leaks.
 */
export class Authenticator {
  readonly #credentials: Credential[];
  /**
   * Header values already proven valid → their principal. Users and tokens are fixed for the
   * emulator's life, so an entry never goes stale; only exact, successful values are kept (a
   * miss still takes the constant-time path), and the map is bounded.
   */
  readonly #accepted = new Map<string, Principal>();

  constructor(users: readonly EmulatorUser[]) {
    if (users.length === 0) throw new ConfigurationError("The emulator needs at least one user/token.");
    const names = new Set<string>();
    this.#credentials = users.map((user) => {
      if (user.token.length === 0) throw new ConfigurationError(`Emulator user ${user.name} has an empty token.`);
      if (names.has(user.name)) throw new ConfigurationError(`Emulator user ${user.name} is configured twice.`);
      names.add(user.name);
      return {
        digest: digest(user.token),
        principal: { name: user.name, groups: [...(user.groups ?? [])], servicePrincipal: user.servicePrincipal === true, admin: user.admin === true },
      };
    });
  }

  /** The principal of a configured user by name (the seed acts as the main user). */
  principal(name: string): Principal | undefined {
    return this.#credentials.find((c) => c.principal.name === name)?.principal;
  }

  /**
   * The principal for an `Authorization` header value. As Databricks answers: no (or a
   * non-Bearer) credential is 401, a token nobody holds is 403 (both with an integer
   * `error_code`, see {@link AuthFailure}).
   */
  authenticate(authorization: string | undefined): Principal {
    const known = authorization === undefined ? undefined : this.#accepted.get(authorization);
    if (known !== undefined) return known;
    if (authorization === undefined || !/^Bearer\s+\S/i.test(authorization)) {
      throw new AuthFailure(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.");
    }
    const presented = digest(authorization.replace(/^Bearer\s+/i, "").trim());
    let found: Principal | undefined;
    for (const credential of this.#credentials) {
      if (timingSafeEqual(credential.digest, presented) && found === undefined) found = credential.principal;
    }
    // What Databricks sends for a wrong or expired token: 403 (a missing header stays 401).
    if (found === undefined) throw new AuthFailure(403, "PERMISSION_DENIED", "Invalid access token.");
    if (this.#accepted.size >= MAX_ACCEPTED) this.#accepted.clear();
    this.#accepted.set(authorization, found);
    return found;
  }
}

/**
 * An authentication failure in Databricks' own shape: the integer status as `error_code`, no
 * details, and the message again in `X-Databricks-Reason-Phrase` (what the SDKs read when the
 * body is empty). `errorCode` is what the shared table maps the status to.
 */
export class AuthFailure extends ApiFailure {
  override toReply(requestId?: string): EmulatorReply {
    void requestId;
    return json(this.status, { error_code: this.status, message: this.message }, { "x-databricks-reason-phrase": this.message });
  }
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
