/**
 * Hops inside a container's own pod, which no Service or mesh object shows:
 *   - `hostAliases`: entries of the pod's /etc/hosts, read before DNS. A container that calls
 *     `https://api.openai.com` with `hostAliases: [{ip: 47.246.23.10, hostnames: [api.openai.com]}]`
 *     connects to 47.246.23.10, whoever runs it. Over TLS the client still checks the named host's
 *     certificate, so what answers there either forwards to that operator or intercepts the
 *     traffic: the route keeps its host, and the address becomes an extra `egress` route carrying
 *     it (`proxyFor`, like a forward proxy: the rules count it unless it is the organisation's).
 *     Over plain HTTP nothing checks who answers: the route's endpoint becomes the address.
 *   - a sidecar the client calls at localhost (`http://127.0.0.1:8443/v1`): a forwarder (socat,
 *     nginx, Caddy, HAProxy, Envoy, a relay) is followed to what its configuration names; a model
 *     server is self-hosted; any other container listening there forwards to an unknown upstream.
 */

import { emptyLimits, type Route } from "../../model/canonical";
import type { AdapterContext } from "../core/types";
import { isRecord } from "../core/objects";
import { endpointOf } from "../kubernetes/values";
import { stripTrailing } from "../../normalize/trim";
import { containerForwarder } from "./relay-images";
import { seeThroughSidecar, type RelayWorkload } from "./resolve";

/** What the pod-level hops need of the pod: its spec and which of its containers serve a model. */
export interface PodView {
  spec: Record<string, unknown>;
  /** Names of the containers that serve a model (vLLM, Ollama...). */
  serving: ReadonlySet<string>;
}

/** hostname → address, from the pod's `hostAliases` (the first entry for a name wins, as in /etc/hosts). */
function hostAliases(spec: Record<string, unknown>): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const entry of Array.isArray(spec.hostAliases) ? spec.hostAliases : []) {
    if (!isRecord(entry) || typeof entry.ip !== "string" || entry.ip.trim() === "") continue;
    for (const name of Array.isArray(entry.hostnames) ? entry.hostnames : []) {
      if (typeof name !== "string") continue;
      const host = stripTrailing(name.trim().toLowerCase(), ".");
      if (host !== "" && !aliases.has(host)) aliases.set(host, entry.ip.trim());
    }
  }
  return aliases;
}

/** Routes whose host the pod's /etc/hosts maps elsewhere, now ending at that address; the rest unchanged. */
export function applyHostAliases(routes: Route[], pod: PodView | null, ctx: AdapterContext): { aliased: Route[]; rest: Route[] } {
  const aliases = pod === null ? new Map<string, string>() : hostAliases(pod.spec);
  if (aliases.size === 0) return { aliased: [], rest: routes };
  const aliased: Route[] = [];
  const rest: Route[] = [];
  for (const route of routes) {
    const endpoint = route.endpoint;
    const address = endpoint !== null && !route.relay ? aliases.get(endpoint.host) : undefined;
    if (endpoint === null || address === undefined) {
      rest.push(route);
      continue;
    }
    const host = address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
    const fields = endpointOf(
      `${endpoint.scheme}://${host}${endpoint.port !== null ? `:${endpoint.port}` : ""}${endpoint.path === "/" ? "" : endpoint.path}`,
      ctx.settings,
    );
    const unresolvedEndpoint =
      fields.unresolvedEndpoint ??
      (fields.endpoint === null ? { raw: address, reason: `hostAliases maps ${endpoint.host} to an address that is not one` } : null);
    const alias = `hostAliases of the pod (${endpoint.host} → ${address})`;
    if (endpoint.scheme === "http" || endpoint.scheme === "ws") {
      aliased.push({ ...route, via: `${route.via} → ${alias}`, endpoint: fields.endpoint, unresolvedEndpoint });
      continue;
    }
    aliased.push({ ...route, via: `${route.via} (connecting to ${address}: ${alias})` });
    aliased.push({
      ...route,
      id: `${route.id}/hostAlias`,
      via: `${alias}, the address ${route.via} connects to`,
      endpoint: fields.endpoint,
      unresolvedEndpoint,
      limits: emptyLimits(),
      fallbacks: [],
      egress: true,
      proxyFor: [route.id],
    });
  }
  // a route without an endpoint (a provider key or prefix) calls its SDK's default host: when the
  // pod aliases an operator's API host, that is where such calls may connect
  const defaults = rest.filter((route) => route.endpoint === null && route.unresolvedEndpoint === null && !route.relay);
  for (const [name, address] of defaults.length > 0 ? aliases : []) {
    if (!ctx.settings.catalog.hosts.has(name)) continue;
    const host = address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
    const fields = endpointOf(`https://${host}`, ctx.settings);
    aliased.push({
      ...defaults[0],
      id: `hostAliases/${name}`,
      via: `hostAliases of the pod (${name} → ${address}), the address ${name} has for ${defaults.map((route) => route.via).join(", ")}`,
      endpoint: fields.endpoint,
      unresolvedEndpoint:
        fields.unresolvedEndpoint ?? (fields.endpoint === null ? { raw: address, reason: `hostAliases maps ${name} to an address that is not one` } : null),
      limits: emptyLimits(),
      fallbacks: [],
      egress: true,
      proxyFor: defaults.map((route) => route.id),
    });
  }
  return { aliased, rest };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]";
}

