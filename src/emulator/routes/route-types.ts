import type { Principal } from "../auth.js";
import type { EmulatorContext } from "../context.js";
import type { Params, Router } from "../http/router.js";
import type { EmulatorReply, EmulatorRequest } from "../http/types.js";
import type { JsonObject } from "../store/records.js";

/** One authenticated call as a route sees it. `body()` parses JSON lazily (400 MALFORMED_REQUEST). */
export interface Call {
  readonly request: EmulatorRequest;
  readonly params: Params;
  readonly principal: Principal;
  readonly context: EmulatorContext;
  body(): JsonObject;
}

/** A route handler. */
export type Handler = (call: Call) => EmulatorReply | Promise<EmulatorReply>;

/** The router the route modules register on. */
export type Routes = Router<Handler>;
