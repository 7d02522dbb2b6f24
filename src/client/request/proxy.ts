import type * as Http from "node:http";
import type * as Https from "node:https";
import type * as Tls from "node:tls";
import type { Duplex } from "node:stream";

/** The proxy settings read from the environment, as curl and the SDKs read them. */
export interface ProxyEnv {
  readonly httpsProxy: string | undefined;
  readonly httpProxy: string | undefined;
  readonly noProxy: string | undefined;
}

const pick = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const v = env[name.toUpperCase()] ?? env[name.toLowerCase()];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
};

/**
 * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (upper or lower case) from an environment.
 *
 * @example
 * const env = proxyEnv(process.env);
 */
export function proxyEnv(env: Readonly<Record<string, string | undefined>>): ProxyEnv {
  return { httpsProxy: pick(env, "https_proxy"), httpProxy: pick(env, "http_proxy"), noProxy: pick(env, "no_proxy") };
}

/**
 * The proxy URL for a target, or `undefined` to go direct: `HTTPS_PROXY` for https targets,
 * `HTTP_PROXY` for http ones, unless `NO_PROXY` names the host (`*`, a host, `.suffix` or
 * `*.suffix`, a domain that also covers its subdomains, optionally with `:port`).
 *
 * @example
 * proxyFor("https", "adb-1.azuredatabricks.net", "443", { httpsProxy: "http://proxy:3128", httpProxy: undefined, noProxy: "localhost" }); // "http://proxy:3128"
 */
export function proxyFor(protocol: "http" | "https", hostname: string, port: string, env: ProxyEnv): string | undefined {
  const proxy = protocol === "https" ? env.httpsProxy : env.httpProxy;
  if (proxy === undefined) return undefined;
  if (env.noProxy !== undefined && bypasses(hostname.toLowerCase(), port, env.noProxy)) return undefined;
  return proxy;
}

function bypasses(host: string, port: string, noProxy: string): boolean {
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    if (entry === "*") return true;
    let entryPort: string | undefined;
    if (entry.startsWith("[")) {
      // [v6] or [v6]:port
      const close = entry.indexOf("]");
      entryPort = /^:(\d+)$/.exec(entry.slice(close + 1))?.[1];
      entry = entry.slice(1, close === -1 ? undefined : close);
    } else if (entry.indexOf(":") === entry.lastIndexOf(":")) {
      // host or host:port (a bare v6 address has more than one colon and no port)
      const m = /^(.*):(\d+)$/.exec(entry);
      if (m !== null) [, entry = entry, entryPort] = m;
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    if (entry.startsWith("*.")) entry = entry.slice(1);
    if (entry.startsWith(".")) {
      if (host.endsWith(entry) || host === entry.slice(1)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

/** The node modules a tunnelling agent is made of (loaded by the node transport). */
export interface TunnelModules {
  readonly http: typeof Http;
  readonly https: typeof Https;
  readonly tls: typeof Tls;
}

/**
 * A keep-alive agent whose connections go through an HTTP proxy's `CONNECT` tunnel (then TLS to
 * the target for https), as the SDKs' proxy agents do. Credentials in the proxy URL are sent as
 * `Proxy-Authorization` and never appear in an error.
 *
 * @example
 * const agent = tunnelAgent(modules, "http://proxy:3128", "https", { keepAlive: true });
 */
export function tunnelAgent(modules: TunnelModules, proxyUrl: string, target: "http" | "https", options: Http.AgentOptions): Http.Agent {
  const proxy = new URL(proxyUrl);
  const auth = proxy.username === "" ? undefined : `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`;
  const Base = target === "https" ? modules.https.Agent : modules.http.Agent;
  const request = proxy.protocol === "https:" ? modules.https.request : modules.http.request;
  const where = `${proxy.hostname}:${proxy.port || (proxy.protocol === "https:" ? "443" : "80")}`;
  class TunnelAgent extends Base {
    override createConnection(args: Http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
      const done = callback ?? (() => undefined);
      const host = args.host ?? args.hostname ?? "localhost";
      const port = String(args.port ?? (target === "https" ? 443 : 80));
      const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
      const headers: Record<string, string> = { host: authority };
      if (auth !== undefined) headers["proxy-authorization"] = auth;
      const connect = request({ hostname: proxy.hostname.replace(/^\[|\]$/g, ""), port: proxy.port || undefined, method: "CONNECT", path: authority, headers, agent: false });
      connect.once("connect", (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          done(Object.assign(new Error(`the proxy ${where} answered ${res.statusCode ?? "?"} to CONNECT ${authority}`), { code: "EPROXY" }), socket);
          return;
        }
        if (target === "http") {
          done(null, socket);
          return;
        }
        const tlsArgs = args as Tls.ConnectionOptions & Http.ClientRequestArgs;
        const secure = modules.tls.connect({ ...tlsArgs, socket, host, servername: tlsArgs.servername ?? (/^[\d.]+$|:/.test(host) ? undefined : host) });
        done(null, secure);
      });
      connect.once("error", (e) => done(e, connect.socket as Duplex));
      connect.end();
      return undefined;
    }
  }
  return new TunnelAgent(options);
}
