/**
 * Objects that forward inbound traffic to a backend: Kubernetes Ingress and Gateway API routes
 * (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute). Whatever reaches them (a client in the cluster, a
 * user outside it) is sent to the backend, so a backend that ends at an LLM operator makes the
 * object an `egress` route of its own namespace, like a ServiceEntry host:
 *   - an Ingress backend or route `backendRef` naming a Service is followed like a client's URL
 *     (ExternalName, ServiceEntry, relays and proxies behind it, ./resolve.ts);
 *   - a `backendRef` to an Envoy Gateway `Backend` (gateway.envoyproxy.io) ends at its endpoints
 *     (`fqdn.hostname`, `ip.address`).
 * Backends that end in the cluster or at hosts that are not LLM operators are not routes: an Ingress
 * in front of the team's own API says nothing about LLMs.
 */

import type { Problem, Route } from "../../model/canonical";
import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { newRoute, unknownModel } from "../core/route";
import { endpointOf } from "../kubernetes/values";
import { joinsKinds } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { objectWorkloadOutput } from "./document";
import { egressHost, llmEgressEndpoints } from "./llm-hosts";
import { joinsClusterNames, seeThroughClusterName } from "./resolve";

const GATEWAY_ROUTES: ReadonlySet<string> = new Set(["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"]);

function isForwardingObject(value: unknown): value is KubeObject {
  if (!isKubeObject(value)) return false;
  if (value.kind === "Ingress") return value.apiVersion.startsWith("networking.k8s.io/") || value.apiVersion.startsWith("extensions/");
  return GATEWAY_ROUTES.has(value.kind) && value.apiVersion.startsWith("gateway.networking.k8s.io/");
}

interface BackendRef {
  kind: "Service" | "Backend";
  namespace: string;
  name: string;
  port: number | null;
  pointer: string;
}

function portNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

/** Ingress backends: `defaultBackend` and every rule path (networking.k8s.io/v1 and the older serviceName/servicePort). */
function ingressBackends(spec: Record<string, unknown>, namespace: string): BackendRef[] {
  const refs: BackendRef[] = [];
  const add = (backend: unknown, pointer: string): void => {
    if (!isRecord(backend)) return;
    if (isRecord(backend.service) && typeof backend.service.name === "string") {
      const port = isRecord(backend.service.port) ? portNumber(backend.service.port.number) : null;
      refs.push({ kind: "Service", namespace, name: backend.service.name, port, pointer: `${pointer}/service/name` });
    } else if (typeof backend.serviceName === "string") {
      refs.push({ kind: "Service", namespace, name: backend.serviceName, port: portNumber(backend.servicePort), pointer: `${pointer}/serviceName` });
    }
  };
  add(spec.defaultBackend ?? spec.backend, spec.defaultBackend !== undefined ? "/spec/defaultBackend" : "/spec/backend");
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((rule, i) => {
    const paths = isRecord(rule) && isRecord(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    paths.forEach((entry, j) => {
      if (isRecord(entry)) add(entry.backend, `/spec/rules/${i}/http/paths/${j}/backend`);
    });
  });
  return refs;
}

/** Gateway API `backendRefs` of every rule: Services (the default kind) and Envoy Gateway Backends. */
function routeBackends(spec: Record<string, unknown>, namespace: string): BackendRef[] {
  const refs: BackendRef[] = [];
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((rule, i) => {
    const backendRefs = isRecord(rule) && Array.isArray(rule.backendRefs) ? rule.backendRefs : [];
    backendRefs.forEach((ref, j) => {
      if (!isRecord(ref) || typeof ref.name !== "string") return;
      const group = typeof ref.group === "string" ? ref.group : "";
      const kind = typeof ref.kind === "string" ? ref.kind : "Service";
      const refNamespace = typeof ref.namespace === "string" && ref.namespace !== "" ? ref.namespace : namespace;
      const pointer = `/spec/rules/${i}/backendRefs/${j}`;
      if (kind === "Service" && (group === "" || group === "core"))
        refs.push({ kind: "Service", namespace: refNamespace, name: ref.name, port: portNumber(ref.port), pointer });
      else if (kind === "Backend" && group === "gateway.envoyproxy.io")
        refs.push({ kind: "Backend", namespace: refNamespace, name: ref.name, port: portNumber(ref.port), pointer });
    });
  });
  return refs;
}

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

function adaptForwarding({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const namespace = objectNamespace(object);
  const spec = isRecord(object.spec) ? object.spec : {};
  const label = `${object.kind} ${namespace}/${objectName(object)}`;
  const refs = object.kind === "Ingress" ? ingressBackends(spec, namespace) : routeBackends(spec, namespace);
  const routes: Route[] = [];
  const problems: Problem[] = [];
  refs.forEach((ref, n) => {
    const source = sourceAt(doc, ref.pointer);
    const id = `backends/${n}`;
    if (ref.kind === "Backend") {
      const backend = ctx.index
        .objectsOfKind("Backend")
        .find(
          ({ object: candidate }) =>
            candidate.apiVersion.startsWith("gateway.envoyproxy.io/") && objectNamespace(candidate) === ref.namespace && objectName(candidate) === ref.name,
        );
      const endpoints =
        backend !== undefined && isRecord(backend.object.spec) && Array.isArray(backend.object.spec.endpoints) ? backend.object.spec.endpoints : [];
      endpoints.forEach((endpoint, e) => {
        if (!isRecord(endpoint)) return;
        const target = isRecord(endpoint.fqdn) ? endpoint.fqdn : isRecord(endpoint.ip) ? endpoint.ip : null;
        const host =
          target === null ? null : typeof target.hostname === "string" ? target.hostname : typeof target.address === "string" ? target.address : null;
        if (host === null) return;
        const port = portNumber(target?.port) ?? ref.port;
        for (const { host: reached, fields } of llmRoutes(host, port === 80 ? "http" : "https", port, ctx)) {
          const route = newRoute({
            id: `${id}/endpoints/${e}`,
            via: `${label} → Backend ${ref.namespace}/${ref.name} (endpoint ${reached})`,
            source,
            endpoint: fields,
            model: unknownModel(),
          });
          route.egress = true;
          routes.push(route);
        }
      });
      return;
    }
    // the backend Service as a client inside the cluster would name it, then followed; a relay or
    // proxy behind it is not a route here (an Ingress in front of a web server's nginx is common),
    // only a backend that ends at an LLM operator's host is
    const scheme = schemeOf(object, ref.port);
    const port = ref.port !== null && ref.port !== 443 && ref.port !== 80 ? `:${ref.port}` : "";
    const start = newRoute({
      id,
      via: `${label} backend`,
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
