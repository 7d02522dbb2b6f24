import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * No usable host and credentials were found, or they are malformed. The message lists every
 * place that was looked at (options, environment variables, config file and profile) and how to
 * fix it; `searched` has the same list as data. Never contains a credential's value.
 *
 * @example
 * try { getDeployClient("databricks://prod"); }
 * catch (e) { if (e instanceof ConfigurationError) console.error(e.message); }
 */
export class ConfigurationError extends DeploymentsError {
  override name = "ConfigurationError";
  readonly searched: readonly string[];

  constructor(message: string, searched: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.searched = searched;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { searched: this.searched };
  }
}
