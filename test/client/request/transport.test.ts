// The node transport's own promises: kept-alive sockets, decompression, custom TLS through
// `agent`, HTTP(S)_PROXY / NO_PROXY through a CONNECT proxy, NODE_EXTRA_CA_CERTS; and the
// transport choice (`transport: "fetch"`, a given fetch).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent as HttpsAgent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, deflateSync } from "node:zlib";
import { ConfigurationError, ConnectionError, DatabricksDeploymentClient } from "../../../src/index.js";
import { TestServer, TRANSPORTS, TOKEN, sendJson } from "../helpers/server.js";
import { ConnectProxy, selfSignedCert, startHttps, type Pems } from "../helpers/tls.js";

const CHILD = join(import.meta.dirname, "fixtures", "proxy-child.ts");

const keep = suite("node transport: sockets");

keep("sequential calls reuse one kept-alive socket; 16 at once open at most 16, reused after", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [] }));
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    for (let i = 0; i < 20; i++) await c.listEndpoints();
    assert.is(server.openedConnections, 1, "twenty calls in a row, one connection");
    await Promise.all(Array.from({ length: 16 }, () => c.listEndpoints()));
    const afterBurst = server.openedConnections;
    assert.ok(afterBurst <= 16, `${afterBurst} connections for 16 concurrent calls`);
    await Promise.all(Array.from({ length: 16 }, () => c.listEndpoints()));
    assert.is(server.openedConnections, afterBurst, "the second burst reuses the sockets of the first");
  } finally {
    await server.close();
  }
});

keep("after the first call, a node-transport call builds no AbortController (the socket is stopped directly)", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [] }));
  const Original = globalThis.AbortController;
  let built = 0;
  try {
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
    await c.listEndpoints(); // the first builds the cached auth headers, with a signal for them
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        built++;
      }
    };
    for (let i = 0; i < 10; i++) await c.listEndpoints();
    assert.is(built, 0);
    // The fetch transport needs one per request: the count proves the probe works.
    const f = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0, transport: "fetch" });
    await f.listEndpoints();
    assert.ok(built >= 1, `${built}`);
  } finally {
    globalThis.AbortController = Original;
    await server.close();
  }
});

keep("a wrong transport or limit fails when the client is made", () => {
  assert.throws(() => new DatabricksDeploymentClient({ host: "http://127.0.0.1:1", token: TOKEN, transport: "curl" as "node" }), (e: unknown) => e instanceof ConfigurationError);
  assert.throws(() => new DatabricksDeploymentClient({ host: "http://127.0.0.1:1", token: TOKEN, maxResponseBytes: 0 }), (e: unknown) => e instanceof ConfigurationError);
  assert.throws(() => new DatabricksDeploymentClient({ host: "http://127.0.0.1:1", token: TOKEN, maxEventBytes: 1.5 }), (e: unknown) => e instanceof ConfigurationError);
});

keep("transport: \"fetch\" and a given fetch carry the request instead of node:http", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [] }));
  try {
    await new DatabricksDeploymentClient({ host: server.url, token: TOKEN, transport: "fetch" }).listEndpoints();
    // undici says `*/*` and `sec-fetch-mode`; node:http neither.
    assert.is(server.last.headers["sec-fetch-mode"], "cors");
    let used = 0;
    await new DatabricksDeploymentClient({ host: server.url, token: TOKEN, fetch: (u, i) => { used++; return globalThis.fetch(u, i); } }).listEndpoints();
    assert.is(used, 1);
    await new DatabricksDeploymentClient({ host: server.url, token: TOKEN }).listEndpoints();
    assert.is(server.last.headers["sec-fetch-mode"], undefined, "the default in Node is node:http");
  } finally {
    await server.close();
  }
});

keep("`dispatcher` reaches the fetch it is meant for; `agent` is the node transport's", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [] }));
  try {
    const dispatcher = { marker: "undici-agent" };
    const seen: unknown[] = [];
    const fetch = (u: string, init: RequestInit): Promise<Response> => {
      seen.push((init as RequestInit & { dispatcher?: unknown }).dispatcher);
      return globalThis.fetch(u, { ...init, dispatcher: undefined } as RequestInit);
    };
    await new DatabricksDeploymentClient({ host: server.url, token: TOKEN, fetch, dispatcher }).listEndpoints();
    assert.equal(seen, [dispatcher]);
  } finally {
    await server.close();
  }
});

const zip = suite("decompression");
const BODY = { endpoints: [{ name: "é-chat".repeat(200) }] };
for (const transport of TRANSPORTS) {
  zip(`gzip, deflate and br bodies decode over ${transport.name}`, async () => {
    const text = Buffer.from(JSON.stringify(BODY));
    const encoded: Record<string, Buffer> = { gzip: gzipSync(text), deflate: deflateSync(text), br: brotliCompressSync(text) };
    const server = await TestServer.start();
    try {
      for (const enc of ["gzip", "deflate", "br"]) {
        const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, fetch: transport.fetch, maxRetries: 0 });
        server.reset((_req, res) => {
          res.writeHead(200, { "content-type": "application/json", "content-encoding": enc, "content-length": encoded[enc]!.length });
          res.end(encoded[enc]);
        });
        assert.equal(await c.listEndpoints(), BODY.endpoints, enc);
      }
    } finally {
      await server.close();
    }
  });
}

