/** Served-model log lines (one per invocation), per endpoint and served entity; bounded (≤ 500 each). */
export class ServingLogs {
  readonly #lines = new Map<string, string[]>();

  /** Appends a line; the oldest 100 go once an entity has 500. */
  add(endpoint: string, entity: string, line: string): void {
    const key = `${endpoint}\u0000${entity}`;
    let lines = this.#lines.get(key);
    if (lines === undefined) this.#lines.set(key, (lines = []));
    lines.push(line);
    if (lines.length > 500) lines.splice(0, 100);
  }

  /** The lines of one served entity, oldest first. */
  of(endpoint: string, entity: string): readonly string[] {
    return this.#lines.get(`${endpoint}\u0000${entity}`) ?? [];
  }
}
