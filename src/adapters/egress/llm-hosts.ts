/**
 * Which hosts of an egress object (an Istio ServiceEntry, a Cilium FQDN rule) are LLM endpoints.
 * Egress objects list every SaaS a namespace may reach; only LLM operator hosts become routes, so a
 * ServiceEntry for github.com does not turn its namespace into an LLM workload.
 */

import type { AdapterSettings } from "../core/types";
import { endpointOf, isLlmEndpoint } from "../kubernetes/values";
import type { EndpointFields } from "../core/route";

export interface EgressHost {
  /** The host as the egress object writes it: `api.deepseek.com`, `*.deepseek.com`. */
  written: string;
  /** What the route normalises: the host with a leading `*.` removed. */
  host: string;
  wildcard: boolean;
}

/** `*.deepseek.com` → {host: deepseek.com, wildcard}; `*` and empty values → null (not host-specific). */
export function egressHost(written: string): EgressHost | null {
  const trimmed = written.trim().toLowerCase();
  if (trimmed === "" || trimmed === "*") return null;
  if (trimmed.startsWith("*.")) return { written, host: trimmed.slice(2), wildcard: true };
  if (trimmed.includes("*")) {
    // Cilium matchPattern "api-*.deepseek.com": the fixed tail names the domain
    const tail = trimmed.slice(trimmed.lastIndexOf("*") + 1).replace(/^[.-]+/, "");
    return tail.includes(".") ? { written, host: tail, wildcard: true } : null;
  }
  return { written, host: trimmed, wildcard: false };
}

/**
 * The LLM endpoints an egress host allows: the host itself when it is a known operator API host
 * (or imitates one); for a wildcard (`*.openai.com`), every known operator API host under it
 * (api.openai.com), since the wildcard's own domain is not an API host. Empty for other hosts.
 */
export function llmEgressEndpoints(
  host: EgressHost,
  scheme: string,
  port: number | null,
  settings: AdapterSettings,
): Array<{ host: string; fields: EndpointFields }> {
  const portText = port !== null && port !== 443 && port !== 80 ? `:${port}` : "";
  if (!host.wildcard) {
    const fields = endpointOf(`${scheme}://${host.host}${portText}`, settings);
    const endpoint = fields.endpoint;
    if (endpoint === null || (endpoint.hostKind !== "dns" && endpoint.hostKind !== "ipv4" && endpoint.hostKind !== "ipv6")) return [];
    return isLlmEndpoint(endpoint, settings) ? [{ host: endpoint.host, fields }] : [];
  }
  // `*.x` matches names under x, not x itself (Istio and Cilium alike)
  const under = [...settings.catalog.hosts].filter((known) => known.endsWith(`.${host.host}`)).sort();
  return under.map((known) => ({ host: known, fields: endpointOf(`${scheme}://${known}${portText}`, settings) }));
}
