/**
 * Egress and indirection: the objects that decide where traffic really goes.
 *   - Adapters: Istio ServiceEntry and Cilium FQDN policies, whose LLM hosts are `egress` routes;
 *     Ingress and Gateway API routes whose backends end at an LLM host (./forwarding-routes.ts).
 *   - `seeThroughIndirection`: the hook the Kubernetes workload adapter runs on each container's
 *     routes: the pod's hostAliases and localhost sidecars (./pod-hops.ts), in-cluster names
 *     followed through ExternalName Services, ServiceEntries and VirtualServices to the external
 *     operator, relays marked, forward proxies added.
 *   - `seeThroughClusterNames`: the same name-following for gateway adapters (Kong, Envoy).
 */

import type { Route } from "../../model/canonical";
import type { ContainerEnv } from "../kubernetes/env";
import type { AdapterContext } from "../core/types";
import { proxyRoutes } from "./proxy";
import { seeThroughClusterNames } from "./resolve";
import { applyHostAliases, seeThroughSidecars, type PodView } from "./pod-hops";

export type { PodView } from "./pod-hops";

export { ciliumEgressAdapter } from "./cilium";
export { serviceEntryAdapter } from "./service-entry";
export { forwardingRoutesAdapter } from "./forwarding-routes";
export { joinsClusterNames, seeThroughClusterName, seeThroughClusterNames, serviceRefOf } from "./resolve";
export { proxyRoutes } from "./proxy";
export { objectWorkloadOutput, type ObjectWorkload } from "./document";
export { egressHost, llmEgressEndpoints } from "./llm-hosts";

/** What the hook needs of a container: its name, environment and routes. */
export interface ContainerRoutes {
  facts: { name: string; env: ContainerEnv };
  routes: Route[];
}

/**
 * The routes of one container once its pod's hostAliases, in-cluster names and localhost sidecars
 * are followed, plus its forward-proxy routes. /etc/hosts is read before DNS, so an aliased host is
 * not followed as a cluster name.
 */
export function seeThroughIndirection(container: ContainerRoutes, namespace: string, ctx: AdapterContext, pod: PodView | null = null): Route[] {
  const { aliased, rest } = applyHostAliases(container.routes, pod, ctx);
  const followed = seeThroughSidecars(seeThroughClusterNames(rest, namespace, ctx), container.facts.name, pod, namespace, ctx);
  const routes = [...aliased, ...followed];
  const proxies = applyHostAliases(proxyRoutes(routes, container.facts.env, container.facts.name, ctx.settings), pod, ctx);
  return [...routes, ...proxies.aliased, ...proxies.rest];
}
