/**
 * Linear-time finders for the PII the AI-gateway guardrail detects: e-mail addresses, US SSNs,
 * card-like and phone-like numbers. Each one scans the text once (the earlier regular
 * expressions backtracked: `a.a.a.…` without an `@` took time quadratic in its length).
 */

/** A found span: `[start, end)`. */
export type Span = readonly [number, number];

const WORD = /[\p{L}\p{N}_]/u;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLocal = (c: number): boolean => isWordCode(c) || c === 46 || c === 43 || c === 45; // [\w.+-]
const isDomain = (c: number): boolean => isWordCode(c) || c === 45 || c === 46; // [\w.-]

/**
 * E-mail addresses: `local@domain.tld` with the characters the old pattern allowed. Every `@`
 * is looked at once; its left and right scans stop at the neighbouring `@`s, so the total work
 * is linear.
 */
export function emailSpans(text: string): Span[] {
  const out: Span[] = [];
  let from = 0;
  let floor = 0;
  for (let at = text.indexOf("@", from); at !== -1; at = text.indexOf("@", from)) {
    let start = at;
    while (start > floor && isLocal(text.charCodeAt(start - 1))) start--;
    // The address starts at a word character (the old pattern's leading \b).
    while (start < at && !isWordCode(text.charCodeAt(start))) start++;
    let end = at + 1;
    while (end < text.length && isDomain(text.charCodeAt(end))) end++;
    // Trailing dots and dashes are punctuation, not part of the domain (the old trailing \b).
    while (end > at + 1 && !isWordCode(text.charCodeAt(end - 1))) end--;
    const domain = text.slice(at + 1, end);
    const dot = domain.indexOf(".");
    if (start < at && dot > 0 && dot < domain.length - 1 && isWordCode(domain.charCodeAt(0))) {
      out.push([start, end]);
      floor = end;
      from = end;
    } else {
      from = at + 1;
    }
  }
  return out;
}

/** US SSNs `ddd-dd-dddd` between word boundaries. */
export function ssnSpans(text: string): Span[] {
  return regexSpans(text, /\b\d{3}-\d{2}-\d{4}\b/g);
}

/** 13 to 16 digits, optionally separated by single spaces or dashes (card numbers). */
export function cardSpans(text: string): Span[] {
  // Bounded repetition without overlap between its parts: each start costs at most 32 steps.
  return regexSpans(text, /\b(?:\d[ -]?){13,16}\b/g);
}

/**
 * Phone-like numbers: an optional `+`, a digit, at least 8 of `[digits space ( ) . -]`, a digit.
 * One pass over each run of those characters: the match is the run's first digit to its last
 * digit, when they are far enough apart.
 */
export function phoneSpans(text: string): Span[] {
  const out: Span[] = [];
  const inRun = (c: number): boolean => isDigit(c) || c === 32 || c === 40 || c === 41 || c === 46 || c === 45;
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const first = i;
    let last = i;
    let j = i + 1;
    while (j < text.length && inRun(text.charCodeAt(j))) {
      if (isDigit(text.charCodeAt(j))) last = j;
      j++;
    }
    if (last - first - 1 >= 8) out.push([first > 0 && text.charCodeAt(first - 1) === 43 ? first - 1 : first, last + 1]);
    i = j;
  }
  return out;
}

/** Every PII finder, in the order masking applies them. */
export const PII_FINDERS: readonly ((text: string) => Span[])[] = [emailSpans, ssnSpans, cardSpans, phoneSpans];

/** Replaces every span `find` reports with `mask`. */
export function maskSpans(text: string, find: (text: string) => Span[], mask: string): string {
  const spans = find(text);
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + mask;
    at = end;
  }
  return out + text.slice(at);
}

/** Whether a character is a letter, digit or `_` in any script. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

function regexSpans(text: string, re: RegExp): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(re)) out.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return out;
}
