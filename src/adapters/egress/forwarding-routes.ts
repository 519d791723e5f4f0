/**
 * Objects that forward inbound traffic to a backend: Kubernetes Ingress and Gateway API routes
 * (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute). Whatever reaches them (a client in the cluster, a
 * user outside it) is sent to the backend, so a backend that ends at an LLM operator makes the
 * object an `egress` route of its own namespace, like a ServiceEntry host:
 *   - an Ingress backend or route `backendRef` naming a Service is followed like a client's URL
 *     (ExternalName, ServiceEntry, relays and proxies behind it, ./resolve.ts);
 *   - a `backendRef` to an Envoy Gateway `Backend` (gateway.envoyproxy.io) ends at its endpoints
 *     (`fqdn.hostname`, `ip.address`);
 *   - a mirror gets a copy of every request: Gateway API `requestMirror` filters and the
 *     ingress-nginx `mirror-target` annotation.
 * Backends that end in the cluster or at hosts that are not LLM operators are not routes: an Ingress
 * in front of the team's own API says nothing about LLMs.
 */

import type { Problem, Route } from "../../model/canonical";
import { isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { newRoute, unknownModel } from "../core/route";
import { endpointOf } from "../kubernetes/values";
import { joinsKinds } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { objectWorkloadOutput } from "./document";
import { egressHost, llmEgressEndpoints } from "./llm-hosts";
import { joinsClusterNames, seeThroughClusterName } from "./resolve";
import { backendEndpoints, backendsOf, isForwardingObject } from "./backend-refs";

/** TLS unless the port or an annotation says plain HTTP: the LLM operators only serve HTTPS. */
function schemeOf(object: KubeObject, port: number | null): "http" | "https" {
  const annotations = isRecord(object.metadata?.annotations) ? object.metadata.annotations : {};
  const protocol = Object.entries(annotations).find(([key]) => key.endsWith("/backend-protocol"))?.[1];
  if (typeof protocol === "string") return /^(https|grpcs)$/i.test(protocol) ? "https" : port === 443 ? "https" : "http";
  return port === 80 ? "http" : "https";
}

function llmRoutes(host: string, scheme: string, port: number | null, ctx: AdapterContext): ReturnType<typeof llmEgressEndpoints> {
  const written = egressHost(host);
  return written === null || written.wildcard ? [] : llmEgressEndpoints(written, scheme, port, ctx.settings);
}

/**
 * ingress-nginx `mirror-target`: a copy of every request goes to that URL (`$request_uri` and
 * other variables only fill in the path), so an LLM host there receives the prompts too.
 */
function mirrorTargets(doc: Claimed<KubeObject>["doc"], object: KubeObject, label: string, ctx: AdapterContext): Route[] {
  const annotations = isRecord(object.metadata?.annotations) ? object.metadata.annotations : {};
  const routes: Route[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.endsWith("/mirror-target") || typeof value !== "string") continue;
    const url = value.trim().replace(/\$[a-z_]+.*$/i, "");
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?/i.exec(url);
    if (!match) continue;
    const port = match[3] !== undefined ? Number(match[3]) : null;
    for (const { host, fields } of llmRoutes(match[2].toLowerCase(), match[1].toLowerCase() === "http" ? "http" : "https", port, ctx)) {
      const route = newRoute({
        id: `mirror/${key}`,
        via: `${label} annotation ${key} (mirrors every request to ${host})`,
        source: sourceAt(doc, `/metadata/annotations/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`),
        endpoint: fields,
        model: unknownModel(),
      });
      route.egress = true;
      routes.push(route);
    }
  }
  return routes;
}

function adaptForwarding({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const namespace = objectNamespace(object);
  const label = `${object.kind} ${namespace}/${objectName(object)}`;
  const refs = backendsOf(object);
  const routes: Route[] = [];
  const problems: Problem[] = [];
  refs.forEach((ref, n) => {
    const source = sourceAt(doc, ref.pointer);
    const id = `backends/${n}`;
    if (ref.kind === "Backend") {
      for (const { host, port: written, index: e } of backendEndpoints(ctx.index, ref)) {
        const port = written ?? ref.port;
        for (const { host: reached, fields } of llmRoutes(host, port === 80 ? "http" : "https", port, ctx)) {
          const route = newRoute({
            id: `${id}/endpoints/${e}`,
            via: `${label} → ${ref.mirror ? "request mirror to " : ""}Backend ${ref.namespace}/${ref.name} (endpoint ${reached})`,
            source,
            endpoint: fields,
            model: unknownModel(),
          });
          route.egress = true;
          routes.push(route);
        }
      }
      return;
    }
    // the backend Service as a client inside the cluster would name it, then followed; a relay or
    // proxy behind it is not a route here (an Ingress in front of a web server's nginx is common),
    // only a backend that ends at an LLM operator's host is
    const scheme = schemeOf(object, ref.port);
    const port = ref.port !== null && ref.port !== 443 && ref.port !== 80 ? `:${ref.port}` : "";
    const start = newRoute({
      id,
      via: ref.mirror ? `${label} request mirror` : `${label} backend`,
      source,
      endpoint: endpointOf(`${scheme}://${ref.name}.${ref.namespace}.svc.cluster.local${port}`, ctx.settings),
      model: unknownModel(),
    });
    for (const followed of seeThroughClusterName(start, namespace, ctx)) {
      const endpoint = followed.endpoint;
      if (followed.relay || endpoint === null || endpoint.hostKind === "cluster") continue;
      for (const { fields } of llmRoutes(endpoint.host, endpoint.scheme, endpoint.port, ctx)) {
        routes.push({ ...followed, endpoint: fields.endpoint, unresolvedEndpoint: fields.unresolvedEndpoint, egress: true });
      }
    }
  });
  routes.push(...mirrorTargets(doc, object, label, ctx));
  return objectWorkloadOutput({ doc, object, namespace, routes, problems }, ctx);
}

export const forwardingRoutesAdapter: Adapter<KubeObject> = {
  name: "kubernetes-forwarding-routes",
  claim: (doc) => (isForwardingObject(doc.value) ? { doc, value: doc.value } : null),
  adapt: adaptForwarding,
  // backend Services and what is behind them, and Envoy Gateway Backends
  joins: (value, catalog) => joinsClusterNames(value, catalog) || joinsBackends(value),
};

const joinsBackends = joinsKinds("Backend");
