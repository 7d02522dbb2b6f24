/**
 * One log line, or how to write it: an invocation's line is formatted only when the logs are
 * read (the ISO timestamp and number formatting were a visible share of every call's cost).
 */
export type ServingLogLine = string | (() => string);

/** Served-model log lines (one per invocation), per endpoint and served entity; bounded (≤ 500 each). */
export class ServingLogs {
  readonly #lines = new Map<string, Map<string, ServingLogLine[]>>();

  /** Appends a line; the oldest 100 go once an entity has 500. */
  add(endpoint: string, entity: string, line: ServingLogLine): void {
    let entities = this.#lines.get(endpoint);
    if (entities === undefined) this.#lines.set(endpoint, (entities = new Map()));
    let lines = entities.get(entity);
    if (lines === undefined) entities.set(entity, (lines = []));
    lines.push(line);
    if (lines.length > 500) lines.splice(0, 100);
  }

  /** The lines of one served entity, oldest first. */
  of(endpoint: string, entity: string): readonly string[] {
    const lines = this.#lines.get(endpoint)?.get(entity);
    if (lines === undefined) return [];
    // Formatted once: a line read twice is the same string.
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (typeof line !== "string") lines[i] = line();
    }
    return lines as string[];
  }
}
