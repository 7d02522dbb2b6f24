import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * An endpoint's configuration update ended in `UPDATE_FAILED` or `UPDATE_CANCELED` while
 * `waitForEndpoint` (or `wait: true`) was watching. The message carries the served entities'
 * state messages; `state` is the final `config_update` value.
 *
 * @example
 * catch (e) { if (e instanceof EndpointUpdateError) console.log(e.endpoint, e.state, e.message); }
 */
export class EndpointUpdateError extends DeploymentsError {
  override name = "EndpointUpdateError";
  readonly endpoint: string;
  readonly state: string;

  constructor(endpoint: string, state: string, detail: string) {
    super(`Endpoint ${JSON.stringify(endpoint)} update ended in ${state}${detail.length > 0 ? `: ${detail}` : ""}`);
    this.endpoint = endpoint;
    this.state = state;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { endpoint: this.endpoint, state: this.state };
  }
}
