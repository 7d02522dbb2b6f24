/** Top-level create fields that MLflow's legacy form carries inside `config`. */
const HOISTED = ["tags", "rate_limits", "route_optimized", "ai_gateway", "description", "budget_policy_id", "email_notifications"] as const;

/**
 * Turns MLflow's legacy `create_endpoint(name, config)` form — `tags` and `rate_limits` inside
 * `config` — into the full create payload: those fields move to the top level beside `config`,
 * as MLflow does (and so do `route_optimized`, `ai_gateway`, `description`, `budget_policy_id` and
 * `email_notifications`, which the API only accepts at the top level). Pure: the input is not
 * modified. Unlike MLflow, `route_optimized` is sent only when given. The result is not
 * validated; pass it to `validate(createEndpointRequestSchema, …)`.
 *
 * @example
 * hoistLegacyCreatePayload("chat", { served_entities: [...], tags: [{ key: "foo", value: "bar" }] });
 * // { name: "chat", config: { served_entities: [...] }, tags: [{ key: "foo", value: "bar" }] }
 */
export function hoistLegacyCreatePayload(
  name: string,
  config: Readonly<Record<string, unknown>> | undefined,
  options: { readonly routeOptimized?: boolean } = {},
): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...config };
  const top: Record<string, unknown> = {};
  for (const field of HOISTED) {
    if (field in rest) {
      if (rest[field] !== undefined && rest[field] !== null) top[field] = rest[field];
      delete rest[field];
    }
  }
  if (options.routeOptimized !== undefined) top["route_optimized"] = options.routeOptimized;
  return { name, config: rest, ...top };
}
