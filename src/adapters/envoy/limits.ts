/**
 * Token and request caps of an AIGatewayRoute from Envoy Gateway `BackendTrafficPolicy` rate
 * limits (gateway.envoyproxy.io). The AI Gateway filter stores token counts of each response in
 * dynamic metadata (namespace `io.envoy.ai_gateway`, keys named by the route's `llmRequestCosts`),
 * and a rate-limit rule whose `cost.response` reads such a key counts tokens: `limit.requests` per
 * `limit.unit` is then tokens per unit.
 *   - A `TotalToken` key is a token cap; input-only or output-only keys and CEL costs bound one
 *     direction or an unknown quantity and are not counted.
 *   - A rule without a response cost counts requests: a request cap.
 *   - Only rules without `clientSelectors` share one bucket across all traffic; a rule per
 *     distinct header or client IP caps each client, and the number of clients is unbounded.
 *   - Global rate limits only: a local limit applies per Envoy replica.
 * A policy attached to the generated HTTPRoute (named like the AIGatewayRoute) wins over one on
 * its Gateway.
 */

import type { Limits } from "../../model/canonical";
import { isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { numberValue } from "../core/route";
import { targetRefsOf, type GatewayIndex } from "./gateway-index";

const METADATA_NAMESPACE = "io.envoy.ai_gateway";
const UNIT_MINUTES: Readonly<Record<string, number>> = { second: 1 / 60, minute: 1, hour: 60, day: 1440, month: 43_200, year: 525_600 };

export interface RouteCaps {
  limits: Partial<Limits>;
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
  const refs = [...(Array.isArray(spec.parentRefs) ? spec.parentRefs : []), ...(Array.isArray(spec.targetRefs) ? spec.targetRefs : [])];
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
      else if (ref.kind === "Gateway" && parents.some((p) => p.name === ref.name && p.namespace === ref.namespace)) found.push({ policy: object, level: "gateway" });
    }
  }
  const routeLevel = found.filter((f) => f.level === "route" && isRecord(f.policy.spec) && isRecord(f.policy.spec.rateLimit));
  return routeLevel.length > 0 ? routeLevel : found.filter((f) => f.level === "gateway");
}

function ruleCap(rule: Record<string, unknown>, costs: Map<string, string>, label: string): { tokens?: number; requests?: number; note?: string } {
  if (Array.isArray(rule.clientSelectors) && rule.clientSelectors.length > 0) {
    return { note: `${label} limits each client separately (clientSelectors), which does not cap the total` };
  }
  const limit = isRecord(rule.limit) ? rule.limit : {};
  const requests = numberValue(limit.requests);
  const unit = typeof limit.unit === "string" ? UNIT_MINUTES[limit.unit.toLowerCase()] : undefined;
  if (requests === null || unit === undefined) return { note: `${label} has no readable limit.requests and limit.unit` };
  const perMinute = requests / unit;
  const cost = isRecord(rule.cost) ? rule.cost : {};
  const response = isRecord(cost.response) ? cost.response : null;
  if (response !== null && response.from === "Metadata") {
    const metadata = isRecord(response.metadata) ? response.metadata : {};
    const key = typeof metadata.key === "string" ? metadata.key : "";
    const type = metadata.namespace === METADATA_NAMESPACE ? costs.get(key) : undefined;
    if (type === "TotalToken") return { tokens: perMinute };
    return { note: `${label} counts ${type ?? `metadata ${key}`}, not total tokens` };
  }
  const request = isRecord(cost.request) ? cost.request : null;
  if (request !== null && request.from === "Number" && numberValue(request.number) === 0) return { note: `${label} counts nothing (request cost 0)` };
  return { requests: perMinute };
}

/** The caps the BackendTrafficPolicies of the scan put on all traffic of an AIGatewayRoute. */
export function routeCaps(route: KubeObject, gateways: GatewayIndex): RouteCaps {
  const costs = requestCosts(route);
  const result: RouteCaps = { limits: {}, notes: [] };
  const origins: string[] = [];
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
      const label = `${policyName} rule[${i}]`;
      const cap = ruleCap(rule, costs, label);
      if (cap.tokens !== undefined && (result.limits.tokensPerMinute == null || cap.tokens < result.limits.tokensPerMinute)) {
        result.limits.tokensPerMinute = cap.tokens;
        origins.push(label);
      }
      if (cap.requests !== undefined && (result.limits.requestsPerMinute == null || cap.requests < result.limits.requestsPerMinute)) {
        result.limits.requestsPerMinute = cap.requests;
        origins.push(label);
      }
      if (cap.note !== undefined) result.notes.push(cap.note);
    });
  }
  if (origins.length > 0) {
    result.limits.origin = [...new Set(origins)].join(", ");
    result.notes = []; // a cap was found: the rules that did not count need no explaining
  }
  return result;
}
