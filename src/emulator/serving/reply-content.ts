import type { JsonObject } from "../store/records.js";
import { fragments } from "./chat-extras.js";
import { jsonInstance } from "./json-instance.js";
import { contentText, tokenize } from "./simulated-text.js";

// What a simulated chat reply says when the request asks for more than text: JSON for a
// response_format, an answer quoting tool results, and where a stop sequence cuts it.

/** `response_format` json_schema → JSON valid against the schema; json_object → `{"result": …}`. */
export function structuredTokens(inputs: JsonObject, question: string): string[] | undefined {
  const format = inputs["response_format"] as JsonObject | undefined;
  if (format === undefined) return undefined;
  if (format["type"] === "json_schema") {
    const spec = (format["json_schema"] ?? {}) as JsonObject;
    return fragments(JSON.stringify(jsonInstance(spec["schema"] ?? { type: "object" }, { strict: spec["strict"] === true })));
  }
  if (format["type"] === "json_object") {
    const text = `This is a simulated reply from the databricks-deployments emulator (no model was called) to: ${question.slice(0, 200)}`;
    return fragments(JSON.stringify({ result: text }));
  }
  return undefined;
}

/** After `role: "tool"` results, an answer in text that quotes them. */
export function toolResultTokens(inputs: JsonObject): string[] | undefined {
  const messages = inputs["messages"] as JsonObject[];
  const results: JsonObject[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!["role"] === "tool"; i--) results.unshift(messages[i]!);
  if (results.length === 0) return undefined;
  const names = new Map<string, string>();
  for (const m of messages) {
    for (const c of (Array.isArray(m["tool_calls"]) ? m["tool_calls"] : []) as JsonObject[]) {
      const fn = c["function"] as JsonObject | undefined;
      if (typeof c["id"] === "string" && typeof fn?.["name"] === "string") names.set(c["id"], fn["name"]);
    }
  }
  const lines = results.map((r) => {
    const id = typeof r["tool_call_id"] === "string" ? r["tool_call_id"] : "";
    const text = contentText(r["content"]);
    return `> \`${names.get(id) ?? (typeof r["name"] === "string" ? r["name"] : "tool")}\` returned: ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
  });
  return tokenize(`This is a **simulated reply** from the databricks-deployments emulator: no model was called.\n\nThe tool results were:\n\n${lines.join("\n>\n")}\n\nThat is all the simulated model knows.`);
}

/** Cuts the reply before the first `stop` sequence (undefined when none occurs). */
export function applyStop(tokens: readonly string[], stop: unknown): string[] | undefined {
  const stops = (typeof stop === "string" ? [stop] : Array.isArray(stop) ? stop : []).filter((s): s is string => typeof s === "string" && s !== "");
  if (stops.length === 0) return undefined;
  const text = tokens.join("");
  let cut = -1;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  if (cut < 0) return undefined;
  // Keep the original token boundaries up to the cut.
  const out: string[] = [];
  let length = 0;
  for (const t of tokens) {
    if (length + t.length <= cut) {
      out.push(t);
      length += t.length;
      continue;
    }
    if (cut > length) out.push(t.slice(0, cut - length));
    break;
  }
  return out;
}

