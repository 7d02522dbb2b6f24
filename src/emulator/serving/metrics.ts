const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

interface EndpointCounters {
  readonly byStatus: Map<string, number>;
  readonly latency: number[];
  latencySum: number;
  latencyCount: number;
  promptTokens: number;
  completionTokens: number;
  simulated: number;
  forwarded: number;
}

/**
 * In-memory serving metrics per endpoint (requests by served entity and status, latency
 * histogram, tokens), exported as Prometheus text. Nothing here touches the disk.
 */
export class Metrics {
  readonly #endpoints = new Map<string, EndpointCounters>();

  /** Records one finished invocation. */
  record(endpoint: string, entity: string, status: number, ms: number, promptTokens: number, completionTokens: number, simulated: boolean): void {
    let c = this.#endpoints.get(endpoint);
    if (c === undefined) {
      c = { byStatus: new Map(), latency: new Array<number>(BUCKETS_MS.length).fill(0), latencySum: 0, latencyCount: 0, promptTokens: 0, completionTokens: 0, simulated: 0, forwarded: 0 };
      this.#endpoints.set(endpoint, c);
    }
    const key = `${entity}\u0000${status}`;
    c.byStatus.set(key, (c.byStatus.get(key) ?? 0) + 1);
    for (let i = 0; i < BUCKETS_MS.length; i++) if (ms <= BUCKETS_MS[i]!) c.latency[i]!++;
    c.latencySum += ms;
    c.latencyCount++;
    c.promptTokens += promptTokens;
    c.completionTokens += completionTokens;
    if (simulated) c.simulated++;
    else c.forwarded++;
  }

  /** Forgets a deleted endpoint. */
  forget(endpoint: string): void {
    this.#endpoints.delete(endpoint);
  }

  /** Prometheus text exposition for one endpoint. */
  prometheus(endpoint: string): string {
    const c = this.#endpoints.get(endpoint);
    const e = label(endpoint);
    const lines: string[] = [
      "# HELP request_count_total Requests to the serving endpoint, by served entity and HTTP status.",
      "# TYPE request_count_total counter",
    ];
    for (const [key, count] of c?.byStatus ?? []) {
      const [entity, status] = key.split("\u0000");
      lines.push(`request_count_total{endpoint="${e}",served_entity="${label(entity!)}",status="${status}"} ${count}`);
    }
    lines.push("# HELP request_latency_ms Request latency in milliseconds.", "# TYPE request_latency_ms histogram");
    BUCKETS_MS.forEach((bound, i) => lines.push(`request_latency_ms_bucket{endpoint="${e}",le="${bound}"} ${c?.latency[i] ?? 0}`));
    lines.push(`request_latency_ms_bucket{endpoint="${e}",le="+Inf"} ${c?.latencyCount ?? 0}`);
    lines.push(`request_latency_ms_sum{endpoint="${e}"} ${(c?.latencySum ?? 0).toFixed(3)}`);
    lines.push(`request_latency_ms_count{endpoint="${e}"} ${c?.latencyCount ?? 0}`);
    lines.push("# HELP tokens_total Tokens processed, by kind.", "# TYPE tokens_total counter");
    lines.push(`tokens_total{endpoint="${e}",kind="prompt"} ${c?.promptTokens ?? 0}`);
    lines.push(`tokens_total{endpoint="${e}",kind="completion"} ${c?.completionTokens ?? 0}`);
    lines.push("# HELP emulator_replies_total Replies by source (simulated model or forwarded upstream).", "# TYPE emulator_replies_total counter");
    lines.push(`emulator_replies_total{endpoint="${e}",source="simulated"} ${c?.simulated ?? 0}`);
    lines.push(`emulator_replies_total{endpoint="${e}",source="forwarded"} ${c?.forwarded ?? 0}`);
    return `${lines.join("\n")}\n`;
  }
}

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
