import { randomUUID } from "node:crypto";
import { ApiFailure } from "./http/api-failure.js";
import { jsonErrorPosition } from "./http/json-error.js";
import { Router, type Params } from "./http/router.js";
import type { Principal } from "./auth.js";
import type { EmulatorHandler, EmulatorReply, EmulatorRequest } from "./http/types.js";
import type { EmulatorContext } from "./context.js";
import type { Faults } from "./faults.js";
import type { Call, Handler } from "./routes/route-types.js";
import type { JsonObject } from "./store/records.js";
import { registerEndpointRoutes } from "./routes/endpoints.js";
import { registerIdentityRoutes } from "./routes/identity.js";
import { registerInvocationRoutes } from "./routes/invocations.js";
import { registerResponsesRoutes } from "./routes/responses.js";
import { registerObservabilityRoutes } from "./routes/observability.js";
import { registerPermissionRoutes } from "./routes/permissions.js";
import { registerSecretRoutes } from "./routes/secrets.js";
import { handleOAuthRequest } from "./routes/oauth.js";

/**
 * The emulator's core handler: routing, Bearer auth on every route, JSON body parsing, and
 * Databricks-style errors (`{error_code, message}`) for everything that goes wrong.
 */
export function createHandler(context: EmulatorContext, faults?: Faults): EmulatorHandler {
  const router = new Router<Handler>();
  registerInvocationRoutes(router);
  registerResponsesRoutes(router);
  registerEndpointRoutes(router);
  registerSecretRoutes(router);
  registerPermissionRoutes(router);
  registerObservabilityRoutes(router);
  registerIdentityRoutes(router);

  let sequence = 0;
  const prefix = randomUUID().slice(0, 8);
  // `route` answers synchronously when the route does (the simulated model): each async layer costs a promise and a microtask.
  return async (request) => {
    const requestId = `${prefix}-${(++sequence).toString(16).padStart(8, "0")}`;
    const reply = await route(request, requestId);
    reply.headers["x-request-id"] = requestId;
    return reply;
  };

  function route(request: EmulatorRequest, requestId: string): EmulatorReply | Promise<EmulatorReply> {
    try {
      if (request.bodyLimitExceeded !== undefined) {
        throw new ApiFailure(413, "REQUEST_ENTITY_TOO_LARGE", `Request body exceeds ${request.bodyLimitExceeded} bytes.`);
      }
      // The OAuth endpoints hand tokens out, so they take none.
      const oauthReply = handleOAuthRequest(context.oauth, request);
      if (oauthReply !== undefined) return oauthReply;
      const authorization = request.header("authorization");
      const principal = context.oauth.principalFor(authorization) ?? context.auth.authenticate(authorization);
      const fault = faults?.take(request.method, request.path);
      if (fault !== undefined) throw fault;
      const match = router.match(request.method, request.path);
      if (match.kind === "not-found") {
        throw new ApiFailure(404, "ENDPOINT_NOT_FOUND", `No API found for '${request.method} ${request.path}'.`);
      }
      if (match.kind === "method-not-allowed") {
        const reply = new ApiFailure(405, "BAD_REQUEST", `Method ${request.method} is not allowed on ${request.path}; use ${match.allowed.join(" or ")}.`).toReply(requestId);
        reply.headers["allow"] = match.allowed.join(", ");
        return reply;
      }
      const reply = match.handler(new RouteCall(request, match.params, principal, context));
      return reply instanceof Promise ? reply.catch((error: unknown) => failureReply(error, requestId)) : reply;
    } catch (error) {
      return failureReply(error, requestId);
    }
  }
}

/** A route's view of one call; a class, so a call allocates no closure for its lazy body. */
class RouteCall implements Call {
  #parsed: JsonObject | undefined;

  constructor(
    readonly request: EmulatorRequest,
    readonly params: Params,
    readonly principal: Principal,
    readonly context: EmulatorContext,
  ) {}

  body(): JsonObject {
    return (this.#parsed ??= parseBody(this.request.bodyText));
  }
}

function parseBody(text: string): JsonObject {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Never the parser's message: it quotes the body around the error, which may be a secret.
    throw new ApiFailure(400, "MALFORMED_REQUEST", `Invalid JSON in the request body (${jsonErrorPosition(error)}).`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiFailure(400, "MALFORMED_REQUEST", "The request body must be a JSON object.");
  }
  return value as JsonObject;
}

/** No error message is longer than this: a reply must never grow with what the caller sent. */
const MAX_MESSAGE_CHARS = 16 * 1024;

function failureReply(error: unknown, requestId: string): EmulatorReply {
  let failure = error instanceof ApiFailure ? error : new ApiFailure(500, "INTERNAL_ERROR", `Emulator failure: ${(error as Error).message ?? String(error)}`);
  if (failure.message.length > MAX_MESSAGE_CHARS) {
    const cut = `${failure.message.slice(0, MAX_MESSAGE_CHARS)}… (${failure.message.length - MAX_MESSAGE_CHARS} more characters left out)`;
    failure = new ApiFailure(failure.status, failure.errorCode, cut, failure.retryAfterSeconds);
  }
  return failure.toReply(requestId);
}
