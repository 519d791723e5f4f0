/**
 * The backends of Ingresses and Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute), and
 * the hosts they accept traffic for: read by ./forwarding-routes.ts (the objects as routes of their
 * namespace) and by ./resolve.ts (a client URL naming an Ingress or route host is followed to its
 * backends).
 */

import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import type { ScanIndex } from "../core/scan-index";
import { stripTrailing } from "../../normalize/trim";

const GATEWAY_ROUTES: ReadonlySet<string> = new Set(["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute"]);

/** Kinds that forward inbound traffic to backends. */
export const FORWARDING_KINDS: readonly string[] = ["Ingress", ...GATEWAY_ROUTES];

export function isForwardingObject(value: unknown): value is KubeObject {
  if (!isKubeObject(value)) return false;
  if (value.kind === "Ingress") return value.apiVersion.startsWith("networking.k8s.io/") || value.apiVersion.startsWith("extensions/");
  return GATEWAY_ROUTES.has(value.kind) && value.apiVersion.startsWith("gateway.networking.k8s.io/");
}

export interface BackendRef {
  kind: "Service" | "Backend";
  namespace: string;
  name: string;
  port: number | null;
  pointer: string;
  /** True for the backend of a `requestMirror` filter: it gets a copy of every request. */
  mirror?: boolean;
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

/**
 * Gateway API `backendRefs` of every rule: Services (the default kind) and Envoy Gateway Backends,
 * and the backends `requestMirror` filters copy each request to (on the rule or on a backendRef):
 * a mirror receives the prompts as surely as the backend does.
 */
function routeBackends(spec: Record<string, unknown>, namespace: string): BackendRef[] {
  const refs: BackendRef[] = [];
  const add = (ref: unknown, pointer: string, mirror = false): void => {
    if (!isRecord(ref) || typeof ref.name !== "string") return;
    const group = typeof ref.group === "string" ? ref.group : "";
    const kind = typeof ref.kind === "string" ? ref.kind : "Service";
    const refNamespace = typeof ref.namespace === "string" && ref.namespace !== "" ? ref.namespace : namespace;
    if (kind === "Service" && (group === "" || group === "core"))
      refs.push({ kind: "Service", namespace: refNamespace, name: ref.name, port: portNumber(ref.port), pointer, mirror });
    else if (kind === "Backend" && group === "gateway.envoyproxy.io")
      refs.push({ kind: "Backend", namespace: refNamespace, name: ref.name, port: portNumber(ref.port), pointer, mirror });
  };
  const mirrors = (filters: unknown, pointer: string): void => {
    (Array.isArray(filters) ? filters : []).forEach((filter, k) => {
      if (isRecord(filter) && isRecord(filter.requestMirror)) add(filter.requestMirror.backendRef, `${pointer}/filters/${k}/requestMirror/backendRef`, true);
    });
  };
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const backendRefs: unknown[] = Array.isArray(rule.backendRefs) ? rule.backendRefs : [];
    backendRefs.forEach((ref, j) => {
      add(ref, `/spec/rules/${i}/backendRefs/${j}`);
      if (isRecord(ref)) mirrors(ref.filters, `/spec/rules/${i}/backendRefs/${j}`);
    });
    mirrors(rule.filters, `/spec/rules/${i}`);
  });
  return refs;
}

/** The backends of an Ingress or a Gateway API route. */
export function backendsOf(object: KubeObject): BackendRef[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const namespace = objectNamespace(object);
  return object.kind === "Ingress" ? ingressBackends(spec, namespace) : routeBackends(spec, namespace);
}

/** The hosts an Ingress (`rules[].host`) or a route (`spec.hostnames`) accepts traffic for; wildcards are skipped. */
export function forwardingHosts(object: KubeObject): string[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const written: unknown[] =
    object.kind === "Ingress"
      ? (Array.isArray(spec.rules) ? spec.rules : []).map((rule: unknown) => (isRecord(rule) ? rule.host : undefined))
      : Array.isArray(spec.hostnames)
        ? spec.hostnames
        : [];
  return written.flatMap((host) =>
    typeof host === "string" && host.trim() !== "" && !host.includes("*") ? [stripTrailing(host.trim().toLowerCase(), ".")] : [],
  );
}

/** The endpoints of an Envoy Gateway Backend of the scan (`fqdn.hostname`, `ip.address`); [] when it is not in the scan. */
export function backendEndpoints(index: ScanIndex, ref: BackendRef): Array<{ host: string; port: number | null; index: number }> {
  const backend = index
    .objectsOfKind("Backend")
    .find(
      ({ object }) => object.apiVersion.startsWith("gateway.envoyproxy.io/") && objectNamespace(object) === ref.namespace && objectName(object) === ref.name,
    );
  const endpoints: unknown[] =
    backend !== undefined && isRecord(backend.object.spec) && Array.isArray(backend.object.spec.endpoints) ? backend.object.spec.endpoints : [];
  return endpoints.flatMap((endpoint, i) => {
    if (!isRecord(endpoint)) return [];
    const target = isRecord(endpoint.fqdn) ? endpoint.fqdn : isRecord(endpoint.ip) ? endpoint.ip : null;
    const host = target === null ? null : typeof target.hostname === "string" ? target.hostname : typeof target.address === "string" ? target.address : null;
    if (target === null || host === null || host.trim() === "") return [];
    return [{ host: host.trim().toLowerCase(), port: portNumber(target.port), index: i }];
  });
}
