/**
 * Sees through in-cluster names. A client that calls `http://llm.gateway.svc.cluster.local/v1`
 * looks self-hosted, but the name may be:
 *   - a Service of `type: ExternalName`: cluster DNS answers with a CNAME to the external host;
 *   - an Istio ServiceEntry whose `endpoints` send the host's traffic to another address, or a
 *     VirtualService (bound to the mesh) whose destination is an external host;
 *   - a Service in front of a relay (one-api, new-api) that forwards to channels kept in its
 *     database, which no manifest shows;
 *   - a Service in front of a lone reverse proxy (nginx, Envoy, HAProxy), whose mounted
 *     configuration names where it forwards (./proxy-config.ts).
 * ExternalName aliases, mesh routing and proxy targets replace the route's endpoint with the
 * external one (the route is that operator; an in-cluster share of a split keeps the original
 * route). A relay, or a proxy whose configuration is not in the scan or forwards per request, keeps
 * the endpoint and sets `relay`, so the rules treat it as an unknown operator. `via` says how.
 */

import type { Relay, Route, SourceLocation } from "../../model/canonical";
import { sourceAt, type AdapterContext, type AdapterSettings } from "../core/types";
import { proxyTargets } from "./proxy-config";
import { readableProxy, relayImageOf } from "./relay-images";
import type { CatalogView } from "../core/catalog";
import { endpointOf } from "../kubernetes/values";
import { classifyHost } from "../../normalize/host-kind";
import { meshIndex, visibleFrom, type MeshIndex, type RelayWorkload } from "./mesh-index";

export type { RelayWorkload } from "./mesh-index";
import { isKubeObject, isRecord, objectName, objectNamespace } from "../core/objects";
import { backendEndpoints, backendsOf, FORWARDING_KINDS } from "./backend-refs";
import { stripTrailing } from "../../normalize/trim";

const MAX_HOPS = 6;

interface Destination {
  /** External host the traffic ends at, or null when it stays in the cluster. */
  host: string | null;
  /** The Service's cluster name, when the client wrote it in a form that looks like a public name. */
  cluster?: string;
  port: number | null;
  /** How the name was followed, e.g. ["Service gateway/llm (ExternalName api.deepseek.com)"]. */
  chain: string[];
  /** Set when the walk ends at an in-cluster name whose Service the scan does not hold. */
  unverified?: Relay;
}

type Resolution = { kind: "destinations"; destinations: Destination[] } | { kind: "relay"; relay: Relay; chain: string[] };

/** `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local` → the Service they name. */
export function serviceRefOf(host: string, namespace: string | null): { namespace: string; name: string } | null {
  if (classifyHost(host) !== "cluster") return null;
  const labels = host.split(".");
  if (labels.length === 1) return namespace === null ? null : { namespace, name: labels[0] };
  if (labels.length === 2) return { namespace: labels[1], name: labels[0] };
  if (labels[2] === "svc") return { namespace: labels[1], name: labels[0] };
  return null;
}

function isExternal(host: string): boolean {
  const kind = classifyHost(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);
  return kind === "dns" || kind === "ipv4" || kind === "ipv6";
}

function proxyRelay(relay: RelayWorkload, reason: string): Relay {
  return { name: `${relay.product} ${relay.kind} ${relay.namespace}/${relay.name}`, reason };
}

function relayOf(relay: RelayWorkload): Relay {
  return {
    name: `${relay.product} ${relay.kind} ${relay.namespace}/${relay.name}`,
    reason: `${relay.product} (${relay.image}) forwards each request to the upstream channels configured in its own database, which no manifest shows`,
  };
}

class Resolver {
  constructor(
    private readonly mesh: MeshIndex,
    private readonly settings: AdapterSettings,
    /** Told of every object the walk follows a route through (AdapterContext.judged). */
    private readonly judged: (at: SourceLocation) => void = () => undefined,
  ) {}

