/**
 * A keep-alive HTTP load generator in its own process: `concurrency` loops each POSTing the same
 * body back to back, for a duration or a total count. Reports requests/s and status counts.
 */
import http from "node:http";
import { serve } from "../lib/proc.js";

interface LoadArgs { url: string; headers: Record<string, string>; body: string; concurrency: number; durationMs?: number; count?: number }

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function load(a: LoadArgs) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: a.concurrency });
  const url = new URL(a.url);
  const statuses: Record<number, number> = {};
  let done = 0;
  let errors = 0;
  let left = a.count ?? Number.POSITIVE_INFINITY;
  const until = a.durationMs ? performance.now() + a.durationMs : Number.POSITIVE_INFINITY;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: a.concurrency }, async () => {
    while (left-- > 0 && performance.now() < until) {
      try {
        const s = await post(agent, url, a.headers, a.body);
        statuses[s] = (statuses[s] ?? 0) + 1;
      } catch (error) {
        // counted and reported: a load run must show its network errors, not stop at the first
        void error;
        errors++;
      }
      done++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { requests: done, rps: done / seconds, statuses, errors, seconds };
}

serve({ load: (m) => load(m as unknown as LoadArgs) });
