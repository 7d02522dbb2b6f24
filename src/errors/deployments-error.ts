/**
 * The root of every error this package throws. `catch (e) { if (e instanceof DeploymentsError) … }`
 * separates this library's failures from anything else.
 *
 * @example
 * try { await client.getEndpoint("nope"); }
 * catch (e) { if (e instanceof DeploymentsError) console.error(e.message); }
 */
export class DeploymentsError extends Error {
  override name = "DeploymentsError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