  resolve(host: string, namespace: string | null, depth: number, seen: Set<string>): Resolution | null {
    if (depth > MAX_HOPS || seen.has(host)) return null;
    seen.add(host);
    return (
      this.serviceEntry(host, namespace, depth, seen) ??
      this.virtualService(host, namespace, depth, seen) ??
      this.kubeService(host, namespace, depth, seen) ??
      this.ingress(host, depth, seen)
    );
  }

  /** Follows a destination: external hosts end the walk, cluster names are resolved further. */
  private follow(target: string, port: number | null, namespace: string | null, hop: string, depth: number, seen: Set<string>): Resolution {
    const next = this.resolve(target, namespace, depth + 1, new Set(seen));
    if (next === null) {
      if (isExternal(target)) return { kind: "destinations", destinations: [{ host: target, port, chain: [hop] }] };
      const unverified = this.unverified(target, namespace);
      return { kind: "destinations", destinations: [{ host: null, port, chain: [hop], ...(unverified !== null ? { unverified } : {}) }] };
    }
    if (next.kind === "relay") return { kind: "relay", relay: next.relay, chain: [hop, ...next.chain] };
    return {
      kind: "destinations",
      destinations: next.destinations.map((d) => ({ ...d, port: d.port ?? port, chain: [hop, ...d.chain] })),
    };
  }

  private merge(parts: Resolution[]): Resolution | null {
    const relay = parts.find((part) => part.kind === "relay");
    if (relay) return relay;
    const destinations = parts.flatMap((part) => (part.kind === "destinations" ? part.destinations : []));
    return destinations.some((d) => d.host !== null || d.cluster !== undefined || d.unverified !== undefined) ? { kind: "destinations", destinations } : null;
  }

  private serviceEntry(host: string, namespace: string | null, depth: number, seen: Set<string>): Resolution | null {
    const entries = (this.mesh.serviceEntries.get(host) ?? []).filter(
      (entry) => entry.addresses.length > 0 && visibleFrom(entry.exportTo, entry.namespace, namespace),
    );
    const parts: Resolution[] = [];
    for (const entry of entries) {
      this.judged(sourceAt(entry.doc, ""));
      for (const { address } of entry.addresses) {
        if (address === host) continue;
        parts.push(this.follow(address, null, entry.namespace, `ServiceEntry ${entry.namespace}/${entry.name} (endpoint ${address})`, depth, seen));
      }
    }
    return this.merge(parts);
  }

  private virtualService(host: string, namespace: string | null, depth: number, seen: Set<string>): Resolution | null {
    const services = (this.mesh.virtualServices.get(host) ?? []).filter((vs) => vs.mesh && visibleFrom(vs.exportTo, vs.namespace, namespace));
    const parts: Resolution[] = [];
    for (const vs of services) {
      this.judged(sourceAt(vs.doc, ""));
      for (const destination of vs.destinations) {
        if (destination.host === host) continue;
        parts.push(
          this.follow(
            destination.host,
            destination.port,
            vs.namespace,
            `VirtualService ${vs.namespace}/${vs.name} (destination ${destination.host})`,
            depth,
            seen,
          ),
        );
      }
    }
    return this.merge(parts);
  }

