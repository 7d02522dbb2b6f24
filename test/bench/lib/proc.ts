/**
 * Child processes for the benchmarks: every measured party (client variant, server, emulator,
 * load generator) runs in its own process, driven over IPC with a tiny request/response protocol.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A message sent to a worker: `id` pairs it with the reply. */
export interface RpcRequest { id: number; op: string; [key: string]: unknown }
/** A worker's reply. */
export interface RpcReply { id: number; ok: boolean; value?: unknown; error?: string }

/**
 * A forked TypeScript worker (run through tsx) answering `call(op, args)`.
 *
 * @example
 * const w = await Worker.start(new URL("../workers/client-worker.ts", import.meta.url), []);
 * const r = await w.call("round", { n: 100 });
 * await w.stop();
 */
export class Worker {
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #exited = false;

  private constructor(readonly child: ChildProcess) {
    child.on("message", (m: RpcReply) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error ?? "worker error"));
    });
    child.on("exit", (code, signal) => {
      this.#exited = true;
      for (const p of this.#pending.values()) p.reject(new Error(`worker exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  /** Forks `file` with tsx and node flags such as `--expose-gc`. */
  static async start(file: URL, args: readonly string[], nodeFlags: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Worker> {
    const child = fork(fileURLToPath(file), [...args], {
      execArgv: ["--import", "tsx", ...nodeFlags],
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const worker = new Worker(child);
    await worker.call("ping");
    return worker;
  }

  get pid(): number { return this.child.pid ?? -1; }

  /** Sends one operation and waits for its reply. */
  call<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.#exited) return Promise.reject(new Error("worker has exited"));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, op, ...args } satisfies RpcRequest);
    });
  }

  /** Asks the worker to exit, then kills it if it has not within a second. */
  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.send({ id: 0, op: "exit" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 1000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The worker side: answers each operation with `handlers[op](message)`; `ping` and `exit` are built in.
 *
 * @example
 * serve({ round: async (m) => runRound(Number(m.n)) });
 */
export function serve(handlers: Record<string, (message: RpcRequest) => Promise<unknown> | unknown>): void {
  process.on("message", (m: RpcRequest) => {
    if (m.op === "exit") { process.disconnect?.(); process.exit(0); }
    if (m.op === "ping") { process.send?.({ id: m.id, ok: true, value: process.pid } satisfies RpcReply); return; }
    const handler = handlers[m.op];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown op ${m.op}`);
        return handler(m);
      })
      .then(
        (value) => process.send?.({ id: m.id, ok: true, value } satisfies RpcReply),
        (error: unknown) => process.send?.({ id: m.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies RpcReply),
      );
  });
}

/** CPU time (user + system) of this process in microseconds. */
export function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
