/**
 * Egress and indirection: the objects that decide where traffic really goes.
 *   - Adapters: Istio ServiceEntry and Cilium FQDN policies, whose LLM hosts are `egress` routes.
 *   - `seeThroughIndirection`: the hook the Kubernetes workload adapter runs on each container's
 *     routes: in-cluster names followed through ExternalName Services, ServiceEntries and
 *     VirtualServices to the external operator, relays marked, forward proxies added.
 *   - `seeThroughClusterNames`: the same name-following for gateway adapters (Kong, Envoy).
 */

import type { Route } from "../../model/canonical";
import type { ContainerEnv } from "../kubernetes/env";
import type { AdapterContext } from "../core/types";
import { proxyRoutes } from "./proxy";
import { seeThroughClusterNames } from "./resolve";

export { ciliumEgressAdapter } from "./cilium";
export { serviceEntryAdapter } from "./service-entry";
export { joinsClusterNames, seeThroughClusterName, seeThroughClusterNames, serviceRefOf } from "./resolve";
export { proxyRoutes } from "./proxy";
export { objectWorkloadOutput, type ObjectWorkload } from "./document";
export { egressHost, llmEgressEndpoints } from "./llm-hosts";

/** What the hook needs of a container: its name, environment and routes. */
export interface ContainerRoutes {
  facts: { name: string; env: ContainerEnv };
  routes: Route[];
}

/** The routes of one container once in-cluster names are followed, plus its forward-proxy routes. */
export function seeThroughIndirection(container: ContainerRoutes, namespace: string, ctx: AdapterContext): Route[] {
  const routes = seeThroughClusterNames(container.routes, namespace, ctx);
  return [...routes, ...proxyRoutes(routes, container.facts.env, container.facts.name, ctx.settings)];
}
