/**
 * Plain Kong services of a decK file: a service without an `ai-proxy` plugin forwards its routes'
 * traffic as it is to its upstream, `url` (or `protocol`, `host`, `port`, `path`), and a `host`
 * naming an entry of `upstreams:` is load-balanced over that upstream's `targets[].target`. A
 * client that sends prompts through such a service sends them to that host, so a service whose
 * upstream ends at an LLM operator's host is an `egress` route of the service (a path, not a call:
 * the model is whatever the client asks for). Services in front of anything else (the team's own
 * APIs, a cluster Service that is not an alias of an external host) are not routes.
 */

import type { Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { isRecord } from "../core/objects";
import { endpointFields, newRoute, unknownModel } from "../core/route";
import { sourceAt, type AdapterContext } from "../core/types";
import { egressHost, llmEgressEndpoints } from "../egress/llm-hosts";
import { seeThroughClusterName } from "../egress/resolve";
import type { DeckFile } from "./deck";

export interface PlainService {
  name: string;
  /** Pointer of the service entry: where its findings point. */
  pointer: string;
  routes: Route[];
}

interface Upstream {
  targets: Array<{ target: string; pointer: string }>;
}

function upstreamsOf(value: Record<string, unknown>): Map<string, Upstream> {
  const upstreams = new Map<string, Upstream>();
  (Array.isArray(value.upstreams) ? value.upstreams : []).forEach((upstream, i) => {
    if (!isRecord(upstream) || typeof upstream.name !== "string") return;
    const targets: Upstream["targets"] = [];
    (Array.isArray(upstream.targets) ? upstream.targets : []).forEach((target, j) => {
      if (isRecord(target) && typeof target.target === "string" && target.target.trim() !== "") {
        targets.push({ target: target.target.trim(), pointer: `/upstreams/${i}/targets/${j}/target` });
      }
    });
    upstreams.set(upstream.name.trim().toLowerCase(), { targets });
  });
  return upstreams;
}

/** A service whose traffic Kong's AI plugins handle instead of its upstream: a global, service-level or every-route ai-proxy. */
function proxiedByPlugin(name: string, deck: DeckFile, proxyPlugins: ReadonlySet<string>): boolean {
  const plugins = deck.plugins.filter((plugin) => plugin.enabled && proxyPlugins.has(plugin.name));
  if (plugins.some((plugin) => plugin.scope.kind === "global" || (plugin.scope.kind === "service" && plugin.scope.service === name))) return true;
  const routes = [...deck.routeServices.entries()].filter(([, owner]) => owner === name).map(([route]) => route);
  return routes.length > 0 && routes.every((route) => plugins.some((plugin) => plugin.scope.kind === "route" && plugin.scope.route === route));
}

/** The URL Kong sends a service's traffic to, from `url` or its parts. */
function serviceUrl(service: Record<string, unknown>): { url: string; host: string; field: string } | null {
  if (typeof service.url === "string" && service.url.trim() !== "") {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(service.url.trim());
    return match ? { url: service.url.trim(), host: match[1].toLowerCase(), field: "url" } : null;
  }
  if (typeof service.host !== "string" || service.host.trim() === "") return null;
  const protocol = typeof service.protocol === "string" ? service.protocol.toLowerCase() : "http";
  const scheme = protocol === "https" || protocol === "grpcs" || protocol === "tls" ? "https" : "http";
  const port = typeof service.port === "number" ? service.port : null;
  const path = typeof service.path === "string" ? service.path : "";
  const host = service.host.trim().toLowerCase();
  return { url: `${scheme}://${host}${port !== null ? `:${port}` : ""}${path}`, host, field: "host" };
}

/** The LLM routes a target reaches: an external LLM host directly, or an in-cluster name followed to one. */
function llmTargets(url: string, id: string, via: string, doc: ParsedDocument, pointer: string, ctx: AdapterContext): Route[] {
  const start = newRoute({ id, via, source: sourceAt(doc, pointer), endpoint: endpointFields(url, ctx.settings), model: unknownModel() });
  const routes: Route[] = [];
  for (const followed of start.endpoint === null ? [] : seeThroughClusterName(start, null, ctx)) {
    const endpoint = followed.endpoint;
    if (followed.relay || endpoint === null || endpoint.hostKind === "cluster" || endpoint.hostKind === "localhost") continue;
    const host = egressHost(endpoint.host);
    if (host === null) continue;
    for (const { fields } of llmEgressEndpoints(host, endpoint.scheme, endpoint.port, ctx.settings)) {
      routes.push({ ...followed, endpoint: fields.endpoint, unresolvedEndpoint: fields.unresolvedEndpoint, egress: true });
    }
  }
  return routes;
}

/** Plain services of a decK file whose upstream ends at an LLM operator. */
export function plainServices(
  value: Record<string, unknown>,
  deck: DeckFile,
  doc: ParsedDocument,
  ctx: AdapterContext,
  proxyPlugins: ReadonlySet<string>,
): PlainService[] {
  const upstreams = upstreamsOf(value);
  const found: PlainService[] = [];
  (Array.isArray(value.services) ? value.services : []).forEach((service, i) => {
    if (!isRecord(service)) return;
    const name = typeof service.name === "string" && service.name.trim() !== "" ? service.name.trim() : `services[${i}]`;
    if (proxiedByPlugin(name, deck, proxyPlugins)) return;
    const target = serviceUrl(service);
    if (target === null) return;
    const pointer = `/services/${i}/${target.field}`;
    const via = `Kong service ${name} (${target.field === "url" ? `url ${target.url}` : `host ${target.host}`})`;
    const upstream = upstreams.get(target.host);
    const routes: Route[] = [];
    if (upstream === undefined) {
      routes.push(...llmTargets(target.url, `services/${i}`, via, doc, pointer, ctx));
    } else {
      const scheme = target.url.slice(0, target.url.indexOf("://"));
      upstream.targets.forEach(({ target: written, pointer: at }, j) => {
        routes.push(...llmTargets(`${scheme}://${written}`, `services/${i}/targets/${j}`, `${via} → upstream ${target.host} target ${written}`, doc, at, ctx));
      });
    }
    if (routes.length > 0) found.push({ name, pointer: `/services/${i}`, routes });
  });
  return found;
}
