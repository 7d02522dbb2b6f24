import type { EndpointRecord, ServedEntityOutput } from "../store/records.js";

const current = new WeakMap<EndpointRecord, Map<string, number>>();

/**
 * Picks the served entity for the next call by the traffic percentages, with smooth weighted
 * round-robin: deterministic, and over any 100 calls each entity gets exactly its percentage.
 */
export function pickEntity(record: EndpointRecord, entities: readonly ServedEntityOutput[]): ServedEntityOutput {
  if (entities.length === 1) return entities[0]!;
  const routes = record.config?.traffic_config?.routes ?? [];
  let state = current.get(record);
  if (state === undefined) {
    state = new Map();
    current.set(record, state);
  }
  let total = 0;
  let best: string | undefined;
  let bestScore = -Infinity;
  for (const route of routes) {
    const name = route.served_entity_name ?? route.served_model_name;
    if (name === undefined || route.traffic_percentage <= 0) continue;
    total += route.traffic_percentage;
    const score = (state.get(name) ?? 0) + route.traffic_percentage;
    state.set(name, score);
    if (score > bestScore) {
      bestScore = score;
      best = name;
    }
  }
  if (best === undefined) return entities[0]!;
  state.set(best, bestScore - total);
  return entities.find((e) => e.name === best) ?? entities[0]!;
}
