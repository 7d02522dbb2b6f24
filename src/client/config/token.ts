/**
 * An OAuth access token with its expiry (epoch ms; `undefined` = does not expire) and, for U2M,
 * the refresh token.
 *
 * @example
 * const t: OAuthToken = { accessToken: "…", tokenType: "Bearer", expiresAt: Date.now() + 3_600_000 };
 */
export interface OAuthToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt: number | undefined;
  readonly refreshToken?: string | undefined;
}

/** The SDKs refresh this long before expiry (Azure rejects tokens with ≤ 30 s left). */
export const EXPIRY_MARGIN_MS = 40_000;

/**
 * Until when a token may be sent: its expiry less the 40 s margin, but never less than half its
 * lifetime, so a token issued for 60 s (or 10 s) is still reused instead of re-fetched per call.
 *
 * @example
 * usableUntil({ accessToken: "a", tokenType: "Bearer", expiresAt: 60_000 }, 0); // 30_000
 */
export function usableUntil(token: OAuthToken, issuedAt: number): number {
  if (token.expiresAt === undefined) return Number.POSITIVE_INFINITY;
  const ttl = token.expiresAt - issuedAt;
  return token.expiresAt - Math.min(EXPIRY_MARGIN_MS, Math.max(0, ttl / 2));
}

/**
 * `Authorization` header value of a token (`bearer` normalised to `Bearer`).
 *
 * @example
 * authorizationOf({ accessToken: "x", tokenType: "bearer", expiresAt: undefined }); // "Bearer x"
 */
export function authorizationOf(token: OAuthToken): string {
  const type = token.tokenType === "" || /^bearer$/i.test(token.tokenType) ? "Bearer" : token.tokenType;
  return `${type} ${token.accessToken}`;
}
