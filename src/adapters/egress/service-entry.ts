/**
 * Istio ServiceEntry (networking.istio.io): an egress permission. Each external LLM host it lets
 * the mesh reach becomes an `egress` route of the ServiceEntry, classified from its labels and
 * Namespace: a regulated namespace that may reach api.deepseek.com is a finding even before any
 * workload calls it. When `endpoints` send a host's traffic to other addresses, those addresses are
 * where prompts go (`hosts: [api.openai.com]` with `endpoints: [{address: api.deepseek.com}]` is
 * DeepSeek). Hosts that are not LLM operators (github.com, a database) are not routes.
 */

import type { Problem, Route } from "../../model/canonical";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";
import { endpointOf } from "../kubernetes/values";
import { newRoute, unknownModel } from "../core/route";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { objectWorkloadOutput } from "./document";
import { egressHost, llmEgressEndpoints } from "./llm-hosts";

function isServiceEntry(value: unknown): value is KubeObject {
  return isKubeObject(value) && value.kind === "ServiceEntry" && value.apiVersion.startsWith("networking.istio.io/");
}

/** The scheme the entry's first port speaks: HTTP ports are plain, everything else (HTTPS, TLS, TCP) is taken as TLS. */
function portOf(spec: Record<string, unknown>): { scheme: string; port: number | null } {
  const first = Array.isArray(spec.ports) ? spec.ports.find(isRecord) : undefined;
  if (!first) return { scheme: "https", port: null };
  const protocol = typeof first.protocol === "string" ? first.protocol.toUpperCase() : "";
  const port = typeof first.number === "number" ? first.number : null;
  return { scheme: protocol === "HTTP" || protocol === "HTTP2" ? "http" : "https", port };
}

function adaptServiceEntry({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const namespace = objectNamespace(object);
  const problems: Problem[] = [];
  const routes: Route[] = [];
  const spec = isRecord(object.spec) ? object.spec : {};
  if (spec.location === "MESH_INTERNAL") return { documents: [], problems: [] };
  if (spec.hosts !== undefined && !Array.isArray(spec.hosts)) {
    problems.push({ message: "spec.hosts must be a list of host names", source: sourceAt(doc, "/spec/hosts") });
  }
  const hosts = Array.isArray(spec.hosts) ? spec.hosts : [];
  const { scheme, port } = portOf(spec);
  const entryName = `ServiceEntry ${namespace}/${typeof object.metadata?.name === "string" ? object.metadata.name : ""}`;

  const addresses: Array<{ address: string; index: number }> = [];
  if (Array.isArray(spec.endpoints) && spec.resolution !== "NONE") {
    spec.endpoints.forEach((endpoint, index) => {
      if (isRecord(endpoint) && typeof endpoint.address === "string" && endpoint.address.trim() !== "") {
        addresses.push({ address: endpoint.address.trim(), index });
      }
    });
  }

  const llmHosts: string[] = [];
  hosts.forEach((written, index) => {
    if (typeof written !== "string") {
      problems.push({ message: `spec.hosts[${index}] must be a host name`, source: sourceAt(doc, `/spec/hosts/${index}`) });
      return;
    }
    const host = egressHost(written);
    if (host === null) return;
    const allowed = llmEgressEndpoints(host, scheme, port, ctx.settings);
    if (allowed.length === 0) return;
    llmHosts.push(written);
    if (addresses.length > 0) return; // the endpoints below are where this host's traffic goes
    allowed.forEach(({ host: reached, fields }, n) => {
      const route = newRoute({
        id: allowed.length > 1 ? `hosts/${index}/${n}` : `hosts/${index}`,
        via: `${entryName} host ${written}${host.wildcard ? ` (allows ${reached})` : ""}`,
        source: sourceAt(doc, `/spec/hosts/${index}`),
        endpoint: fields,
        model: unknownModel(),
      });
      route.egress = true;
      routes.push(route);
    });
  });

  for (const { address, index } of addresses) {
    const host = egressHost(address);
    if (host === null || host.wildcard) continue;
    const llm = llmEgressEndpoints(host, scheme, port, ctx.settings)[0]?.fields ?? null;
    // an address that is not an LLM host still receives the prompts meant for an LLM host of the entry
    if (llm === null && llmHosts.length === 0) continue;
    const fields =
      llm ??
      endpointOf(
        `${scheme}://${address.includes(":") && !address.startsWith("[") ? `[${address}]` : address}${port !== null && port !== 443 && port !== 80 ? `:${port}` : ""}`,
        ctx.settings,
      );
    const via = llmHosts.length > 0 ? `${entryName} hosts ${llmHosts.join(", ")} → endpoint ${address}` : `${entryName} endpoint ${address}`;
    routes.push(
      Object.assign(newRoute({ id: `endpoints/${index}`, via, source: sourceAt(doc, `/spec/endpoints/${index}/address`), endpoint: fields }), { egress: true }),
    );
  }
  return objectWorkloadOutput({ doc, object, namespace, routes, problems }, ctx);
}

export const serviceEntryAdapter: Adapter<KubeObject> = {
  name: "istio-serviceentry",
  claim: (doc) => (isServiceEntry(doc.value) ? { doc, value: doc.value } : null),
  adapt: adaptServiceEntry,
};
