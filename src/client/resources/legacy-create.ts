/**
 * MLflow's legacy `create_endpoint(name, config)` → the API payload, exactly as MLflow builds it:
 * `tags` and `rate_limits` (when non-empty) move from `config` to the top level, `route_optimized`
 * is always sent, everything else stays inside `config`.
 *
 * @example
 * hoistLegacyCreatePayload("chat", { served_entities: [], tags: [{ key: "foo", value: "bar" }] });
 * // { name: "chat", config: { served_entities: [] }, route_optimized: false, tags: [{ key: "foo", value: "bar" }] }
 */
export function hoistLegacyCreatePayload(name: string, config: Readonly<Record<string, unknown>>, routeOptimized?: boolean): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...config };
  const extras: Record<string, unknown> = {};
  for (const key of ["tags", "rate_limits"] as const) {
    const value = rest[key];
    delete rest[key];
    // MLflow pops the key and hoists it only when truthy (an empty list is dropped).
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) extras[key] = value;
  }
  return { name, config: rest, route_optimized: routeOptimized ?? false, ...extras };
}
