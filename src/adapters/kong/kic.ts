/**
 * Kong Ingress Controller resources (configuration.konghq.com): a `KongPlugin` (namespaced) or
 * `KongClusterPlugin` whose `plugin` is ai-proxy or ai-proxy-advanced is a workload of its own,
 * classified by its labels and Namespace; its `config` (or the Secret `configFrom.secretKeyRef`
 * names, when that Secret is in the scan) is read like a decK plugin config.
 * A plugin applies to the objects whose `konghq.com/plugins` annotation lists it (Services,
 * Ingresses, HTTPRoutes, KongConsumers), or to everything when a KongClusterPlugin is labelled
 * `global: "true"`. An ai-rate-limiting-advanced plugin attached to one of the same objects (or a
 * global one) gives the routes their limits.
 */

import type { Problem, Route } from "../../model/canonical";
import { objectWorkloadOutput } from "../egress/document";
import { joinsClusterNames, seeThroughClusterNames } from "../egress/resolve";
import { joinsKinds } from "../core/scan-index";
import { isKubeObject, isRecord, objectName, objectNamespace, stringRecord, type KubeObject } from "../core/objects";
import { structuredValue } from "../kubernetes/values";
import { newRoute } from "../core/route";
import type { KubeEntry } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { proxyPluginRoutes } from "./proxy-routes";
import { rateLimitCaps } from "./rate-limits";

const GROUP = "configuration.konghq.com/";
const PLUGIN_KINDS: ReadonlySet<string> = new Set(["KongPlugin", "KongClusterPlugin"]);
const PROXY_PLUGINS: ReadonlySet<string> = new Set(["ai-proxy", "ai-proxy-advanced"]);
const ANNOTATION = "konghq.com/plugins";
/** Kinds that attach plugins with the `konghq.com/plugins` annotation. */
export const KONG_ATTACHING_KINDS: readonly string[] = ["Service", "Ingress", "HTTPRoute", "GRPCRoute", "KongConsumer", "KongConsumerGroup"];

function isKongPlugin(value: unknown): value is KubeObject {
  return isKubeObject(value) && PLUGIN_KINDS.has(value.kind) && value.apiVersion.startsWith(GROUP);
}

function isGlobal(plugin: KubeObject): boolean {
  return plugin.kind === "KongClusterPlugin" && stringRecord(plugin.metadata?.labels).global === "true";
}

/** The objects a plugin is attached to, as "Kind ns/name". */
function attachments(plugin: KubeObject, ctx: AdapterContext): string[] {
  const name = objectName(plugin);
  const namespace = plugin.kind === "KongPlugin" ? objectNamespace(plugin) : null;
  const found: string[] = [];
  for (const kind of KONG_ATTACHING_KINDS) {
    for (const { object } of ctx.index.objectsOfKind(kind)) {
      if (namespace !== null && objectNamespace(object) !== namespace) continue;
      const listed = stringRecord(object.metadata?.annotations)[ANNOTATION];
      if (!listed?.split(",").some((entry) => entry.trim() === name)) continue;
      found.push(`${object.kind} ${objectNamespace(object)}/${objectName(object)}`);
    }
  }
  return found;
}

/** The plugin's configuration: `config`, or the Secret `configFrom.secretKeyRef` names. */
function configOf(plugin: KubeObject, ctx: AdapterContext): { config: Record<string, unknown>; pointer: string } | { unresolved: string } {
  if (isRecord(plugin.config)) return { config: plugin.config, pointer: "/config" };
  const from = isRecord(plugin.configFrom) && isRecord(plugin.configFrom.secretKeyRef) ? plugin.configFrom.secretKeyRef : null;
  if (from !== null && typeof from.name === "string" && typeof from.key === "string") {
    const namespace = typeof from.namespace === "string" ? from.namespace : objectNamespace(plugin);
    const secret = ctx.index.keyValueSource("Secret", namespace, from.name);
    const text = secret?.data.get(from.key);
    const value = text !== undefined ? structuredValue(text, ctx.settings) : null;
    if (isRecord(value)) return { config: value, pointer: "/configFrom/secretKeyRef" };
    return { unresolved: `its config is in Secret ${namespace}/${from.name} key ${from.key}, which is not in the scanned files or not a JSON/YAML map` };
  }
  return { config: {}, pointer: "/config" };
}

