/**
 * Kong AI Gateway (developer.konghq.com/plugins/ai-proxy, /ai-proxy-advanced), in decK files
 * (`kong.yaml`, also Kong's DB-less declarative config) and as KongPlugin resources of the Kong
 * Ingress Controller (./kic.ts). Each `ai-proxy` / `ai-proxy-advanced` plugin instance of a decK file
 * is a workload: the Kong route, service, consumer (group) it is attached to, or the whole gateway
 * for a global one; each target a route (see ./proxy-routes.ts for the field mapping).
 * Limits come from the `ai-rate-limiting-advanced` plugin that applies to the same traffic (route,
 * then service, then global: Kong runs the most specific instance); see ./rate-limits.ts.
 * Classification: WorkloadClassification documents (by directory or `selector.resources`).
 * An upstream_url naming an in-cluster Service is followed like a client's URL (ExternalName,
 * ServiceEntry, relays); decK files have no namespace, so only qualified names are followed.
 * Services without an AI plugin that forward to an LLM host (`url`, or `host` through
 * `upstreams[].targets`) are workloads too (./services.ts). A plugin written alone, as the plugin
 * docs show it (`name: ai-proxy` + `config:`, or only `config:` with `model` and `route_type`/`auth`),
 * is a `KongPluginConfig` workload of its file; a top-level `plugins:` entry that names no service,
 * route or consumer is global and is the `KongGateway` workload every route of the file goes through.
 */

import path from "node:path";
import { CANONICAL_API_VERSION, emptyLimits, type LlmUsageDocument, type Problem, type Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { resolveClassification } from "../classification/resolve";
import { joinsClusterNames, seeThroughClusterNames } from "../egress/resolve";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { isDeckFile, proxyFragment, readDeck, sameScope, scopeChain, type DeckFile, type Scope } from "./deck";
import { proxyPluginRoutes, type KongRoute } from "./proxy-routes";
import { rateLimitCaps } from "./rate-limits";
import { plainServices } from "./services";

export { kongPluginAdapter } from "./kic";

export const PROXY_PLUGINS: ReadonlySet<string> = new Set(["ai-proxy", "ai-proxy-advanced"]);
export const RATE_LIMIT_PLUGIN = "ai-rate-limiting-advanced";

interface Workload {
  kind: string;
  name: string;
  scope: Scope;
  routes: Route[];
  /** Pointer of its first proxy plugin: where workload-level findings point. */
  pointer: string;
}

function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case "global":
      return "the whole gateway (global plugin)";
    case "service":
      return `service ${scope.service}`;
    case "route":
      return `route ${scope.route}`;
    case "consumer":
      return `consumer ${scope.consumer}`;
    case "consumer_group":
      return `consumer group ${scope.group}`;
  }
}

function workloadOf(scope: Scope, file: string): { kind: string; name: string } {
  switch (scope.kind) {
    case "global":
      return { kind: "KongGateway", name: path.posix.basename(file) };
    case "service":
      return { kind: "KongService", name: scope.service };
    case "route":
      return { kind: "KongRoute", name: scope.route };
    case "consumer":
      return { kind: "KongConsumer", name: scope.consumer };
    case "consumer_group":
      return { kind: "KongConsumerGroup", name: scope.group };
  }
}

/**
 * A global proxy plugin runs for every route of the file that has no proxy plugin of its own
 * (Kong runs the most specific instance): named in the route's via.
 */
function describeGlobal(deck: DeckFile): string {
  const proxies = deck.plugins.filter((plugin) => plugin.enabled && PROXY_PLUGINS.has(plugin.name));
  const covered = [...deck.routeServices.entries()]
    .filter(
      ([route, service]) =>
        !proxies.some(
          (plugin) => (plugin.scope.kind === "route" && plugin.scope.route === route) || (plugin.scope.kind === "service" && plugin.scope.service === service),
        ),
    )
    .map(([route]) => route);
  if (covered.length === 0) return describeScope({ kind: "global" });
  return `the whole gateway (global plugin; every route of the file: ${covered.join(", ")})`;
}

/** Applies the ai-rate-limiting-advanced plugin Kong would run for traffic of `scope`. */
function applyRateLimits(found: KongRoute, scope: Scope, deck: DeckFile): void {
  const limiters = deck.plugins.filter((plugin) => plugin.name === RATE_LIMIT_PLUGIN && plugin.enabled);
  for (const candidate of scopeChain(scope)) {
    const plugin = limiters.find((p) => sameScope(p.scope, candidate));
    if (!plugin) continue;
    const perClient = scope.kind === "consumer" || scope.kind === "consumer_group";
    const caps = rateLimitCaps(plugin, found.provider, found.model, describeScope(plugin.scope), perClient);
    found.route.limits.caps.push(...caps.caps);
    if (caps.note !== null) found.route.via = `${found.route.via} [${caps.note}]`;
    return; // Kong runs the most specific instance only
  }
}

