/**
 * Kong `ai-rate-limiting-advanced` (developer.konghq.com/plugins/ai-rate-limiting-advanced) as
 * route limits. Two shapes:
 *   - `llm_providers[{name, limit[], window_size[]}]` with the plugin-wide `tokens_count_strategy`
 *     and `identifier`;
 *   - `policies[{match[{type, values, partition_by}], limits[{limit, window_size, tokens_count_strategy}]}]` (3.14+).
 * Every window is reported as a cap with its scope; policies/lib/budget.rego decides which bind:
 *   - counters per consumer, credential, IP, header or path (`identifier` other than `service`, the
 *     default is `consumer`; a policy matching or partitioning by those) are scoped to that client,
 *     and a policy without conditions beside such policies to the requests they leave (`unmatched`);
 *   - `total_tokens` windows count tokens, `cost` windows US dollars, `prompt_tokens` and
 *     `completion_tokens` one direction only.
 * Returns the caps and, when none counts the whole traffic in tokens or dollars, why (for the route's `via`).
 */

import type { Cap, CapMetric } from "../../model/canonical";
import { isRecord } from "../core/objects";
import { trimWhere } from "../../normalize/trim";
import { cap, numberValue, seconds } from "../core/route";
import type { DeckPlugin } from "./deck";

export interface KongCaps {
  caps: Cap[];
  /** Why configured limits do not count as a cap, for messages; null when nothing was dropped. */
  note: string | null;
}

interface Window {
  limit: number;
  seconds: number;
  strategy: string;
}

const CLIENT_MATCHES: ReadonlySet<string> = new Set(["consumer", "consumer_group", "header", "ip", "path"]);

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function strategyOf(value: unknown, fallback: string): string {
  return typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : fallback;
}

/** The parts of an ai-rate-limiting-advanced plugin read here (a decK plugin or a KongPlugin). */
export type RateLimitPlugin = Pick<DeckPlugin, "config" | "instanceName">;

function describe(plugin: RateLimitPlugin, where: string): string {
  return `ai-rate-limiting-advanced${plugin.instanceName ? ` ${plugin.instanceName}` : ""} on ${where}`;
}

const METRICS: Readonly<Record<string, CapMetric>> = { total_tokens: "tokens", cost: "usd", prompt_tokens: "input-tokens", completion_tokens: "output-tokens" };

/** Windows as caps, each with the scope of its counter; `bounded` is false when none counts all tokens or dollars of that scope. */
function capsOf(windows: Window[], origin: string, scope: string, selector?: string): { caps: Cap[]; bounded: boolean; dropped: string[] } {
  const caps: Cap[] = [];
  const dropped: string[] = [];
  let bounded = false;
  for (const window of windows) {
    if (window.seconds <= 0) continue;
    const metric = METRICS[window.strategy];
    if (metric === undefined) {
      dropped.push(`${window.strategy} limits bound one direction only`);
      continue;
    }
    const found = cap(metric, window.limit, seconds(window.seconds), origin, scope);
    caps.push(selector !== undefined && scope !== "total" ? { ...found, selector } : found);
    if (metric === "tokens" || metric === "usd") bounded = true;
    else dropped.push(`${window.strategy} limits bound one direction only`);
  }
  return { caps, bounded, dropped };
}

function providerWindows(plugin: RateLimitPlugin, provider: string | null, strategy: string): Window[] {
  const windows: Window[] = [];
  for (const entry of list(plugin.config.llm_providers)) {
    if (!isRecord(entry) || typeof entry.name !== "string" || provider === null) continue;
    if (entry.name.trim().toLowerCase() !== provider) continue;
    const limits = list(entry.limit);
    const sizes = list(entry.window_size);
    limits.forEach((raw, i) => {
      const limit = numberValue(raw);
      const seconds = numberValue(sizes[i]);
      if (limit !== null && seconds !== null) windows.push({ limit, seconds, strategy });
    });
  }
  return windows;
}

type PolicyFit = "applies" | "elsewhere" | "per-client";

