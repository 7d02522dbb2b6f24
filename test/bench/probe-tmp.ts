import { Worker } from "/work/wt/transport/test/bench/lib/proc.js";
const serverFile = new URL("file:///work/wt/transport/test/bench/workers/fixture-server.ts");
const workerFile = new URL("file:///work/wt/transport/test/bench/workers/client-worker.ts");
const server = await Worker.start(serverFile, []);
const url = await server.call<string>("url");
const vs = (process.argv[2] ?? "raw,client").split(",");
const ws: Record<string, Worker> = {};
for (const v of vs) { ws[v] = await Worker.start(workerFile, [v]); await ws[v].call("setup", { variant: v, url }); }
const res: Record<string, number[]> = {};
for (let r = 0; r < 7; r++) for (const v of vs) {
  const x = await ws[v].call<{ cpuUs: number; events: number }>("stream", { endpoint: "paced-300-1", n: 1 });
  (res[v] ??= []).push(x.cpuUs / x.events);
}
for (const v of vs) console.log(v, res[v].map((x) => x.toFixed(0)).join(" "), "median", res[v].sort((a, b) => a - b)[3].toFixed(1));
for (const w of [server, ...Object.values(ws)]) await w.stop();