function readWorkloads(doc: ParsedDocument, deck: DeckFile, ctx: AdapterContext, problems: Problem[]): Workload[] {
  const workloads = new Map<string, Workload>();
  for (const plugin of deck.plugins) {
    if (!PROXY_PLUGINS.has(plugin.name) || !plugin.enabled) continue;
    const { kind, name } = workloadOf(plugin.scope, doc.file);
    const key = `${kind}/${name}`;
    let workload = workloads.get(key);
    if (!workload) {
      workload = { kind, name, scope: plugin.scope, routes: [], pointer: plugin.pointer };
      workloads.set(key, workload);
    }
    const found = proxyPluginRoutes(
      {
        doc,
        name: plugin.name,
        config: plugin.config,
        configPointer: `${plugin.pointer}/config`,
        idBase: plugin.instanceName ?? plugin.name,
        where: plugin.scope.kind === "global" ? describeGlobal(deck) : describeScope(plugin.scope),
      },
      ctx,
      problems,
    );
    for (const route of found) {
      applyRateLimits(route, plugin.scope, deck);
      workload.routes.push(route.route);
    }
  }
  return [...workloads.values()];
}

/**
 * A plugin written alone (a fragment): not attached to anything the file shows, so it is read as
 * a global plugin of its own file: a `KongPluginConfig` workload.
 */
function adaptFragment(doc: ParsedDocument, value: Record<string, unknown>, ctx: AdapterContext): AdapterOutput {
  const fragment = proxyFragment(value);
  const problems: Problem[] = [];
  if (!fragment?.enabled) return { documents: [], problems };
  const file = doc.file.split(path.sep).join("/");
  const routes = proxyPluginRoutes(
    {
      doc,
      name: fragment.name,
      config: fragment.config,
      configPointer: "/config",
      idBase: fragment.instanceName ?? fragment.name,
      where: "a plugin configuration fragment",
    },
    ctx,
    problems,
  ).map((found) => found.route);
  const resource = `KongPluginConfig/${file}${doc.index > 0 ? `#${doc.index}` : ""}`;
  const classification = resolveClassification([], doc.file, resource, ctx);
  const document: LlmUsageDocument = {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload: { kind: "KongPluginConfig", name: path.posix.basename(file), namespace: null, resource, source: sourceAt(doc, "") },
    classification: classification.classification,
    classificationSource: classification.classificationSource,
    classificationErrors: classification.classificationErrors,
    classificationConflicts: classification.classificationConflicts,
    routes: seeThroughClusterNames(routes, null, ctx),
    servers: [],
    limits: emptyLimits(),
    problems: [],
  };
  return { documents: [document], problems };
}

function adaptDeck({ doc, value }: Claimed<Record<string, unknown>>, ctx: AdapterContext): AdapterOutput {
  if (!isDeckFile(value)) return adaptFragment(doc, value, ctx);
  const deck = readDeck(value);
  const problems: Problem[] = deck.problems.map((p) => ({ message: p.message, source: sourceAt(doc, p.pointer) }));
  const file = doc.file.split(path.sep).join("/");
  const workspace = deck.workspace ?? "default";
  const documents: LlmUsageDocument[] = [];
  for (const workload of readWorkloads(doc, deck, ctx, problems)) {
    const resource = workload.scope.kind === "global" ? `${workload.kind}/${workspace}/${file}` : `${workload.kind}/${workspace}/${workload.name}`;
    const classification = resolveClassification([], doc.file, resource, ctx);
    documents.push({
      apiVersion: CANONICAL_API_VERSION,
      kind: "LLMUsage",
      workload: { kind: workload.kind, name: workload.name, namespace: deck.workspace, resource, source: sourceAt(doc, workload.pointer) },
      classification: classification.classification,
      classificationSource: classification.classificationSource,
      classificationErrors: classification.classificationErrors,
      classificationConflicts: classification.classificationConflicts,
      routes: seeThroughClusterNames(workload.routes, null, ctx),
      servers: [],
      limits: emptyLimits(),
      problems: [],
    });
  }
  // services without an AI plugin forward their traffic as it is, to their upstream
  for (const service of plainServices(value, deck, doc, ctx, PROXY_PLUGINS)) {
    const resource = `KongService/${workspace}/${service.name}`;
    const classification = resolveClassification([], doc.file, resource, ctx);
    documents.push({
      apiVersion: CANONICAL_API_VERSION,
      kind: "LLMUsage",
      workload: { kind: "KongService", name: service.name, namespace: deck.workspace, resource, source: sourceAt(doc, service.pointer) },
      classification: classification.classification,
      classificationSource: classification.classificationSource,
      classificationErrors: classification.classificationErrors,
      classificationConflicts: classification.classificationConflicts,
      routes: service.routes,
      servers: [],
      limits: emptyLimits(),
      problems: [],
    });
  }
  return { documents, problems };
}

export const kongDeckAdapter: Adapter<Record<string, unknown>> = {
  name: "kong-deck",
  claim: (doc) => (isDeckFile(doc.value) || proxyFragment(doc.value) !== null ? { doc, value: doc.value as Record<string, unknown> } : null),
  adapt: adaptDeck,
  // upstreams that are in-cluster names
  joins: joinsClusterNames,
};
