import { DeploymentsError } from "./deployments-error.js";
import type { ValidationIssue } from "./validation-error.js";

/**
 * A structured-output reply (`predict` with a `schema`) that is not valid JSON or does not match
 * the schema. Carries the raw text the model sent and each problem with its path (one issue at
 * the root, code `invalid_json`, when the text is not JSON) — never a bare `SyntaxError`.
 *
 * @example
 * try { await client.predict({ endpoint: "chat", inputs, schema: City }); }
 * catch (e) { if (e instanceof StructuredOutputError) console.log(e.text, e.issues); }
 */
export class StructuredOutputError extends DeploymentsError {
  override name = "StructuredOutputError";
  /** The message content as the model sent it. */
  readonly text: string;
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, text: string, issues: readonly ValidationIssue[]) {
    super(message);
    this.text = text;
    this.issues = issues;
  }
}

/**
 * The model stopped at the token limit (`finish_reason: "length"`) before finishing a structured
 * reply, so there is nothing whole to parse (openai-node's `LengthFinishReasonError`). Raise
 * `max_tokens`, or shrink the schema.
 *
 * @example
 * try { await client.predict({ endpoint: "chat", inputs: { messages, max_tokens: 5 }, schema: City }); }
 * catch (e) { if (e instanceof LengthFinishReasonError) console.log("cut off:", e.text); }
 */
export class LengthFinishReasonError extends StructuredOutputError {
  override name = "LengthFinishReasonError";

  constructor(text: string) {
    super("The structured reply was cut off at the token limit (finish_reason \"length\"); raise max_tokens or simplify the schema", text, []);
  }
}
