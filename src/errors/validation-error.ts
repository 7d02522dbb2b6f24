import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/** One problem found in a payload: where it is (`config.served_entities[0].name`) and what is wrong. */
export interface ValidationIssue {
  /** Dotted path with `[i]` for array indexes; `""` for the value itself. */
  readonly path: string;
  readonly message: string;
  /** zod's issue code, or one of ours (`unknown_field`, `exactly_one`, `secret_reference`). */
  readonly code: string;
}

/**
 * A payload failed its schema before anything was sent. Lists every problem with its path, one per line:
 * `config.served_entities[0].external_model.openai_config: exactly one of openai_api_key or openai_api_key_plaintext is required`.
 *
 * @example
 * try { endpoint("chat").build(); }
 * catch (e) { if (e instanceof ValidationError) for (const i of e.issues) console.log(i.path, i.message); }
 */
export class ValidationError extends DeploymentsError {
  override name = "ValidationError";
  readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[]) {
    super(ValidationError.format(what, issues));
    this.issues = issues;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { issues: this.issues };
  }

  private static format(what: string, issues: readonly ValidationIssue[]): string {
    const lines = issues.map((i) => `  - ${i.path === "" ? "(root)" : i.path}: ${i.message}`);
    return `Invalid ${what} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
  }
}
