/**
 * Kong AI Gateway `model.provider` values (developer.konghq.com/ai-gateway/ai-providers) and what
 * each one means for the operator when no `model.options.upstream_url` overrides it. The names,
 * their SDK prefixes, fixed URLs and per-account URL templates are catalogue data
 * (policies/data/providers.json `gateways.kong`).
 */

import { isRecord } from "../core/objects";
import type { CatalogView, GatewayView } from "../core/catalog";

/** The catalogue id of Kong's provider names. */
const KONG = "kong";

export type KongProvider =
  /** Kong calls the provider's public API: the catalogue finds the operator by this SDK prefix. */
  | { kind: "prefix"; sdkPrefix: string }
  /** Kong calls one fixed public host (providers the catalogue has no prefix for). */
  | { kind: "url"; url: string }
  /** A self-hosted or per-account format: without upstream_url the endpoint is unknown. */
  | { kind: "needs-upstream"; why: string };

export function kongNames(catalog: CatalogView): GatewayView {
  return catalog.gateway(KONG);
}

export function kongProvider(name: string, catalog: CatalogView): KongProvider | null {
  const names = kongNames(catalog);
  const key = name.trim().toLowerCase();
  const prefix = names.providerNames[key];
  if (prefix !== undefined) return { kind: "prefix", sdkPrefix: prefix };
  const url = names.endpoints[key];
  if (url !== undefined) return { kind: "url", url };
  const why = names.needsUpstream[key];
  if (why !== undefined) return { kind: "needs-upstream", why };
  return names.closed ? null : { kind: "prefix", sdkPrefix: key };
}

/** Provider formats that only say how requests are shaped, so the upstream_url alone names the operator. */
export function isFormatProvider(name: string, catalog: CatalogView): boolean {
  return kongNames(catalog).formatNames.has(name);
}

/**
 * The per-account URL Kong builds from options (Azure `azure_instance`, Bedrock
 * `bedrock.aws_region`), from the catalogue's template; null when the provider has none or an
 * option is missing or not a plain name.
 */
export function regionalUrl(provider: string, options: Record<string, unknown>, catalog: CatalogView): string | null {
  const template = kongNames(catalog).regionalUrls[provider];
  if (template === undefined) return null;
  let complete = true;
  const url = template.replace(/\{([^}]+)\}/g, (_, path: string) => {
    let node: unknown = options;
    for (const key of path.split(".")) node = isRecord(node) ? node[key] : undefined;
    if (typeof node === "string" && /^[a-z0-9-]+$/i.test(node.trim())) return node.trim().toLowerCase();
    complete = false;
    return "";
  });
  return complete ? url : null;
}
