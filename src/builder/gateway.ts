import type { AiGatewayConfig } from "../schemas/index.js";
import type { AiGatewayOptions, GatewayRateLimitOptions, GuardrailOptions } from "./options.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A gateway rate limit option in wire form (`renewal_period` defaults to `"minute"`). */
export function gatewayRateLimit(o: GatewayRateLimitOptions): NonNullable<AiGatewayConfig["rate_limits"]>[number] {
  return {
    ...(o.calls !== undefined && { calls: o.calls }),
    ...(o.tokens !== undefined && { tokens: o.tokens }),
    ...(o.key !== undefined && { key: o.key }),
    ...(o.principal !== undefined && { principal: o.principal }),
    renewal_period: o.renewalPeriod ?? "minute",
  };
}

function guardrail(g: GuardrailOptions): Record<string, unknown> {
  return {
    ...(g.safety !== undefined && { safety: g.safety }),
    ...(g.pii !== undefined && { pii: { behavior: g.pii } }),
    ...(g.invalidKeywords !== undefined && { invalid_keywords: [...g.invalidKeywords] }),
    ...(g.validTopics !== undefined && { valid_topics: [...g.validTopics] }),
  };
}

/**
 * Merges camelCase gateway options over an existing wire gateway config: each part given replaces
 * that part, the rest is kept.
 */
export function mergeGateway(current: AiGatewayConfig | undefined, o: AiGatewayOptions): AiGatewayConfig {
  const next: Mutable<AiGatewayConfig> = { ...current };
  if (o.usageTracking !== undefined) next.usage_tracking_config = { enabled: o.usageTracking };
  if (o.inferenceTable !== undefined) {
    const t = o.inferenceTable;
    next.inference_table_config = {
      ...(t.catalogName !== undefined && { catalog_name: t.catalogName }),
      ...(t.schemaName !== undefined && { schema_name: t.schemaName }),
      ...(t.tableNamePrefix !== undefined && { table_name_prefix: t.tableNamePrefix }),
      enabled: t.enabled ?? true,
    };
  }
  if (o.rateLimits !== undefined) next.rate_limits = o.rateLimits.map(gatewayRateLimit);
  if (o.guardrails !== undefined) {
    next.guardrails = {
      ...(o.guardrails.input !== undefined && { input: guardrail(o.guardrails.input) }),
      ...(o.guardrails.output !== undefined && { output: guardrail(o.guardrails.output) }),
    };
  }
  if (o.fallback !== undefined) next.fallback_config = { enabled: o.fallback };
  return next;
}
