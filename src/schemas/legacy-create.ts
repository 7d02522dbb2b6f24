/**
 * Fields of `createEndpointRequestSchema` the API takes only at the top level, which MLflow's
 * legacy `create_endpoint(name, config)` form carries inside `config`. Finding one inside
 * `config` marks the legacy form.
 *
 * @example
 * LEGACY_TOP_LEVEL_KEYS.some((k) => k in config); // true for { served_entities, tags }
 */
export const LEGACY_TOP_LEVEL_KEYS = ["tags", "rate_limits", "route_optimized", "ai_gateway", "description", "budget_policy_id", "email_notifications"] as const;

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
  for (const field of LEGACY_TOP_LEVEL_KEYS) {
    if (field in rest) {
      if (rest[field] !== undefined && rest[field] !== null) top[field] = rest[field];
      delete rest[field];
    }
  }
  if (options.routeOptimized !== undefined) top["route_optimized"] = options.routeOptimized;
  return { name, config: rest, ...top };
}
