/**
 * `HTTPS_PROXY`, `HTTP_PROXY` and `ALL_PROXY` on an LLM client. Decision: a forward proxy on an
 * external host is a second party on the path of every prompt the container sends outside the
 * cluster. With plain CONNECT tunnelling it sees the destination and volumes, and a proxy that
 * terminates TLS (corporate or not) sees the prompts themselves; either way its operator and
 * jurisdiction matter. So when a container has at least one route to a hosted endpoint that the
 * proxy variables cover (scheme and NO_PROXY respected), the proxy becomes an extra route of the
 * workload, marked `egress` (a path, not a call: the jurisdiction rules apply, the budget rules
 * do not). The original routes stay: the prompts still end at their operator.
 * Every proxy that carries a route is reported, with the ids of the routes it carries (`proxyFor`):
 * whether the proxy or those routes are inside the organisation (cluster Services, localhost,
 * internal domains and networks, where a proxy is the usual egress gateway and adds nothing) is
 * decided in policies/lib. A proxy variable whose value cannot be known (a Secret not in the
 * scan) is an unresolved route: the path could lead anywhere.
 */

import type { Route } from "../../model/canonical";
import type { AdapterSettings } from "../core/types";
import type { ContainerEnv, EnvVar } from "../kubernetes/env";
import { describeVar } from "../kubernetes/env";
import { toSource } from "../kubernetes/location";
import { endpointOf } from "../kubernetes/values";
import { newRoute, type EndpointFields } from "../core/route";

/** Lowercase first: curl, Python and Go read the lowercase variable before (or instead of) the uppercase one. */
const PROXY_VARS: Readonly<Record<"http" | "https", readonly string[]>> = {
  https: ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"],
  http: ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"],
};
const NO_PROXY_VARS = ["no_proxy", "NO_PROXY"] as const;

function noProxyList(env: ContainerEnv): string[] {
  for (const name of NO_PROXY_VARS) {
    const value = env.vars.get(name)?.value;
    if (value !== null && value !== undefined) {
      return value
        .split(",")
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry !== "");
    }
  }
  return [];
}

/** NO_PROXY as curl and Go read it: `*`, exact hosts, and domain suffixes (`.example.com` or `example.com`). */
function bypassed(host: string, noProxy: string[]): boolean {
  return noProxy.some((entry) => {
    if (entry === "*") return true;
    const name = entry.replace(/:\d+$/, "").replace(/^\*?\./, "");
    return host === name || host.endsWith(`.${name}`);
  });
}

function proxyVarFor(scheme: "http" | "https", env: ContainerEnv): EnvVar | null {
  for (const name of PROXY_VARS[scheme]) {
    const variable = env.vars.get(name);
    if (variable && variable.value?.trim() !== "") return variable;
  }
  return null;
}

/**
 * Extra egress routes for the forward proxies a container's hosted LLM calls go through. `routes`
 * are the container's routes after in-cluster names were followed.
 */
export function proxyRoutes(routes: Route[], env: ContainerEnv, container: string, settings: AdapterSettings): Route[] {
  if (routes.length === 0) return [];
  const noProxy = noProxyList(env);
  const used = new Map<EnvVar, { hosts: string[]; ids: string[] }>();
  for (const route of routes) {
    if (route.egress || route.relay) continue;
    const endpoint = route.endpoint;
    // a route without an endpoint (a provider key or prefix) calls the provider's public HTTPS host
    if (endpoint !== null && bypassed(endpoint.host, noProxy)) continue;
    if (endpoint === null && (route.unresolvedEndpoint !== null || noProxy.includes("*"))) continue;
    const scheme = endpoint !== null && endpoint.scheme === "http" ? "http" : "https";
    const variable = proxyVarFor(scheme, env);
    if (variable === null) continue;
    const reached = used.get(variable) ?? { hosts: [], ids: [] };
    const keyed = route.provider.keyVar ?? route.provider.sdkPrefix;
    reached.hosts.push(endpoint?.host ?? (keyed !== null ? `the default host of ${keyed}` : route.via));
    reached.ids.push(route.id);
    used.set(variable, reached);
  }
  const extra: Route[] = [];
  for (const [variable, reached] of used) {
    let fields: EndpointFields;
    if (variable.value === null) {
      fields = { endpoint: null, unresolvedEndpoint: { raw: variable.raw, reason: variable.unresolved ?? "unknown before deploy" } };
    } else {
      // proxies are often written as host:port; http is what clients assume then
      const value = variable.value.trim();
      fields = endpointOf(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value.replace(/^socks[45]?[ah]?:\/\//i, "http://") : `http://${value}`, settings);
    }
    const route = newRoute({
      id: `container/${container}/proxy/${variable.name}`,
      via: `${describeVar(variable, container)} (forward proxy for its calls to ${[...new Set(reached.hosts)].join(", ")})`,
      source: toSource(variable.at),
      endpoint: fields,
    });
    route.egress = true;
    route.proxyFor = reached.ids;
    extra.push(route);
  }
  return extra;
}
