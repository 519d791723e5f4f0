/**
 * Vercel AI Gateway (`https://ai-gateway.vercel.sh/v1`): an aggregator that picks the provider per
 * request. Its routing preferences travel in `providerOptions.gateway` (AI SDK, OpenAI-compatible
 * and OpenResponses APIs; vercel/ai `packages/gateway/src/gateway-provider-options.ts` and
 * vercel.com/docs/ai-gateway/models-and-providers/provider-options):
 *   only: [slugs]            → routing.only
 *   order: [slugs]           → routing.order (the gateway still falls back beyond it)
 *   models: [model ids]      → fallback models (one route each)
 *   zeroDataRetention: true  → routing.zdr, and dataCollection "deny" (ZDR providers keep nothing)
 *   disallowPromptTraining   → routing.dataCollection "deny"
 *   headquarters             → routing.headquartersAllow / headquartersDeny (ISO 3166-1 alpha-2)
 * The headquarters filter (vercel.com/changelog/choose-ai-gateway-providers-by-headquarters-country)
 * is read as `{allow: [...]}` or `{deny: [...]}`, or a bare list meaning an allow list: the
 * changelog documents an allow list or a deny list of countries without showing the request shape.
 */

import type { AggregatorRouting } from "../../model/canonical";
import { isRecord } from "../core/objects";
import { booleanValue, child, describeValue, field, stringList, type Report } from "../core/fields";

export interface VercelGatewayOptions {
  routing: AggregatorRouting;
  /** Fallback model ids from `models`, with their pointers. */
  models: Array<{ id: string; pointer: string }>;
}

const COUNTRY = /^[A-Za-z]{2}$/;

function countries(value: unknown, pointer: string, label: string, report: Report): string[] | null {
  const list = stringList(value, pointer, label, report);
  if (list === null) return null;
  const bad = list.findIndex((code) => !COUNTRY.test(code.trim()));
  if (bad >= 0) {
    report(`${label}[${bad}] must be an ISO 3166-1 alpha-2 country code such as "US", got ${JSON.stringify(list[bad])}`, child(pointer, bad));
    return null;
  }
  return list.map((code) => code.trim().toUpperCase());
}

function headquarters(value: unknown, pointer: string, label: string, routing: AggregatorRouting, report: Report): void {
  if (Array.isArray(value) || typeof value === "string") {
    const allow = countries(value, pointer, label, report);
    if (allow !== null) routing.headquartersAllow = allow;
    return;
  }
  if (!isRecord(value)) {
    report(`${label} must be {allow: [countries]} or {deny: [countries]}, got ${describeValue(value)}`, pointer);
    return;
  }
  let understood = false;
  for (const [key, target] of [
    ["allow", "headquartersAllow"],
    ["deny", "headquartersDeny"],
  ] as const) {
    if (value[key] === undefined || value[key] === null) continue;
    understood = true;
    const list = countries(value[key], child(pointer, key), `${label}.${key}`, report);
    if (list !== null) routing[target] = list;
  }
  if (!understood) report(`${label} must be {allow: [countries]} or {deny: [countries]}; it names neither`, pointer);
}

/** Reads a `providerOptions.gateway` map. */
export function readVercelGatewayOptions(value: Record<string, unknown>, pointer: string, label: string, report: Report): VercelGatewayOptions {
  const routing: AggregatorRouting = {};
  const options: VercelGatewayOptions = { routing, models: [] };
  for (const name of ["only", "order"] as const) {
    const found = field(value, name);
    if (!found) continue;
    const list = stringList(found.value, child(pointer, found.key), `${label}.${found.key}`, report);
    if (list !== null) routing[name] = list;
  }
  const models = field(value, "models");
  if (models) {
    const list = stringList(models.value, child(pointer, models.key), `${label}.${models.key}`, report);
    if (list !== null) options.models = list.map((id, i) => ({ id, pointer: child(child(pointer, models.key), i) }));
  }
  const zdr = field(value, "zero_data_retention");
  if (zdr) {
    const on = booleanValue(zdr.value, child(pointer, zdr.key), `${label}.${zdr.key}`, report);
    if (on !== null) routing.zdr = on;
    if (on === true) routing.dataCollection = "deny";
  }
  const training = field(value, "disallow_prompt_training");
  if (training) {
    const on = booleanValue(training.value, child(pointer, training.key), `${label}.${training.key}`, report);
    if (on === true) routing.dataCollection = "deny";
  }
  const hq = field(value, "headquarters");
  if (hq) headquarters(hq.value, child(pointer, hq.key), `${label}.${hq.key}`, routing, report);
  return options;
}
