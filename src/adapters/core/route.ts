import { emptyLimits, type Endpoint, type Limits, type ModelRef, type ProviderHints, type Route, type SourceLocation, type UnresolvedValue } from "../../model/canonical";
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
      return { endpoint: null, unresolvedEndpoint: { raw, reason: result.reason.startsWith("not a valid URL") ? result.reason : `not a valid URL: ${result.reason}` } };
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
    limits: { ...emptyLimits(), ...init.limits },
    fallbacks: init.fallbacks ?? [],
  };
}

/** LiteLLM-style durations ("30s", "30m", "24h", "30d", "1mo", "1w") in days; null when unreadable. */
export function durationDays(raw: unknown): number | null {
  if (typeof raw === "number" && raw > 0) return raw / 86_400; // bare numbers are seconds in LiteLLM
  if (typeof raw !== "string") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w|mo)\s*$/i.exec(raw);
  if (!match) return null;
  const amount = Number(match[1]);
  const perDay: Record<string, number> = { s: 86_400, m: 1_440, h: 24, d: 1, w: 1 / 7, mo: 1 / 30 };
  return amount / perDay[match[2]!.toLowerCase()]!;
}

/** A finite non-negative number from YAML/JSON/env text, else null. */
export function numberValue(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  return null;
}