interface Sidecar {
  name: string;
  container: Record<string, unknown>;
  ports: number[];
}

/** The pod's other long-running containers: app containers and native sidecars (init containers that keep running). */
function sidecarsOf(spec: Record<string, unknown>, self: string): Sidecar[] {
  const containers: unknown[] = Array.isArray(spec.containers) ? spec.containers : [];
  const inits: unknown[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const list = [...containers, ...inits.filter((c) => isRecord(c) && c.restartPolicy === "Always")];
  return list.filter(isRecord).flatMap((container) => {
    const name = typeof container.name === "string" ? container.name : "";
    if (name === self) return [];
    const ports = (Array.isArray(container.ports) ? container.ports : []).flatMap((p) =>
      isRecord(p) && typeof p.containerPort === "number" ? [p.containerPort] : [],
    );
    return [{ name, container, ports }];
  });
}

/**
 * A route to localhost, seen through the sidecar that listens there. Containers that declare the
 * port are the candidates; when none does (declaring ports is optional), every other container is.
 * A model server among them keeps the route self-hosted; otherwise each forwarder is followed, and
 * a container that is neither forwards to an unknown upstream.
 */
function throughSidecars(route: Route, container: string, pod: PodView, namespace: string, ctx: AdapterContext): Route[] {
  const endpoint = route.endpoint;
  if (endpoint === null || route.relay || !isLoopback(endpoint.host)) return [route];
  const others = sidecarsOf(pod.spec, container);
  if (others.length === 0) return [route];
  const port = endpoint.port ?? (endpoint.scheme === "https" || endpoint.scheme === "wss" ? 443 : 80);
  const declared = others.filter((other) => other.ports.includes(port));
  const candidates = declared.length > 0 ? declared : others;
  if (candidates.some((candidate) => pod.serving.has(candidate.name))) return [route];
  const routes: Route[] = [];
  for (const candidate of candidates) {
    const image = typeof candidate.container.image === "string" ? candidate.container.image : "no image";
    const forwarder = containerForwarder(candidate.container, pod.spec, ctx.settings.catalog.forwarders);
    if (forwarder === null) {
      const hop = `sidecar ${candidate.name} (${image}) listening at ${endpoint.host}:${port}`;
      routes.push({
        ...route,
        id: candidates.length > 1 ? `${route.id}@${candidate.name}` : route.id,
        via: `${route.via} → ${hop}`,
        relay: {
          name: `sidecar ${candidate.name} (${image})`,
          reason: "it is neither a model server nor a forwarder whose configuration Modelgate reads, so where it sends the calls is unknown",
        },
      });
      continue;
    }
    const workload: RelayWorkload = { ...forwarder, kind: "sidecar", namespace, name: candidate.name, podLabels: {} };
    // the forwarder names itself in the chain: "127.0.0.1:18080 → socat sidecar ns/tunnel (forwards to ...)"
    for (const followed of seeThroughSidecar(route, workload, `${endpoint.host}:${port}`, ctx)) {
      routes.push(candidates.length > 1 ? { ...followed, id: `${followed.id}@${candidate.name}` } : followed);
    }
  }
  return routes;
}

/** `throughSidecars` over a container's routes. */
export function seeThroughSidecars(routes: Route[], container: string, pod: PodView | null, namespace: string, ctx: AdapterContext): Route[] {
  if (pod === null) return routes;
  return routes.flatMap((route) => throughSidecars(route, container, pod, namespace, ctx));
}
