import { ApiFailure, invalidParameter } from "../http/api-failure.js";
import type { JsonObject } from "../store/records.js";
import { jsonInstance } from "./json-instance.js";
import { hash32 } from "./simulated-text.js";

/** One tool call the simulated model decided to make. */
export interface PlannedToolCall {
  readonly id: string;
  readonly name: string;
  /** Compact JSON valid against the tool's parameters. */
  readonly arguments: string;
}

interface FunctionTool {
  readonly name: string;
  readonly description: string;
  readonly parameters: unknown;
  readonly strict: boolean;
}

// Verbs and fillers that say nothing about what a tool offers.
const GENERIC = new Set(["get", "set", "list", "fetch", "find", "search", "lookup", "look", "make", "create", "current", "return", "returns", "given", "the", "for", "and", "with", "from", "into", "this", "that", "tool", "function", "call", "data", "value", "values", "information", "info"]);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && !GENERIC.has(w));
}

/** The function tools of a chat request (`{type:"function", function:{…}}`). */
export function functionTools(inputs: JsonObject): FunctionTool[] {
  const tools = inputs["tools"];
  if (!Array.isArray(tools)) return [];
  const out: FunctionTool[] = [];
  for (const t of tools) {
    const fn = (t as JsonObject | null)?.["function"] as JsonObject | undefined;
    if ((t as JsonObject | null)?.["type"] !== "function" || typeof fn?.["name"] !== "string") continue;
    out.push({ name: fn["name"], description: typeof fn["description"] === "string" ? fn["description"] : "", parameters: fn["parameters"] ?? { type: "object", properties: {} }, strict: fn["strict"] === true });
  }
  return out;
}

/**
 * Checks `tools` / `tool_choice` / tool messages the way the real service refuses them: a named
 * choice must be one of the tools, and each `role: "tool"` message must answer a call of an
 * earlier assistant message.
 */
export function checkToolRequest(inputs: JsonObject): void {
  const choice = inputs["tool_choice"];
  const tools = functionTools(inputs);
  if (choice !== undefined && choice !== "auto" && choice !== "none" && choice !== "required") {
    const name = ((choice as JsonObject | null)?.["function"] as JsonObject | undefined)?.["name"];
    if (typeof name !== "string") throw invalidParameter("tool_choice: must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": …}}.");
    if (!tools.some((t) => t.name === name)) throw invalidParameter(`tool_choice: the function '${name}' is not in tools (${tools.map((t) => t.name).join(", ") || "no tools given"}).`);
  }
  const messages = inputs["messages"];
  if (!Array.isArray(messages)) return;
  const calls = new Set<string>();
  for (const m of messages as JsonObject[]) {
    if (m["role"] === "assistant" && Array.isArray(m["tool_calls"])) for (const c of m["tool_calls"] as JsonObject[]) if (typeof c?.["id"] === "string") calls.add(c["id"]);
    if (m["role"] === "tool" && typeof m["tool_call_id"] === "string" && !calls.has(m["tool_call_id"])) {
      throw new ApiFailure(400, "BAD_REQUEST", `Tool messages are optional and must follow a preceding assistant message containing tool calls: no assistant tool call has the id '${m["tool_call_id"]}'.`);
    }
  }
}

/**
 * Decides whether the simulated model calls tools, and which (modern-query-api.md §2):
 * no tools or `"none"` → none; a named function → that one; `"required"` → the tools the last
 * user message names (else the first); `"auto"` → only when the last message is the user's and it
 * names a tool or plainly asks for what a tool's description offers. `parallel_tool_calls: false`
 * keeps one call. Ids and arguments are derived from the request, so they repeat.
 */
export function planToolCalls(inputs: JsonObject, lastUserText: string, lastRole: string | undefined): PlannedToolCall[] {
  const tools = functionTools(inputs);
  const choice = inputs["tool_choice"] ?? "auto";
  if (tools.length === 0 || choice === "none") return [];
  let chosen: FunctionTool[];
  if (typeof choice === "object" && choice !== null) {
    const name = ((choice as JsonObject)["function"] as JsonObject | undefined)?.["name"];
    chosen = tools.filter((t) => t.name === name).slice(0, 1);
  } else if (choice === "required") {
    const named = mentioned(tools, lastUserText);
    chosen = named.length > 0 ? named : [tools[0]!];
  } else {
    if (lastRole !== "user") return [];
    chosen = mentioned(tools, lastUserText);
    if (chosen.length === 0) chosen = tools.filter((t) => offers(t, lastUserText)).slice(0, 1);
  }
  if (inputs["parallel_tool_calls"] === false) chosen = chosen.slice(0, 1);
  const seed = canonical(inputs);
  return chosen.map((t, i) => ({ id: `call_${hex24(`${seed}#${i}`)}`, name: t.name, arguments: JSON.stringify(jsonInstance(t.parameters, { strict: t.strict })) }));
}

/** Tools whose name (or the name with `_`/`-` read as spaces) appears in the text, in order of first mention. */
function mentioned(tools: readonly FunctionTool[], text: string): FunctionTool[] {
  const lower = text.toLowerCase();
  return tools
    .map((t) => {
      const at = lower.indexOf(t.name.toLowerCase());
      return { t, at: at >= 0 ? at : lower.indexOf(t.name.toLowerCase().replace(/[_-]+/g, " ")) };
    })
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((m) => m.t);
}

/** The user plainly asks for what the tool offers: a telling word of its name, or two of its description. */
function offers(tool: FunctionTool, text: string): boolean {
  const asked = new Set(words(text));
  if (asked.size === 0) return false;
  if (words(tool.name.replace(/[_-]+/g, " ")).some((w) => asked.has(w) || asked.has(`${w}s`))) return true;
  const described = new Set(words(tool.description));
  if (described.size === 0) return false;
  let hits = 0;
  for (const w of described) if (asked.has(w)) hits++;
  return hits >= Math.min(2, described.size);
}

/** The request without the fields that only change how the same answer is delivered. */
function canonical(inputs: JsonObject): string {
  const { stream: _s, stream_options: _o, ...rest } = inputs;
  void _s;
  void _o;
  return JSON.stringify(rest);
}

/** 24 hex digits from three salted 32-bit hashes of the text. */
export function hex24(text: string): string {
  return [1, 2, 3].map((salt) => hash32(`${salt}:${text}`).toString(16).padStart(8, "0")).join("");
}
