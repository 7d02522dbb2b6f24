import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { ConfigurationError } from "../../errors/configuration-error.js";
import type { Redactor } from "../../secrets/redactor.js";
import type { FetchLike } from "../request/fetch.js";
import { postTokenForm, type OidcEndpoints } from "./oidc.js";
import type { OAuthToken } from "./token.js";

/** The redirect ports of the Databricks CLI's OAuth app: 8020, then 8021–8040 when it is busy. */
export const REDIRECT_PORTS: readonly number[] = Array.from({ length: 21 }, (_, i) => 8020 + i);

const base64url = (b: Buffer): string => b.toString("base64url");

/**
 * A PKCE pair: a random verifier and its S256 challenge (`base64url(sha256(verifier))`, no padding).
 *
 * @example
 * const { verifier, challenge } = pkcePair();
 */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash("sha256").update(verifier).digest()) };
}

/**
 * Opens a URL the way Python's `webbrowser` does: `$BROWSER` (its `%s` replaced, else the URL
 * appended) when set, else the platform's opener. Never throws: the URL is printed as well.
 *
 * @example
 * openInBrowser("https://x/oidc/v1/authorize?…", process.env);
 */
export function openInBrowser(url: string, env: Readonly<Record<string, string | undefined>>): void {
  const browser = env.BROWSER?.split(":")[0]?.trim();
  let command: string;
  let args: string[];
  if (browser !== undefined && browser !== "") {
    const parts = browser.split(/\s+/);
    command = parts[0]!;
    args = parts.slice(1).map((p) => p.replace("%s", url));
    if (!browser.includes("%s")) args.push(url);
  } else if (process.platform === "darwin") {
    [command, args] = ["open", [url]];
  } else if (process.platform === "win32") {
    [command, args] = ["cmd", ["/c", "start", "", url]];
  } else {
    [command, args] = ["xdg-open", [url]];
  }
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true, env: env as NodeJS.ProcessEnv });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No opener: the printed URL is the way in.
  }
}

async function listenFirstFree(server: Server, ports: readonly number[]): Promise<number> {
  for (const port of ports) {
    const ok = await new Promise<boolean>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        server.off("listening", onListening);
        if (e.code === "EADDRINUSE" || e.code === "EACCES") resolve(false);
        else reject(e);
      };
      const onListening = (): void => {
        server.off("error", onError);
        resolve(true);
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(port, "127.0.0.1");
    });
    if (ok) return port;
  }
  throw new ConfigurationError(`external-browser: cannot listen on localhost: ports ${ports[0]}–${ports[ports.length - 1]} are all in use`);
}

/** What a browser login needs. */
export interface BrowserLoginOptions {
  readonly endpoints: OidcEndpoints;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly scopes: readonly string[];
  readonly fetch: FetchLike;
  readonly signal: AbortSignal;
  readonly redactor: Redactor;
  readonly open: (url: string) => void | Promise<void>;
  readonly log: (line: string) => void;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly ports?: readonly number[];
}

/**
 * The OAuth authorization-code flow with PKCE, as the Databricks CLI's `auth login`: listens on
 * `http://localhost:8020` (or the next free port up to 8040), prints and opens the authorize URL,
 * takes one callback with `code` and `state`, and exchanges the code for tokens.
 *
 * @example
 * const token = await browserLogin({ endpoints, clientId: "databricks-cli", scopes: ["all-apis", "offline_access"], fetch, signal, redactor, open: (u) => openInBrowser(u, process.env), log: console.error, now: Date.now, timeoutMs: 300_000 });
 */
export async function browserLogin(o: BrowserLoginOptions): Promise<OAuthToken> {
  const { verifier, challenge } = pkcePair();
  const state = base64url(randomBytes(16));
  o.redactor.add(verifier);
  let settle: { resolve: (code: string) => void; reject: (e: Error) => void } | undefined;
  const callback = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  callback.catch(() => undefined);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/") {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams;
    const answer = (status: number, text: string): void => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(text);
    };
    if (q.get("error") !== null) {
      answer(400, "Login failed. You can close this tab.");
      settle?.reject(new ConfigurationError(`external-browser: the login was refused: ${q.get("error")}${q.get("error_description") !== null ? `: ${q.get("error_description")}` : ""}`));
    } else if (q.get("state") !== state) {
      answer(400, "State mismatch. You can close this tab.");
      settle?.reject(new ConfigurationError("external-browser: state mismatch in the OAuth callback"));
    } else if (q.get("code") === null || q.get("code") === "") {
      answer(400, "No code returned. You can close this tab.");
      settle?.reject(new ConfigurationError("external-browser: No code returned in callback"));
    } else {
      answer(200, "You can close this tab.");
      settle?.resolve(q.get("code")!);
    }
  });
  const port = await listenFirstFree(server, o.ports ?? REDIRECT_PORTS);
  const redirectUri = `http://localhost:${port}`;
  const timer = setTimeout(() => settle?.reject(new ConfigurationError(`external-browser: no login within ${Math.round(o.timeoutMs / 1000)} s; run \`deployments auth login\` again`)), o.timeoutMs);
  const onAbort = (): void => settle?.reject(new ConfigurationError("external-browser: the login was cancelled"));
  o.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const q = new URLSearchParams({
      response_type: "code",
      client_id: o.clientId,
      redirect_uri: redirectUri,
      scope: o.scopes.join(" "),
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const url = `${o.endpoints.authorizationEndpoint}?${q.toString()}`;
    o.log(`Opening a browser to log in. If it does not open, visit:\n  ${url}`);
    await o.open(url);
    const code = await callback;
    o.redactor.add(code);
    return await postTokenForm(
      o.fetch,
      {
        url: o.endpoints.tokenEndpoint,
        form: { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri, client_id: o.clientId, client_secret: o.clientSecret },
        what: "external-browser",
        now: o.now,
        timeoutMs: o.timeoutMs,
      },
      AbortSignal.timeout(o.timeoutMs),
      o.redactor,
    );
  } finally {
    clearTimeout(timer);
    o.signal.removeEventListener("abort", onAbort);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