  /**
   * A host an Ingress or a Gateway API route of the scan accepts traffic for: followed to its
   * backends (Services as in-cluster names, Envoy Gateway Backends to their endpoints). A Backend
   * that is not in the scan forwards to an unknown upstream.
   */
  private ingress(host: string, depth: number, seen: Set<string>): Resolution | null {
    const parts: Resolution[] = [];
    for (const object of this.mesh.forwarders.get(host) ?? []) {
      const label = `${object.kind} ${objectNamespace(object)}/${objectName(object)}`;
      for (const ref of backendsOf(object)) {
        if (ref.kind === "Service") {
          const target = `${ref.name}.${ref.namespace}.svc.cluster.local`;
          parts.push(this.follow(target, ref.port, ref.namespace, `${label} (host ${host} → Service ${ref.namespace}/${ref.name})`, depth, seen));
          continue;
        }
        const endpoints = backendEndpoints(this.mesh.index, ref);
        const hop = `${label} (host ${host} → Backend ${ref.namespace}/${ref.name})`;
        if (endpoints.length === 0) {
          const relay = { name: `Backend ${ref.namespace}/${ref.name}`, reason: "the Backend is not in the scanned files, so where it forwards is unknown" };
          parts.push({ kind: "relay", relay, chain: [hop] });
          continue;
        }
        for (const endpoint of endpoints) parts.push(this.follow(endpoint.host, endpoint.port ?? ref.port, ref.namespace, hop, depth, seen));
      }
    }
    return this.merge(parts);
  }

  /**
   * The Service a host names. `vllm.ml` or `llm.ai` look like public names (ml and ai are TLDs),
   * yet with the cluster's DNS search path they are Service `vllm` of namespace `ml`: a two-label
   * host counts as one when the scan has that Service (or a relay workload of that name), or when
   * the namespace is one the scan knows (the client's own, or one the scan defines or places objects
   * in) and no operator owns the name: the search path resolves it there first, and a Service the
   * scan lacks is unverified, not public.
   */
  private serviceRef(host: string, namespace: string | null): { namespace: string; name: string; looksPublic: boolean } | null {
    const ref = serviceRefOf(host, namespace);
    if (ref !== null) return { ...ref, looksPublic: false };
    const labels = host.split(".");
    if (labels.length !== 2) return null;
    const [name, ns] = [labels[0], labels[1]];
    const known =
      this.mesh.service(ns, name) !== null ||
      this.mesh.relays.some((relay) => relay.namespace === ns && relay.name === name) ||
      // a name an operator owns (moonshot.ai, z.ai) falls through to the public name when the
      // Service is missing, so only the Service itself makes it in-cluster
      ((ns === namespace || this.mesh.index.knowsNamespace(ns)) && this.settings.catalog.operatorOfHost(host) === null);
    return known ? { namespace: ns, name, looksPublic: true } : null;
  }

  /** A reverse proxy: followed to the targets its configuration names, else a relay of unknown upstream. */
  proxy(relay: RelayWorkload, hop: string, depth: number, seen: Set<string>): Resolution {
    const config = this.mesh.proxyConfig(relay);
    const label = `${relay.product} ${relay.kind} ${relay.namespace}/${relay.name}`;
    if (config.files.length === 0) {
      const reason =
        config.missing.length > 0
          ? `${config.missing.join(", ")} holding its configuration ${config.missing.length === 1 ? "is" : "are"} not in the scanned files`
          : "its configuration is not mounted from a ConfigMap (built into the image), so where it forwards is unknown";
      return { kind: "relay", relay: proxyRelay(relay, reason), chain: [hop] };
    }
    const syntax = readableProxy(relay.product);
    // a proxy product the catalogue names but no reader here understands forwards to an unknown upstream
    if (syntax === null) return { kind: "relay", relay: proxyRelay(relay, `${relay.product} configuration is not a syntax Modelgate reads`), chain: [hop] };
    for (const at of config.sources) this.judged(at);
    const found = proxyTargets(syntax, config.files, this.settings);
    if (found.unknown !== null) return { kind: "relay", relay: proxyRelay(relay, found.unknown), chain: [hop] };
    if (found.targets.length === 0) {
      return { kind: "relay", relay: proxyRelay(relay, "its configuration names no upstream it forwards to"), chain: [hop] };
    }
    const parts = found.targets.map((target) =>
      this.follow(target.host, target.port, relay.namespace, `${hop} → ${label} (forwards to ${target.host})`, depth, seen),
    );
    return this.merge(parts) ?? { kind: "destinations", destinations: [{ host: null, port: null, chain: [hop] }] };
  }