/** The condition that splits a policy's counter by client, as written (`consumer`, `header x-team`), for messages. */
function clientSelector(match: unknown): string | undefined {
  for (const condition of list(match)) {
    if (!isRecord(condition) || typeof condition.type !== "string" || !CLIENT_MATCHES.has(condition.type)) continue;
    const values = Array.isArray(condition.values) ? condition.values.filter((v): v is string => typeof v === "string") : [];
    return condition.partition_by === true || values.length === 0 ? condition.type : `${condition.type} ${values.join(", ")}`;
  }
  return undefined;
}

/** Whether a policy's conditions cover all of this route's traffic with one shared counter. */
function policyFit(match: unknown, provider: string | null, model: string | null): PolicyFit {
  for (const condition of list(match)) {
    if (!isRecord(condition)) continue;
    const type = typeof condition.type === "string" ? condition.type : "";
    const values = Array.isArray(condition.values) ? condition.values.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()) : [];
    if (type === "provider" || type === "model") {
      const own = type === "provider" ? provider : (model?.toLowerCase() ?? null);
      if (values.length > 0 && (own === null || !values.includes(own))) return "elsewhere";
      continue;
    }
    if (CLIENT_MATCHES.has(type) && (values.length > 0 || condition.partition_by === true)) return "per-client";
  }
  return "applies";
}

/**
 * The caps an `ai-rate-limiting-advanced` plugin puts on a route of the given Kong provider and
 * model. `where` names the entity it is attached to, for messages.
 */
export function rateLimitCaps(plugin: RateLimitPlugin, provider: string | null, model: string | null, where: string, perClientScope: boolean): KongCaps {
  const origin = describe(plugin, where);
  const strategy = strategyOf(plugin.config.tokens_count_strategy, "total_tokens");
  const policies = list(plugin.config.policies).filter(isRecord);
  if (policies.length === 0) {
    const windows = providerWindows(plugin, provider, strategy);
    if (windows.length === 0) return { caps: [], note: null };
    const identifier = typeof plugin.config.identifier === "string" ? plugin.config.identifier : "consumer";
    const perClient = identifier !== "service" && !perClientScope;
    const headerName = typeof plugin.config.header_name === "string" ? ` ${plugin.config.header_name}` : "";
    const selector = `identifier: ${identifier}${identifier === "header" ? headerName : ""}`;
    const { caps, bounded, dropped } = capsOf(windows, origin, perClient ? scopeName(identifier) : "total", selector);
    // the budget rules name a per-consumer cap and explain why it does not bound the total
    if (perClient) return { caps, note: null };
    return { caps, note: !bounded && dropped.length > 0 ? `${origin}: ${dropped[0]}` : null };
  }

  const fits = policies.map((policy) => ({ policy, fit: policyFit(policy.match, provider, model), fallback: list(policy.match).length === 0 }));
  const caps: Cap[] = [];
  const dropped: string[] = [];
  let bounded = false;
  let perClient = false;
  for (const { policy, fit, fallback } of fits) {
    if (fit === "elsewhere") continue;
    if (fit === "per-client") perClient = true;
    // a policy without conditions only catches requests no other policy matched
    const remainder = fallback && fits.some((other) => other.policy !== policy && !other.fallback && other.fit === "per-client");
    const scope = fit === "per-client" ? "client" : remainder ? "unmatched" : "total";
    const windows: Window[] = [];
    for (const limit of list(policy.limits)) {
      if (!isRecord(limit)) continue;
      const amount = numberValue(limit.limit);
      const seconds = numberValue(limit.window_size);
      if (amount !== null && seconds !== null) windows.push({ limit: amount, seconds, strategy: strategyOf(limit.tokens_count_strategy, "total_tokens") });
    }
    const found = capsOf(windows, origin, scope, fit === "per-client" ? clientSelector(policy.match) : "no policy matched");
    caps.push(...found.caps);
    if (scope === "total") {
      bounded ||= found.bounded;
      dropped.push(...found.dropped);
    }
  }
  if (bounded) return { caps, note: null };
  if (perClient) return { caps, note: null };
  return { caps, note: dropped.length > 0 ? `${origin}: ${dropped[0]}` : null };
}

/** `consumer_group` → `consumer-group`: the scope name of a counter kept per client. */
function scopeName(identifier: string): string {
  const name = trimWhere(
    identifier
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-"),
    (char) => char === "-",
  );
  return /^[a-z]/.test(name) ? name : "client";
}
