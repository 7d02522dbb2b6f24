import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * A streamed reply broke: the connection closed before `data: [DONE]`, or an event was not JSON.
 * Never a silently truncated success: `received` says how many chunks arrived before it broke.
 *
 * @example
 * try { for await (const c of client.predictStream({ endpoint: "chat", inputs })) write(c); }
 * catch (e) { if (e instanceof StreamError) console.log(`stream cut after ${e.received} chunks`); }
 */
export class StreamError extends DeploymentsError {
  override name = "StreamError";
  readonly received: number;

  constructor(message: string, received: number, options?: { cause?: unknown }) {
    super(message, options);
    this.received = received;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { received: this.received };
  }
}