  /**
   * Why an in-cluster name the walk could not follow is unverified, or null when the scan holds
   * what answers there (its Service, an InferencePool or the custom resource whose operator creates
   * it, or a mesh object for the host). A Service that is not in the
   * scan may front the team's model server or a relay to any operator: nothing shows which.
   */
  unverified(host: string, namespace: string | null): Relay | null {
    if (classifyHost(host) !== "cluster") return null;
    if (this.mesh.serviceEntries.has(host) || this.mesh.virtualServices.has(host)) return null;
    const ref = serviceRefOf(host, namespace);
    if (ref === null) {
      return {
        name: host,
        reason: "the name is not a Service the scan can look up (no namespace to qualify it, or not a Service name), so what answers there is unknown",
      };
    }
    if (this.mesh.service(ref.namespace, ref.name) !== null || this.mesh.inferencePool(ref.namespace, ref.name)) return null;
    if (this.mesh.operatorServiceFor(ref.namespace, ref.name)) return null;
    return {
      name: `Service ${ref.namespace}/${ref.name}`,
      reason: "the Service is not in the scanned files, so whether it serves a model or relays prompts to another operator is unknown",
    };
  }

  private kubeService(host: string, namespace: string | null, depth: number, seen: Set<string>): Resolution | null {
    const ref = this.serviceRef(host, namespace);
    if (ref === null) return null;
    const service = this.mesh.service(ref.namespace, ref.name);
    const spec = service !== null && isRecord(service.spec) ? service.spec : {};
    if (spec.type === "ExternalName" && typeof spec.externalName === "string" && spec.externalName.trim() !== "") {
      const entry = this.mesh.index.service(ref.namespace, ref.name);
      if (entry) this.judged(sourceAt(entry.doc, "/spec/externalName"));
      const target = stripTrailing(spec.externalName.trim().toLowerCase(), ".");
      return this.follow(target, null, ref.namespace, `Service ${ref.namespace}/${ref.name} (ExternalName ${target})`, depth, seen);
    }
    const relay = this.mesh.relayBehind(ref.namespace, ref.name);
    if (relay !== null) {
      const hop = service !== null ? `Service ${ref.namespace}/${ref.name}` : `${relay.kind} ${ref.namespace}/${ref.name}`;
      if (relay.role === "proxy") return this.proxy(relay, hop, depth, seen);
      return { kind: "relay", relay: relayOf(relay), chain: [hop] };
    }
    if (ref.looksPublic) {
      const cluster = `${ref.name}.${ref.namespace}.svc.cluster.local`;
      const unverified = this.unverified(cluster, null) ?? undefined;
      return {
        kind: "destinations",
        destinations: [{ host: null, cluster, port: null, chain: [`Service ${ref.namespace}/${ref.name} (${cluster})`], unverified }],
      };
    }
    return null;
  }
}

/**
 * The routes a route really is once its in-cluster name is followed: the route itself when the
 * name leads nowhere else; one route per external destination otherwise (an in-cluster share of
 * a traffic split keeps the original route); the route with `relay` set behind a relay.
 */
export function seeThroughClusterName(route: Route, namespace: string | null, ctx: AdapterContext): Route[] {
  const endpoint = route.endpoint;
  if (endpoint === null || route.relay) return [route];
  const resolver = new Resolver(meshIndex(ctx.index, ctx.settings.catalog), ctx.settings, ctx.judged);
  const resolution = resolver.resolve(endpoint.host, namespace, 0, new Set());
  if (resolution === null) {
    const unverified = resolver.unverified(endpoint.host, namespace);
    return [unverified === null ? route : { ...route, unverifiedService: unverified }];
  }
  return routesOfResolution(route, resolution, ctx);
}

/**
 * A route followed through a forwarder sidecar of its own pod (the client calls localhost): the
 * targets the sidecar's configuration names, or the route marked as relayed when they are unknown.
 */
