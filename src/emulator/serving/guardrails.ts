import { ApiFailure } from "../http/api-failure.js";
import type { JsonObject } from "../store/records.js";

const PII = [/\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g, /\b\d{3}-\d{2}-\d{4}\b/g, /\b(?:\d[ -]?){13,16}\b/g, /\+?\d[\d ().-]{8,}\d/g];

/**
 * AI-gateway guardrails the emulator can check deterministically: `invalid_keywords` (whole
 * word, case-insensitive), `valid_topics` (the text must mention at least one topic word) and
 * `pii` (emails, phone, card and SSN-like numbers) with BLOCK or MASK. `safety` is accepted but
 * not evaluated. Returns the (possibly masked) text; throws 400 when blocked.
 */
export function applyGuardrail(text: string, rules: JsonObject | undefined, side: "input" | "output"): string {
  if (rules === undefined) return text;
  const keywords = rules["invalid_keywords"];
  if (Array.isArray(keywords)) {
    for (const keyword of keywords) {
      if (typeof keyword === "string" && keyword !== "" && new RegExp(`\\b${escape(keyword)}\\b`, "i").test(text)) {
        throw blocked(side, `it contains the invalid keyword '${keyword}'`);
      }
    }
  }
  const topics = rules["valid_topics"];
  if (Array.isArray(topics) && topics.length > 0 && side === "input") {
    const lower = text.toLowerCase();
    const onTopic = topics.some((topic) => typeof topic === "string" && topic.toLowerCase().split(/\s+/).some((word) => word.length > 2 && lower.includes(word)));
    if (!onTopic) throw blocked(side, `it is not about any of the valid topics (${topics.join(", ")})`);
  }
  const behavior = (rules["pii"] as JsonObject | undefined)?.["behavior"];
  if (behavior === "BLOCK" && PII.some((re) => new RegExp(re.source).test(text))) throw blocked(side, "it contains personally identifiable information");
  if (behavior === "MASK") {
    let masked = text;
    for (const re of PII) masked = masked.replace(re, "[REDACTED]");
    return masked;
  }
  return text;
}

function blocked(side: "input" | "output", why: string): ApiFailure {
  return new ApiFailure(400, "BAD_REQUEST", `The ${side === "input" ? "request" : "response"} was blocked by the endpoint's AI gateway ${side} guardrail: ${why}.`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
