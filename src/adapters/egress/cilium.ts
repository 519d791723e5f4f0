/**
 * Cilium FQDN egress policies (cilium.io CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy):
 * every `egress[].toFQDNs[]` name or pattern that names an LLM operator is an `egress` route of the
 * policy. `matchPattern: "*"` allows everything and names no operator, so it is not a route.
 * Deny rules (`egressDeny`) are not permissions and are ignored.
 */

import type { Problem, Route } from "../../model/canonical";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";
import { newRoute } from "../core/route";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { objectWorkloadOutput } from "./document";
import { egressHost, llmEgressEndpoints } from "./llm-hosts";

const KINDS: ReadonlySet<string> = new Set(["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"]);

function isCiliumPolicy(value: unknown): value is KubeObject {
  return isKubeObject(value) && KINDS.has(value.kind) && value.apiVersion.startsWith("cilium.io/");
}

/** The first port a rule opens: 80 or a `protocol: HTTP` rule means plain HTTP, anything else TLS. */
function schemeOf(rule: Record<string, unknown>): { scheme: string; port: number | null } {
  const toPorts = Array.isArray(rule.toPorts) ? rule.toPorts.filter(isRecord) : [];
  for (const entry of toPorts) {
    const ports = Array.isArray(entry.ports) ? entry.ports.filter(isRecord) : [];
    for (const port of ports) {
      const number = Number(port.port);
      if (!Number.isInteger(number) || number <= 0) continue;
      return { scheme: number === 80 ? "http" : "https", port: number };
    }
  }
  return { scheme: "https", port: null };
}

function adaptCilium({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const namespaced = object.kind === "CiliumNetworkPolicy";
  const namespace = namespaced ? objectNamespace(object) : null;
  const name = typeof object.metadata?.name === "string" ? object.metadata.name : "";
  const routes: Route[] = [];
  const problems: Problem[] = [];
  const specs: Array<{ spec: unknown; pointer: string }> = [];
  if (object.spec !== undefined) specs.push({ spec: object.spec, pointer: "/spec" });
  if (Array.isArray(object.specs)) object.specs.forEach((spec, i) => specs.push({ spec, pointer: `/specs/${i}` }));
  for (const { spec, pointer } of specs) {
    if (!isRecord(spec) || !Array.isArray(spec.egress)) continue;
    spec.egress.forEach((rule, i) => {
      if (!isRecord(rule) || !Array.isArray(rule.toFQDNs)) return;
      const { scheme, port } = schemeOf(rule);
      rule.toFQDNs.forEach((fqdn, j) => {
        if (!isRecord(fqdn)) return;
        const key = typeof fqdn.matchName === "string" ? "matchName" : typeof fqdn.matchPattern === "string" ? "matchPattern" : null;
        if (key === null) return;
        const written = fqdn[key] as string;
        const host = egressHost(written);
        if (host === null) return;
        const allowed = llmEgressEndpoints(host, scheme, port, ctx.settings);
        const at = `${pointer}/egress/${i}/toFQDNs/${j}/${key}`;
        allowed.forEach(({ host: reached, fields }, n) => {
          const route = newRoute({
            id: `${pointer.slice(1)}/egress/${i}/toFQDNs/${j}${allowed.length > 1 ? `/${n}` : ""}`,
            via: `${object.kind} ${namespace !== null ? `${namespace}/` : ""}${name} toFQDNs ${key} ${written}${host.wildcard ? ` (allows ${reached})` : ""}`,
            source: sourceAt(doc, at),
            endpoint: fields,
          });
          route.egress = true;
          routes.push(route);
        });
      });
    });
  }
  return objectWorkloadOutput({ doc, object, namespace, routes, problems }, ctx);
}

export const ciliumEgressAdapter: Adapter<KubeObject> = {
  name: "cilium-egress",
  claim: (doc) => (isCiliumPolicy(doc.value) ? { doc, value: doc.value } : null),
  adapt: adaptCilium,
};