const tls = suite<{ pems: Pems }>("TLS and proxies");
tls.before(async (ctx) => {
  ctx.pems = await selfSignedCert();
});

tls("a self-signed server: refused by default, trusted through `agent: new https.Agent({ ca })`", async ({ pems }) => {
  const https = await startHttps(pems, (_req, res) => sendJson(res, 200, { endpoints: [{ name: "tls" }] }));
  try {
    const plain = new DatabricksDeploymentClient({ host: https.url, token: TOKEN, maxRetries: 0 });
    try {
      await plain.listEndpoints();
      assert.unreachable("a self-signed certificate was trusted");
    } catch (e) {
      assert.instance(e, ConnectionError);
      assert.match((e as ConnectionError).code ?? "", /SELF_SIGNED|DEPTH_ZERO|UNABLE/);
    }
    const agent = new HttpsAgent({ ca: pems.cert, keepAlive: true });
    const trusted = new DatabricksDeploymentClient({ host: https.url, token: TOKEN, maxRetries: 0, agent });
    assert.equal(await trusted.listEndpoints(), [{ name: "tls" }]);
    agent.destroy();
  } finally {
    await https.close();
  }
});

tls("HTTP_PROXY: an http workspace is reached through the proxy's CONNECT tunnel; NO_PROXY skips it", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [] }));
  const proxy = await ConnectProxy.start();
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
  try {
    const { hostname, port } = new URL(server.url);
    process.env.HTTP_PROXY = proxy.url.replace("http://", "http://user:pr0xy-pass@");
    delete process.env.NO_PROXY;
    await new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 }).listEndpoints();
    assert.equal(proxy.tunnels, [`${hostname}:${port}`]);
    assert.is(proxy.auth[0], `Basic ${Buffer.from("user:pr0xy-pass").toString("base64")}`);
    assert.is(server.last.headers.authorization, `Bearer ${TOKEN}`, "the workspace gets the token through the tunnel");
    process.env.NO_PROXY = `example.com, ${hostname}`;
    await new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 }).listEndpoints();
    assert.is(proxy.tunnels.length, 1, "NO_PROXY names the host: no tunnel");
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await proxy.close();
    await server.close();
  }
});

tls("a proxy that refuses CONNECT is a ConnectionError that names neither its credentials nor the token", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [] }));
  const refusing = await TestServer.start((_r, res) => sendJson(res, 200, {}));
  const saved = process.env.HTTP_PROXY;
  try {
    // A plain server answers CONNECT with 400 and closes.
    process.env.HTTP_PROXY = refusing.url.replace("http://", "http://user:pr0xy-pass@");
    const c = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0, timeoutMs: 3_000 });
    try {
      await c.listEndpoints();
      assert.unreachable("no error");
    } catch (e) {
      assert.instance(e, ConnectionError);
      const shown = `${String(e)} ${JSON.stringify(e)}`;
      assert.not.match(shown, /pr0xy-pass|dXNlcjpwcjB4eS1wYXNz/);
      assert.not.match(shown, new RegExp(TOKEN));
    }
  } finally {
    if (saved === undefined) delete process.env.HTTP_PROXY;
    else process.env.HTTP_PROXY = saved;
    await refusing.close();
    await server.close();
  }
});

function runChild(env: Record<string, string>): Promise<{ ok?: unknown; error?: { name: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("close", () => {
      try {
        resolve(JSON.parse(out) as { ok?: unknown; error?: { name: string; message: string } });
      } catch {
        reject(new Error(`child printed ${JSON.stringify(out)}; stderr ${err}`));
      }
    });
  });
}

tls("HTTPS_PROXY + NODE_EXTRA_CA_CERTS (a fresh process): CONNECT, then TLS to the workspace, its CA trusted", async ({ pems }) => {
  const https = await startHttps(pems, (req, res) => sendJson(res, 200, { endpoints: [{ name: req.headers.authorization === `Bearer ${TOKEN}` ? "authorized" : "anonymous" }] }));
  const proxy = await ConnectProxy.start();
  const dir = mkdtempSync(join(tmpdir(), "ca-"));
  try {
    const caFile = join(dir, "ca.pem");
    writeFileSync(caFile, pems.cert);
    const base = { TARGET: https.url, TOKEN, HTTPS_PROXY: proxy.url };
    const trusted = await runChild({ ...base, NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(trusted, { ok: [{ name: "authorized" }] });
    assert.equal(proxy.tunnels, [new URL(https.url).host]);
    const untrusted = await runChild(base);
    assert.is(untrusted.error?.name, "ConnectionError", "without the extra CA the certificate is refused");
    assert.is(proxy.tunnels.length, 2);
    const bypass = await runChild({ ...base, NODE_EXTRA_CA_CERTS: caFile, NO_PROXY: "127.0.0.1" });
    assert.equal(bypass, { ok: [{ name: "authorized" }] });
    assert.is(proxy.tunnels.length, 2, "NO_PROXY: straight to the workspace");
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await proxy.close();
    await https.close();
  }
});

keep.run();
zip.run();
tls.run();
