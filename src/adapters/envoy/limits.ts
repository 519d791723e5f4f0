/**
 * Token and request caps of an AIGatewayRoute from Envoy Gateway `BackendTrafficPolicy` rate
 * limits (gateway.envoyproxy.io). The AI Gateway filter stores token counts of each response in
 * dynamic metadata (namespace `io.envoy.ai_gateway`, keys named by the route's `llmRequestCosts`),
 * and a rate-limit rule whose `cost.response` reads such a key counts tokens: `limit.requests` per
 * `limit.unit` is then tokens per unit.
 *   - A `TotalToken` key is a token cap; input-only or output-only keys count one direction
 *     (reported with that metric); CEL costs count an unknown quantity and are no cap.
 *   - A rule without a response cost counts requests: a request cap.
 *   - Only rules without `clientSelectors` share one bucket across all traffic. A `Distinct`
 *     header or source CIDR keeps one bucket per value: scoped `header` or `ip`, the header named
 *     as the selector; `Exact` (or `RegularExpression`) selectors only count the requests that
 *     match: scoped `matching`. policies/lib/budget.rego explains why neither caps the total.
 *   - Global rate limits only: a local limit applies per Envoy replica.
 * Which caps bind is decided in policies/lib/budget.rego.
 * A policy attached to the generated HTTPRoute (named like the AIGatewayRoute) wins over one on
 * its Gateway.
 */

