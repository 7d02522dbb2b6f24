import { ApiFailure } from "../http/api-failure.js";
import type { JsonObject } from "../store/records.js";
import { isWordChar, maskSpans, PII_FINDERS } from "./pii.js";

/**
 * Scripts written without spaces between words: a keyword in them matches inside a run of
 * letters (`機密` in `これは機密です`), where a word boundary would never occur.
 */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * AI-gateway guardrails the emulator can check deterministically: `invalid_keywords` (whole
 * word, case-insensitive, in any script), `valid_topics` (the text must mention at least one
 * topic word) and `pii` (emails, phone, card and SSN-like numbers) with BLOCK or MASK. `safety`
 * is accepted but not evaluated. Every check is linear in the text. Returns the (possibly
 * masked) text; throws 400 when blocked.
 */
export function applyGuardrail(text: string, rules: JsonObject | undefined, side: "input" | "output"): string {
  if (rules === undefined) return text;
  const keywords = rules["invalid_keywords"];
  if (Array.isArray(keywords) && keywords.length > 0) {
    const folded = fold(text);
    for (const keyword of keywords) {
      if (typeof keyword === "string" && keyword !== "" && containsWord(folded, fold(keyword))) {
        throw blocked(side, `it contains the invalid keyword '${keyword}'`);
      }
    }
  }
  const topics = rules["valid_topics"];
  if (Array.isArray(topics) && topics.length > 0 && side === "input") {
    const folded = fold(text);
    const onTopic = topics.some(
      (topic) => typeof topic === "string" && fold(topic).split(/\s+/u).some((word) => significant(word) && folded.includes(word)),
    );
    if (!onTopic) throw blocked(side, `it is not about any of the valid topics (${topics.join(", ")})`);
  }
  const behavior = (rules["pii"] as JsonObject | undefined)?.["behavior"];
  if (behavior === "BLOCK" && PII_FINDERS.some((find) => find(text).length > 0)) throw blocked(side, "it contains personally identifiable information");
  if (behavior === "MASK") {
    let masked = text;
    for (const find of PII_FINDERS) masked = maskSpans(masked, find, "[REDACTED]");
    return masked;
  }
  return text;
}

/** Case- and composition-insensitive form: `CAFÉ`, `café` and `cafe\u0301` compare equal. */
function fold(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

/** A topic word worth matching: three letters or more, or any word of an unspaced script. */
function significant(word: string): boolean {
  return [...word].length > 2 || UNSPACED.test(word);
}

/**
 * Whether `word` occurs in `text` as a whole word: not preceded or followed by a letter, digit
 * or `_` of any script — except beside an unspaced-script character, where any neighbour goes.
 * `indexOf` from each earlier hit: linear for a fixed keyword.
 */
function containsWord(text: string, word: string): boolean {
  const chars = [...word];
  const openStart = UNSPACED.test(chars[0]!);
  const openEnd = UNSPACED.test(chars[chars.length - 1]!);
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = at === 0 ? undefined : charBefore(text, at);
    const after = text.codePointAt(at + word.length);
    const afterChar = after === undefined ? undefined : String.fromCodePoint(after);
    if ((openStart || !isWordChar(before)) && (openEnd || !isWordChar(afterChar))) return true;
  }
  return false;
}

function charBefore(text: string, at: number): string {
  const low = text.charCodeAt(at - 1);
  // A surrogate pair ends just before `at`: take the whole code point.
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) return text.slice(at - 2, at);
  return text.slice(at - 1, at);
}

function blocked(side: "input" | "output", why: string): ApiFailure {
  return new ApiFailure(400, "BAD_REQUEST", `The ${side === "input" ? "request" : "response"} was blocked by the endpoint's AI gateway ${side} guardrail: ${why}.`);
}
