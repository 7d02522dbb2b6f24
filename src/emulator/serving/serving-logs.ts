/**
 * One log line, or how to write it: an invocation's line is formatted only when the logs are
 * read (the ISO timestamp and number formatting were a visible share of every call's cost).
 */
export type ServingLogLine = string | (() => string);

/** Lines kept per served entity: at this many, the oldest {@link DROP} go. */
const KEEP = 500;
const DROP = 100;

/**
 * One entity's lines in a fixed ring: appending never moves the others (a splice of hundreds of
 * entries every hundred calls was what appending cost).
 */
class Ring {
  readonly #slots: ServingLogLine[] = new Array<ServingLogLine>(KEEP + 1);
  #start = 0;
  #length = 0;

  push(line: ServingLogLine): void {
    this.#slots[(this.#start + this.#length) % this.#slots.length] = line;
    this.#length++;
    if (this.#length > KEEP) {
      for (let i = 0; i < DROP; i++) this.#slots[(this.#start + i) % this.#slots.length] = "";
      this.#start = (this.#start + DROP) % this.#slots.length;
      this.#length -= DROP;
    }
  }

  /** Oldest first; each line formatted once (a line read twice is the same string). */
  lines(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.#length; i++) {
      const at = (this.#start + i) % this.#slots.length;
      let line = this.#slots[at]!;
      if (typeof line !== "string") this.#slots[at] = line = line();
      out.push(line);
    }
    return out;
  }
}

/** Served-model log lines (one per invocation), per endpoint and served entity; bounded (≤ 500 each). */
export class ServingLogs {
  readonly #rings = new Map<string, Map<string, Ring>>();

  /** Appends a line; the oldest 100 go once an entity has 500. */
  add(endpoint: string, entity: string, line: ServingLogLine): void {
    let entities = this.#rings.get(endpoint);
    if (entities === undefined) this.#rings.set(endpoint, (entities = new Map()));
    let ring = entities.get(entity);
    if (ring === undefined) entities.set(entity, (ring = new Ring()));
    ring.push(line);
  }

  /** The lines of one served entity, oldest first. */
  of(endpoint: string, entity: string): readonly string[] {
    return this.#rings.get(endpoint)?.get(entity)?.lines() ?? [];
  }
}