export function seeThroughSidecar(route: Route, sidecar: RelayWorkload, hop: string, ctx: AdapterContext): Route[] {
  const resolver = new Resolver(meshIndex(ctx.index, ctx.settings.catalog), ctx.settings, ctx.judged);
  const resolution: Resolution =
    sidecar.role === "proxy" ? resolver.proxy(sidecar, hop, 0, new Set()) : { kind: "relay", relay: relayOf(sidecar), chain: [hop] };
  return routesOfResolution(route, resolution, ctx);
}

function routesOfResolution(route: Route, resolution: Resolution, ctx: AdapterContext): Route[] {
  const endpoint = route.endpoint!;
  if (resolution.kind === "relay") {
    return [{ ...route, via: `${route.via} → ${resolution.chain.join(" → ")}`, relay: resolution.relay }];
  }
  const routes: Route[] = [];
  const seenHosts = new Set<string>();
  for (const destination of resolution.destinations) {
    if (destination.host === null && destination.cluster === undefined) {
      // the hop ends in the cluster: at a name the scan verifies (the route stays as it is) or not
      // (only for a client that names an in-cluster endpoint: a mesh hop from a public host, such
      // as an Istio egress gateway, still ends at the public host the route names)
      if (destination.unverified !== undefined && (endpoint.hostKind === "cluster" || endpoint.hostKind === "localhost" || endpoint.host.startsWith("127."))) {
        routes.push({ ...route, via: `${route.via} → ${destination.chain.join(" → ")}`, unverifiedService: destination.unverified });
      } else if (!routes.includes(route)) routes.push(route);
      continue;
    }
    const target = destination.host ?? destination.cluster!;
    if (seenHosts.has(target)) continue;
    seenHosts.add(target);
    let port = destination.port ?? endpoint.port;
    let scheme = endpoint.scheme;
    // a mesh destination on 443 is TLS whatever the client spoke to its sidecar
    if (port === 443) {
      scheme = scheme === "ws" ? "wss" : scheme === "http" ? "https" : scheme;
      port = null;
    }
    const host = target.includes(":") && !target.startsWith("[") ? `[${target}]` : target;
    const url = `${scheme}://${host}${port !== null ? `:${port}` : ""}${endpoint.path === "/" ? "" : endpoint.path}`;
    const fields = endpointOf(url, ctx.settings);
    routes.push({
      ...route,
      id: resolution.destinations.length > 1 ? `${route.id}@${target}` : route.id,
      via: `${route.via} → ${destination.chain.join(" → ")}`,
      reachedThrough: [...(route.reachedThrough ?? []), ...destination.chain],
      endpoint: fields.endpoint,
      unresolvedEndpoint: fields.unresolvedEndpoint,
      ...(destination.unverified !== undefined ? { unverifiedService: destination.unverified } : {}),
    });
  }
  return routes;
}

/**
 * The documents following in-cluster names reads (Services, Istio ServiceEntries and
 * VirtualServices, relay and proxy workloads, the ConfigMaps proxies mount, InferencePools that
 * verify a pool's in-cluster name): the `joins` of every
 * adapter that calls `seeThroughClusterNames`.
 */
export function joinsClusterNames(value: unknown, catalog: CatalogView): boolean {
  if (!isKubeObject(value)) return false;
  return CLUSTER_NAME_KINDS.has(value.kind) || relayImageOf(value, catalog.forwarders) !== null;
}

const CLUSTER_NAME_KINDS: ReadonlySet<string> = new Set([
  "Service",
  "ServiceEntry",
  "VirtualService",
  "ConfigMap",
  "InferencePool",
  "InferenceService",
  "LLMInferenceService",
  "Backend",
  ...FORWARDING_KINDS,
]);

/** `seeThroughClusterName` over a list of routes. */
export function seeThroughClusterNames(routes: Route[], namespace: string | null, ctx: AdapterContext): Route[] {
  return routes.flatMap((route) => seeThroughClusterName(route, namespace, ctx));
}
