// A self-signed certificate made in the test (for 127.0.0.1 and localhost), an HTTPS server
// answering with it, and a CONNECT proxy that records what it tunnelled.
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import selfsigned from "selfsigned";

export interface Pems {
  readonly key: string;
  readonly cert: string;
}

/** A fresh self-signed certificate valid for 127.0.0.1 and localhost. */
export async function selfSignedCert(): Promise<Pems> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

/** An HTTPS server on loopback answering every request with `handler`. */
export async function startHttps(pems: Pems, handler: (req: IncomingMessage, res: import("node:http").ServerResponse) => void): Promise<{ url: string; server: HttpsServer; close(): Promise<void> }> {
  const server = createHttpsServer({ key: pems.key, cert: pems.cert }, handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    server,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A CONNECT proxy: `tunnels` lists each `host:port` it was asked for, `auth` the Proxy-Authorization seen. */
export class ConnectProxy {
  readonly tunnels: string[] = [];
  readonly auth: (string | undefined)[] = [];
  readonly #sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<ConnectProxy> {
    let self: ConnectProxy | undefined;
    const server = createHttpServer((_req, res) => {
      res.writeHead(405).end("CONNECT only");
    });
    server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
      const target = req.url ?? "";
      self!.tunnels.push(target);
      self!.auth.push(req.headers["proxy-authorization"]);
      self!.#sockets.add(client);
      const [host, port] = [target.slice(0, target.lastIndexOf(":")).replace(/^\[|\]$/g, ""), Number(target.slice(target.lastIndexOf(":") + 1))];
      const upstream = connect(port, host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      self!.#sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    self = new ConnectProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
