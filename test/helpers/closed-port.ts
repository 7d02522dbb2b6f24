import { createServer } from "node:net";

/**
 * A loopback port nothing listens on: bound once, then released, so a connection to it is
 * refused (what a client sees when a workspace or emulator is down).
 *
 * @example
 * const port = await closedPort();
 * await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