import type { Cap, CapMetric, CapWindow } from "../../model/canonical";
import { isRecord, listOf, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { cap as makeCap, days, months, numberValue, seconds } from "../core/route";
import { targetRefsOf, type GatewayIndex } from "./gateway-index";

const METADATA_NAMESPACE = "io.envoy.ai_gateway";
const UNIT_WINDOWS: Readonly<Record<string, CapWindow>> = {
  second: seconds(1),
  minute: seconds(60),
  hour: seconds(3_600),
  day: days(1),
  month: months(1),
  year: days(365),
};
const ONE_DIRECTION: Readonly<Record<string, CapMetric>> = { InputToken: "input-tokens", OutputToken: "output-tokens" };

export interface RouteCaps {
  caps: Cap[];
  notes: string[];
}

/** metadataKey → cost type, from the AIGatewayRoute's `llmRequestCosts`. */
export function requestCosts(route: KubeObject): Map<string, string> {
  const spec = isRecord(route.spec) ? route.spec : {};
  const costs = new Map<string, string>();
  for (const cost of Array.isArray(spec.llmRequestCosts) ? spec.llmRequestCosts : []) {
    if (isRecord(cost) && typeof cost.metadataKey === "string" && typeof cost.type === "string") costs.set(cost.metadataKey, cost.type);
  }
  return costs;
}

function parentGateways(route: KubeObject): Array<{ namespace: string; name: string }> {
  const spec = isRecord(route.spec) ? route.spec : {};
  const namespace = objectNamespace(route);
  const refs = [...listOf(spec.parentRefs), ...listOf(spec.targetRefs)];
  return refs
    .filter(isRecord)
    .filter((ref) => typeof ref.name === "string" && (ref.kind === undefined || ref.kind === "Gateway"))
    .map((ref) => ({ name: ref.name as string, namespace: typeof ref.namespace === "string" && ref.namespace !== "" ? ref.namespace : namespace }));
}

function policiesFor(route: KubeObject, gateways: GatewayIndex): { policy: KubeObject; level: "route" | "gateway" }[] {
  const namespace = objectNamespace(route);
  const name = objectName(route);
  const parents = parentGateways(route);
  const found: { policy: KubeObject; level: "route" | "gateway" }[] = [];
  for (const { object } of gateways.trafficPolicies) {
    for (const ref of targetRefsOf(object)) {
      if (ref.kind === "HTTPRoute" && ref.name === name && ref.namespace === namespace) found.push({ policy: object, level: "route" });
      else if (ref.kind === "Gateway" && parents.some((p) => p.name === ref.name && p.namespace === ref.namespace))
        found.push({ policy: object, level: "gateway" });
    }
  }
  const routeLevel = found.filter((f) => f.level === "route" && isRecord(f.policy.spec) && isRecord(f.policy.spec.rateLimit));
  return routeLevel.length > 0 ? routeLevel : found.filter((f) => f.level === "gateway");
}

/**
 * Whom a rule's bucket counts for, from its `clientSelectors` (gateway.envoyproxy.io
 * RateLimitSelectCondition): null without selectors (one bucket for all traffic).
 */
function selectorScope(selectors: unknown): { scope: string; selector: string } | null {
  if (!Array.isArray(selectors) || selectors.length === 0) return null;
  const distinct: string[] = [];
  const matching: string[] = [];
  let distinctIp = false;
  for (const selector of selectors) {
    if (!isRecord(selector)) continue;
    for (const header of listOf(selector.headers)) {
      if (!isRecord(header) || typeof header.name !== "string") continue;
      const type = typeof header.type === "string" ? header.type : "Exact";
      if (type === "Distinct") distinct.push(header.name.toLowerCase());
      else matching.push(`${header.name.toLowerCase()}${typeof header.value === "string" ? ` ${type === "Exact" ? "=" : "~"} ${header.value}` : ""}`);
    }
    const cidr = isRecord(selector.sourceCIDR) ? selector.sourceCIDR : null;
    if (cidr !== null) {
      if (cidr.type === "Distinct") distinctIp = true;
      else matching.push(`source ${typeof cidr.value === "string" ? cidr.value : "CIDR"}`);
    }
    for (const key of ["methods", "path", "queryParams"]) if (selector[key] !== undefined) matching.push(key);
  }
  if (distinct.length > 0) return { scope: "header", selector: distinct.join(", ") };
  if (distinctIp) return { scope: "ip", selector: "client IP (sourceCIDR Distinct)" };
  return { scope: "matching", selector: matching.length > 0 ? matching.join(", ") : "clientSelectors" };
}

function ruleCap(rule: Record<string, unknown>, costs: Map<string, string>, label: string): { cap?: Cap; note?: string } {
  const limit = isRecord(rule.limit) ? rule.limit : {};
  const requests = numberValue(limit.requests);
  const window = typeof limit.unit === "string" ? UNIT_WINDOWS[limit.unit.toLowerCase()] : undefined;
  if (requests === null || window === undefined) return { note: `${label} has no readable limit.requests and limit.unit` };
  const selected = selectorScope(rule.clientSelectors);
  const perClient = selected !== null;
  const scoped = (found: Cap): Cap => (selected === null ? found : { ...found, scope: selected.scope, selector: selected.selector });
  const cap = (metric: CapMetric, amount: number, w: CapWindow, origin: string): Cap => scoped(makeCap(metric, amount, w, origin));
  // the budget rules name a per-client cap and explain why it does not bound the total
  const cost = isRecord(rule.cost) ? rule.cost : {};
  const response = isRecord(cost.response) ? cost.response : null;
  if (response !== null && response.from === "Metadata") {
    const metadata = isRecord(response.metadata) ? response.metadata : {};
    const key = typeof metadata.key === "string" ? metadata.key : "";
    const type = metadata.namespace === METADATA_NAMESPACE ? costs.get(key) : undefined;
    if (type === "TotalToken") return { cap: cap("tokens", requests, window, label) };
    const direction = type !== undefined ? ONE_DIRECTION[type] : undefined;
    const note = perClient ? {} : { note: `${label} counts ${type ?? `metadata ${key}`}, not total tokens` };
    return direction !== undefined ? { cap: cap(direction, requests, window, label), ...note } : note;
  }
  const request = isRecord(cost.request) ? cost.request : null;
  if (request !== null && request.from === "Number" && numberValue(request.number) === 0) return { note: `${label} counts nothing (request cost 0)` };
  return { cap: cap("requests", requests, window, label) };
}

/** The caps the BackendTrafficPolicies of the scan put on all traffic of an AIGatewayRoute. */
export function routeCaps(route: KubeObject, gateways: GatewayIndex): RouteCaps {
  const costs = requestCosts(route);
  const result: RouteCaps = { caps: [], notes: [] };
  for (const { policy } of policiesFor(route, gateways)) {
    const spec = isRecord(policy.spec) ? policy.spec : {};
    const rateLimit = isRecord(spec.rateLimit) ? spec.rateLimit : null;
    if (rateLimit === null) continue;
    const policyName = `BackendTrafficPolicy ${objectNamespace(policy)}/${objectName(policy)}`;
    if (isRecord(rateLimit.local) && !isRecord(rateLimit.global)) {
      result.notes.push(`${policyName} sets a local rate limit, which applies per Envoy replica`);
      continue;
    }
    const global = isRecord(rateLimit.global) ? rateLimit.global : {};
    const rules = Array.isArray(global.rules) ? global.rules : [];
    rules.forEach((rule, i) => {
      if (!isRecord(rule)) return;
      const found = ruleCap(rule, costs, `${policyName} rule[${i}]`);
      if (found.cap !== undefined) result.caps.push(found.cap);
      if (found.note !== undefined) result.notes.push(found.note);
    });
  }
  // a cap on the whole traffic was found: the rules that did not count need no explaining
  if (result.caps.some((found) => found.scope === "total" && (found.metric === "tokens" || found.metric === "requests"))) result.notes = [];
  return result;
}
