/**
 * OpenRouter provider routing preferences, the `provider` object of a request, a preset or request
 * defaults (openrouter.ai/docs/features/provider-routing): `order`, `only`, `ignore`,
 * `allow_fallbacks`, `data_collection`, `zdr`, in snake_case or camelCase (the TypeScript SDK).
 * `sort`, `quantizations`, `max_price`, `require_parameters` and `enforce_distillable_text` do not
 * restrict who operates the endpoint and are not kept.
 */

import type { AggregatorRouting } from "../../model/canonical";
import { isRecord } from "../core/objects";
import { booleanValue, child, describeValue, field, stringList, type Report } from "../core/fields";

/** Keys that only an OpenRouter `provider` routing object has: one of them marks a map as routing preferences. */
export const ROUTING_KEYS: readonly string[] = [
  "only",
  "ignore",
  "order",
  "allow_fallbacks",
  "allowFallbacks",
  "data_collection",
  "dataCollection",
  "zdr",
  "sort",
  "quantizations",
  "max_price",
  "maxPrice",
  "require_parameters",
  "requireParameters",
  "enforce_distillable_text",
  "enforceDistillableText",
];

export function isRoutingObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && ROUTING_KEYS.some((key) => Object.hasOwn(value, key));
}

export function readProviderRouting(value: unknown, pointer: string, label: string, report: Report): AggregatorRouting {
  const routing: AggregatorRouting = {};
  if (!isRecord(value)) {
    report(`${label} must be a map of provider routing preferences, got ${describeValue(value)}`, pointer);
    return routing;
  }
  for (const name of ["order", "only", "ignore"] as const) {
    const found = field(value, name);
    if (!found) continue;
    const list = stringList(found.value, child(pointer, found.key), `${label}.${found.key}`, report);
    if (list !== null) routing[name] = list;
  }
  const allow = field(value, "allow_fallbacks");
  if (allow) {
    const on = booleanValue(allow.value, child(pointer, allow.key), `${label}.${allow.key}`, report);
    if (on !== null) routing.allowFallbacks = on;
  }
  const collection = field(value, "data_collection");
  if (collection) {
    const text = typeof collection.value === "string" ? collection.value.trim().toLowerCase() : null;
    if (text === "allow" || text === "deny") routing.dataCollection = text;
    else report(`${label}.${collection.key} must be "allow" or "deny", got ${describeValue(collection.value)}`, child(pointer, collection.key));
  }
  const zdr = field(value, "zdr");
  if (zdr) {
    const on = booleanValue(zdr.value, child(pointer, zdr.key), `${label}.zdr`, report);
    if (on !== null) routing.zdr = on;
  }
  return routing;
}

/** Field-by-field merge: later layers (the request over a preset) win where they set a field. */
export function mergeRouting(...layers: Array<AggregatorRouting | null | undefined>): AggregatorRouting {
  const merged: AggregatorRouting = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}
