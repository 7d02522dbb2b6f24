// What each notebook must show when it runs: the outcomes its prose promises. A notebook whose
// cells all pass but whose demonstrations quietly stopped demonstrating (no error where one is
// shown, an unequal payload) fails here.
import { readFileSync } from "node:fs";

interface Output { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> }
interface Notebook { cells: Array<{ cell_type: string; outputs?: Output[] }> }

export const EXPECTED_OUTPUTS: Record<string, readonly (string | RegExp)[]> = {
  "01-databricks-deployments": [
    "{{secrets/my-scope/openai-api-key}}",
    /config_update=NOT_UPDATING/,
    "5 calls per minute per user",
    "10 calls per minute per user",
    /&quot;simulated&quot;: true|"simulated": true/,
    "NotFoundError",
    "RESOURCE_DOES_NOT_EXIST",
  ],
  "02-fluent-builder": ["✔ equal", "base is unchanged: yes", "gpt-4o 50%", "claude-3-5-sonnet-latest 50%", /'gpt-4o': \d+/],
  "03-streaming-and-conversations": [
    "chat.completion.chunk",
    "Conversation with `chat`",
    /turn 2\s*<\/b>|turn 2/,
    "status: cancelled",
    "saved 3 turns",
    "simulated: true",
  ],
  "05-tools-and-structured-outputs": [
    /did you mean .get_weather./,
    "finish_reason: tool_calls",
    /Tool get_weather \{"city":"example","unit":"c"\} → \{/,
    "the orders database is down",
    /restored 1 tool call\(s\); context roles: user, assistant, tool, assistant/,
    /typed: example \(NeurIPS 1990\)/,
    "LengthFinishReasonError",
    "response.output_text.delta",
    "agent/v1/responses",
    /session_id: 'nb-05'|"session_id": "nb-05"/,
    /trace_id: 'tr-[0-9a-f]{32}'/,
  ],
  "04-limits-errors-and-waiting": [
    /config_update=IN_PROGRESS/,
    "ConflictError",
    "TimeoutError",
    /retry 1 in \d+ ms — 503 TEMPORARILY_UNAVAILABLE/,
    /retry \d+ in \d+ ms — 429 REQUEST_LIMIT_EXCEEDED/,
    /third call answered after +\d+\.\d s and [1-9]\d* retr/,
    "RateLimitError",
    "would overrun the 2 s budget",
    "Retry-After",
    "NotFoundError",
    "AlreadyExistsError",
    "PermissionDeniedError",
    // a wrong token: Databricks answers 403 "Invalid access token.", raised as UnauthenticatedError
    "UnauthenticatedError",
    "403 PERMISSION_DENIED: Invalid access token.",
    "ConnectionError",
    "AbortError",
    "did you mean",
    "exactly one of openai_api_key or openai_api_key_plaintext",
    "must add up to 100",
    "alice's permission on alice-chat: CAN_MANAGE",
    "bob sees: []",
    "bob's permission on alice-chat: CAN_QUERY",
    /bob queries alice-chat: ok — \d+ tokens, simulated=true/,
    "does not have CAN_MANAGE permission on serving endpoint",
    "does not have READ permission on secret scope",
    "bob deletes alice-chat: PermissionDeniedError",
  ],
  "06-batch-prompts": [
    "24 rows; the first prompt",
    "batch-progress",
    /24 answered, 0 failed; [1-9]\d* calls were turned away/,
    "24 rows: 24 answered, 0 failed",
    "8 rows: 7 answered, 1 failed",
    "batch-failed",
    /row \d+ failed after 1 attempt: InternalServerError|row \d+ failed after 1 attempt: ApiError/,
    /a parsed answer: \{"sentiment":"(positive|negative|mixed)"/,
  ],
};

const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : v ?? "");

/** Every output of a notebook as one string. */
export function allOutputs(notebook: Notebook): string {
  return notebook.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => [text(o.text), ...Object.values(o.data ?? {}).map(text)].join("\n"))
    .join("\n");
}

/** The expectations of `name` that the outputs of the notebook file at `path` do not meet. */
export function missingOutputs(name: string, path: string): string[] {
  const outputs = allOutputs(JSON.parse(readFileSync(path, "utf8")) as Notebook);
  const problems = (EXPECTED_OUTPUTS[name] ?? []).filter((e) => (typeof e === "string" ? !outputs.includes(e) : !e.test(outputs))).map(String);
  // A payload comparison that says "✘" is a builder that no longer compiles to the REST dict.
  if (outputs.includes("✘")) problems.push("a payload comparison found a difference (✘)");
  return problems;
}
