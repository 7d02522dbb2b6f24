/**
 * The shortest simple string a JSON Schema `pattern` accepts, for the simulated model's JSON
 * (zod's `z.iso.time()`, `.regex()` and clients' own schemas send patterns). Handles literals,
 * escapes (`\d \w \s`, escaped punctuation), `.`, character classes with ranges and negation,
 * groups (capturing, `(?:…)`), alternation (first branch) and quantifiers (their minimum). The
 * result is checked with the pattern itself; `undefined` when that fails or the pattern is beyond
 * this (look-arounds, back-references).
 *
 * @example
 * regexSample("^[A-Z]{3}-\\d+$"); // "AAA-0"
 */
export function regexSample(pattern: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "u");
  } catch {
    try {
      re = new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
  let out: string | undefined;
  try {
    out = new Sampler(pattern).alternation();
  } catch {
    return undefined;
  }
  return out !== undefined && re.test(out) ? out : undefined;
}

const PRINTABLE = "a0A_-. ";

class Sampler {
  #i = 0;
  constructor(readonly src: string) {}

  /** branch ('|' branch)* → the first branch. */
  alternation(): string {
    const first = this.#sequence();
    while (this.src[this.#i] === "|") {
      this.#i++;
      this.#sequence();
    }
    return first;
  }

  #sequence(): string {
    let out = "";
    while (this.#i < this.src.length && this.src[this.#i] !== "|" && this.src[this.#i] !== ")") {
      const atom = this.#atom();
      const min = this.#quantifier();
      out += atom.repeat(min);
    }
    return out;
  }

  #atom(): string {
    const c = this.src[this.#i++]!;
    switch (c) {
      case "^":
      case "$":
        return "";
      case ".":
        return "a";
      case "(": {
        if (this.src[this.#i] === "?") {
          const kind = this.src[this.#i + 1];
          if (kind === ":") this.#i += 2;
          else if (kind === "<" && this.src[this.#i + 2] !== "=" && this.src[this.#i + 2] !== "!") this.#i = this.src.indexOf(">", this.#i) + 1;
          else throw new Error("look-around");
        }
        const inner = this.alternation();
        if (this.src[this.#i++] !== ")") throw new Error("unbalanced group");
        return inner;
      }
      case "[":
        return this.#charClass();
      case "\\":
        return this.#escape(false);
      default:
        return c;
    }
  }

  #escape(inClass: boolean): string {
    const e = this.src[this.#i++]!;
    if (e === "d") return "0";
    if (e === "w") return "a";
    if (e === "s") return " ";
    if (e === "D" || e === "W" || e === "S") return "-";
    if (e === "b" && !inClass) return "";
    if (e === "n") return "\n";
    if (e === "t") return "\t";
    if (/[1-9]/.test(e) || e === "k") throw new Error("back-reference");
    return e;
  }

  #charClass(): string {
    const negated = this.src[this.#i] === "^";
    if (negated) this.#i++;
    const members: [string, string][] = [];
    let first = true;
    while (this.#i < this.src.length && (this.src[this.#i] !== "]" || first)) {
      first = false;
      let lo = this.src[this.#i++]!;
      if (lo === "\\") lo = this.#escape(true);
      let hi = lo;
      if (this.src[this.#i] === "-" && this.src[this.#i + 1] !== "]" && this.#i + 1 < this.src.length) {
        this.#i++;
        hi = this.src[this.#i++]!;
        if (hi === "\\") hi = this.#escape(true);
      }
      members.push([lo, hi]);
    }
    this.#i++;
    if (!negated) return members[0]?.[0] ?? "a";
    const inside = (ch: string): boolean => members.some(([lo, hi]) => ch >= lo && ch <= hi);
    return [...PRINTABLE].find((ch) => !inside(ch)) ?? "~";
  }

  /** The minimum repeat count of the quantifier here (1 when none); lazy / possessive marks skipped. */
  #quantifier(): number {
    const c = this.src[this.#i];
    let min = 1;
    if (c === "?" || c === "*") {
      min = 0;
      this.#i++;
    } else if (c === "+") {
      this.#i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.#i));
      if (m === null) return 1;
      min = Number(m[1]);
      this.#i += m[0].length;
    } else {
      return 1;
    }
    if (this.src[this.#i] === "?") this.#i++;
    return min;
  }
}