function adaptKongPlugin({ doc, value: plugin }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const namespace = plugin.kind === "KongPlugin" ? objectNamespace(plugin) : null;
  const label = `${plugin.kind} ${namespace !== null ? `${namespace}/` : ""}${objectName(plugin)}`;
  const problems: Problem[] = [];
  if (plugin.disabled === true) return { documents: [], problems };
  const attached = attachments(plugin, ctx);
  const where = `${label}${isGlobal(plugin) ? " (global)" : attached.length > 0 ? ` (attached to ${attached.join(", ")})` : " (attached to nothing in the scanned files)"}`;
  const found = configOf(plugin, ctx);
  let routes: Route[];
  if ("unresolved" in found) {
    routes = [
      newRoute({
        id: String(plugin.plugin),
        via: `Kong ${String(plugin.plugin)} on ${where}`,
        source: sourceAt(doc, "/configFrom"),
        endpoint: { endpoint: null, unresolvedEndpoint: { raw: `${label} configFrom`, reason: found.unresolved } },
      }),
    ];
  } else {
    const instance = typeof plugin.instance_name === "string" ? plugin.instance_name : String(plugin.plugin);
    const kongRoutes = proxyPluginRoutes(
      { doc, name: String(plugin.plugin), config: found.config, configPointer: found.pointer, idBase: instance, where },
      ctx,
      problems,
    );
    const limiter = rateLimiterFor(plugin, attached, ctx);
    for (const kongRoute of kongRoutes) {
      if (limiter !== null) {
        const caps = rateLimitCaps(limiter.config, kongRoute.provider, kongRoute.model, limiter.label, limiter.perClient);
        kongRoute.route.limits.caps.push(...caps.caps);
        if (caps.note !== null) kongRoute.route.via = `${kongRoute.route.via} [${caps.note}]`;
      }
    }
    routes = kongRoutes.map((r) => r.route);
  }
  return objectWorkloadOutput({ doc, object: plugin, namespace, routes: seeThroughClusterNames(routes, namespace, ctx), problems }, ctx);
}

interface Limiter {
  config: { config: Record<string, unknown>; instanceName: string | null };
  label: string;
  /** Attached to consumers only: each consumer has its own counters. */
  perClient: boolean;
}

/** The ai-rate-limiting-advanced plugin attached to one of the same objects, else a global one. */
function rateLimiterFor(plugin: KubeObject, attached: string[], ctx: AdapterContext): Limiter | null {
  const candidates: KubeEntry[] = [...ctx.index.objectsOfKind("KongPlugin"), ...ctx.index.objectsOfKind("KongClusterPlugin")].filter(
    ({ object }) => isKongPlugin(object) && object.plugin === "ai-rate-limiting-advanced" && object.disabled !== true && isRecord(object.config),
  );
  const toLimiter = (object: KubeObject, shared: string[]): Limiter => ({
    config: { config: object.config as Record<string, unknown>, instanceName: typeof object.instance_name === "string" ? object.instance_name : null },
    label: `${object.kind} ${object.kind === "KongPlugin" ? `${objectNamespace(object)}/` : ""}${objectName(object)}`,
    perClient: shared.length > 0 && shared.every((entry) => entry.startsWith("KongConsumer")),
  });
  if (!isGlobal(plugin)) {
    for (const { object } of candidates) {
      const shared = attachments(object, ctx).filter((entry) => attached.includes(entry));
      if (shared.length > 0) return toLimiter(object, shared);
    }
  }
  const global = candidates.find(({ object }) => isGlobal(object));
  return global ? toLimiter(global.object, []) : null;
}

export const kongPluginAdapter: Adapter<KubeObject> = {
  name: "kong-plugin",
  claim: (doc) => (isKongPlugin(doc.value) && PROXY_PLUGINS.has(String(doc.value.plugin)) ? { doc, value: doc.value } : null),
  adapt: adaptKongPlugin,
  // rate-limiting plugins, the objects that attach plugins, configFrom Secrets, in-cluster upstreams
  joins: (value, catalog) => joinsKongObjects(value) || joinsClusterNames(value, catalog),
};

const joinsKongObjects = joinsKinds("KongPlugin", "KongClusterPlugin", "Secret", ...KONG_ATTACHING_KINDS);
