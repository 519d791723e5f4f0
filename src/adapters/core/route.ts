import {
  emptyLimits,
  type Cap,
  type CapMetric,
  type CapWindow,
  type Endpoint,
  type Limits,
  type ModelRef,
  type ProviderHints,
  type Route,
  type SourceLocation,
  type UnresolvedValue,
} from "../../model/canonical";
import { normalizeEndpoint } from "../../normalize/endpoint";
import { gatewayPath, gatewayUpstream, type GatewayPath } from "./gateway-path";
import type { AdapterSettings } from "./types";

export interface EndpointFields {
  endpoint: Endpoint | null;
  unresolvedEndpoint: UnresolvedValue | null;
  /** Set when the endpoint is a gateway URL that names the provider it forwards to (catalogue `gateways`). */
  gateway?: GatewayPath | null;
}

/**
 * Normalises an endpoint value. An invalid one is kept as unresolved with the parser's reason:
 * a value the tool cannot read must never pass as "no endpoint".
 */
export function endpointFields(raw: string | null | undefined, settings: AdapterSettings): EndpointFields {
  if (raw === null || raw === undefined) return { endpoint: null, unresolvedEndpoint: null };
  const result = normalizeEndpoint(raw, { knownHosts: settings.catalog.hosts });
  switch (result.kind) {
    case "endpoint":
      return { endpoint: result.endpoint, unresolvedEndpoint: null, gateway: gatewayPath(result.endpoint, settings.catalog) };
    case "unresolved":
      return { endpoint: null, unresolvedEndpoint: result.unresolved };
    case "invalid":
      return {
        endpoint: null,
        unresolvedEndpoint: { raw, reason: result.reason.startsWith("not a valid URL") ? result.reason : `not a valid URL: ${result.reason}` },
      };
  }
}

export interface RouteInit {
  id: string;
  via: string;
  source: SourceLocation;
  endpoint?: EndpointFields;
  provider?: Partial<ProviderHints>;
  model?: ModelRef;
  limits?: Partial<Limits>;
  routing?: Route["routing"];
  fallbacks?: string[];
}

export function unknownModel(): ModelRef {
  return { id: null, raw: null, resolved: false };
}

export function newRoute(init: RouteInit): Route {
  const provider: ProviderHints = { sdkPrefix: null, keyVar: null, type: null, ...init.provider };
  // A gateway that names the provider in its URL or model id (Cloudflare AI Gateway) decides the prefix.
  const gateway = init.endpoint?.gateway;
  if (gateway) provider.sdkPrefix = gatewayUpstream(gateway, init.model);
  return {
    id: init.id,
    via: init.via,
    source: init.source,
    endpoint: init.endpoint?.endpoint ?? null,
    unresolvedEndpoint: init.endpoint?.unresolvedEndpoint ?? null,
    provider,
    model: init.model ?? unknownModel(),
    routing: init.routing ?? null,
    limits: { ...emptyLimits(), ...init.limits, caps: [...(init.limits?.caps ?? [])] },
    fallbacks: init.fallbacks ?? [],
  };
}

/** A cap as written. Adapters never fold caps together: which one binds is decided in policies/lib/budget.rego. */
export function cap(metric: CapMetric, amount: number, window: CapWindow, origin: string, scope = "total"): Cap {
  return { metric, amount, window, scope, origin };
}

export const LIFETIME: CapWindow = { unit: "lifetime", count: null };

export const PER_MINUTE: CapWindow = { unit: "seconds", count: 60 };

export function seconds(count: number): CapWindow {
  return { unit: "seconds", count };
}

export function days(count: number): CapWindow {
  return { unit: "days", count };
}

export function months(count: number): CapWindow {
  return { unit: "months", count };
}

const DURATION_UNITS: Readonly<Record<string, (amount: number) => CapWindow>> = {
  s: seconds,
  m: (amount) => seconds(amount * 60),
  h: (amount) => seconds(amount * 3_600),
  d: days,
  w: (amount) => days(amount * 7),
  mo: months,
};

/** LiteLLM-style durations ("30s", "30m", "24h", "30d", "1mo", "1w") as the window they name; null when unreadable. */
export function durationWindow(raw: unknown): CapWindow | null {
  if (typeof raw === "number" && raw > 0) return seconds(raw); // bare numbers are seconds in LiteLLM
  if (typeof raw !== "string") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w|mo)\s*$/i.exec(raw);
  if (!match || Number(match[1]) <= 0) return null;
  return DURATION_UNITS[match[2].toLowerCase()](Number(match[1]));
}

/** A finite non-negative number from YAML/JSON/env text, else null. */
export function numberValue(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  return null;
}
