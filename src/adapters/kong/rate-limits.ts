/**
 * Kong `ai-rate-limiting-advanced` (developer.konghq.com/plugins/ai-rate-limiting-advanced) as
 * route limits. Two shapes:
 *   - `llm_providers[{name, limit[], window_size[]}]` with the plugin-wide `tokens_count_strategy`
 *     and `identifier`;
 *   - `policies[{match[{type, values, partition_by}], limits[{limit, window_size, tokens_count_strategy}]}]` (3.14+).
 * Only caps on the whole traffic of the route bound what it can spend:
 *   - counters per consumer, credential, IP, header or path (`identifier` other than `service`, the
 *     default is `consumer`; a policy matching or partitioning by those) cap each client, and the
 *     number of clients is unbounded, so they are not a cap here;
 *   - `total_tokens` windows are token caps (tokens per minute = limit / window seconds x 60, the
 *     strictest window wins); `cost` windows are USD budgets over the window; `prompt_tokens` or
 *     `completion_tokens` bound one direction only and are not a cap.
 * Returns the caps and, when a configured limit was not counted, why (for the route's `via`).
 */

import type { Limits } from "../../model/canonical";
import { isRecord } from "../core/objects";
import { numberValue } from "../core/route";
import type { DeckPlugin } from "./deck";

export interface KongCaps {
  limits: Partial<Limits>;
  /** Why configured limits do not count as a cap, for messages; null when nothing was dropped. */
  note: string | null;
}

interface Window {
  limit: number;
  seconds: number;
  strategy: string;
}

const CLIENT_MATCHES: ReadonlySet<string> = new Set(["consumer", "consumer_group", "header", "ip", "path"]);
const DAY_SECONDS = 86_400;

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

/** Folds windows into caps: the strictest token window, and the strictest cost window per month. */
function capsOf(windows: Window[], origin: string): { limits: Partial<Limits>; dropped: string[] } {
  const limits: Partial<Limits> = {};
  const dropped: string[] = [];
  let bestUsdPerMonth = Infinity;
  for (const window of windows) {
    if (window.seconds <= 0) continue;
    if (window.strategy === "total_tokens") {
      const perMinute = (window.limit / window.seconds) * 60;
      if (limits.tokensPerMinute === undefined || limits.tokensPerMinute === null || perMinute < limits.tokensPerMinute) limits.tokensPerMinute = perMinute;
    } else if (window.strategy === "cost") {
      const perMonth = (window.limit / window.seconds) * 30 * DAY_SECONDS;
      if (perMonth < bestUsdPerMonth) {
        bestUsdPerMonth = perMonth;
        limits.budgetUsd = window.limit;
        limits.budgetPeriodDays = window.seconds / DAY_SECONDS;
      }
    } else dropped.push(`${window.strategy} limits bound one direction only`);
  }
  if (Object.keys(limits).length > 0) limits.origin = origin;
  return { limits, dropped };
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

/** Whether a policy's conditions cover all of this route's traffic with one shared counter. */
function policyFit(match: unknown, provider: string | null, model: string | null): PolicyFit {
  for (const condition of list(match)) {
    if (!isRecord(condition)) continue;
    const type = typeof condition.type === "string" ? condition.type : "";
    const values = Array.isArray(condition.values) ? condition.values.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()) : [];
    if (type === "provider" || type === "model") {
      const own = type === "provider" ? provider : model?.toLowerCase() ?? null;
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
    if (windows.length === 0) return { limits: {}, note: null };
    const identifier = typeof plugin.config.identifier === "string" ? plugin.config.identifier : "consumer";
    if (identifier !== "service" && !perClientScope) {
      return { limits: {}, note: `${origin} counts per ${identifier}, which does not cap the total` };
    }
    const { limits, dropped } = capsOf(windows, origin);
    return { limits, note: Object.keys(limits).length === 0 && dropped.length > 0 ? `${origin}: ${dropped[0]}` : null };
  }

  const fits = policies.map((policy) => ({ policy, fit: policyFit(policy.match, provider, model), fallback: list(policy.match).length === 0 }));
  const windows: Window[] = [];
  let perClient = false;
  for (const { policy, fit, fallback } of fits) {
    if (fit === "per-client") perClient = true;
    if (fit !== "applies") continue;
    // a policy without conditions only catches requests no other policy matched
    if (fallback && fits.some((other) => other.policy !== policy && !other.fallback && other.fit === "per-client")) continue;
    for (const limit of list(policy.limits)) {
      if (!isRecord(limit)) continue;
      const amount = numberValue(limit.limit);
      const seconds = numberValue(limit.window_size);
      if (amount !== null && seconds !== null) windows.push({ limit: amount, seconds, strategy: strategyOf(limit.tokens_count_strategy, "total_tokens") });
    }
  }
  const { limits, dropped } = capsOf(windows, origin);
  if (Object.keys(limits).length > 0) return { limits, note: null };
  if (perClient) return { limits: {}, note: `${origin} limits each consumer, header, IP or path separately, which does not cap the total` };
  return { limits: {}, note: dropped.length > 0 ? `${origin}: ${dropped[0]}` : null };
}
