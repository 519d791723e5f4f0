/**
 * Workloads that forward LLM traffic somewhere else:
 *   - relays: gateways that re-expose many providers behind one OpenAI-compatible API and keep the
 *     upstream channels in their own database (songquanpeng/one-api, QuantumNous new-api), so no
 *     manifest can show where they forward prompts;
 *   - reverse proxies and forwarders (nginx, OpenResty, Envoy, HAProxy, Caddy, socat): where they
 *     forward is in their configuration, which the scan can read when it is a mounted ConfigMap of
 *     the scan, or on their command line (socat's addresses, `caddy reverse-proxy --to`).
 * Which images are which is catalogue data (policies/data/providers.json `forwarders`).
 */

import type { ForwarderView } from "../core/catalog";
import { isRecord, type KubeObject } from "../core/objects";
import { parseImage } from "../kubernetes/weights";

/** A product id of the catalogue's `forwarders` (one-api, new-api, nginx, envoy, haproxy). */
export type ForwarderProduct = string;
/** Reverse proxies whose configuration syntax src/adapters/egress/proxy-config.ts reads. */
export type ProxyProduct = "nginx" | "envoy" | "haproxy" | "caddy" | "socat";

const PROXY_SYNTAXES: ReadonlySet<string> = new Set<ProxyProduct>(["nginx", "envoy", "haproxy", "caddy", "socat"]);

/** A catalogue proxy product whose configuration this tool can read, or null (another product's is unknown). */
export function readableProxy(product: ForwarderProduct): ProxyProduct | null {
  return PROXY_SYNTAXES.has(product) ? (product as ProxyProduct) : null;
}

/** Paths from a workload to its pod template (`{metadata, spec}`); [] for a Pod. */
export const RELAY_WORKLOAD_TEMPLATES: ReadonlyMap<string, readonly string[]> = new Map([
  ["Deployment", ["spec", "template"]],
  ["StatefulSet", ["spec", "template"]],
  ["DaemonSet", ["spec", "template"]],
  ["ReplicaSet", ["spec", "template"]],
  ["Pod", []],
]);

export interface Forwarder {
  product: ForwarderProduct;
  /** "relay": its upstreams are never in manifests; "proxy": they are in its configuration. */
  role: "relay" | "proxy";
  image: string;
  /** ConfigMaps mounted into the pod (volumes and projected volumes), where a proxy's configuration is. */
  configMaps: string[];
  /** The container's command line (command and args), where socat and `caddy reverse-proxy` name their target. */
  commandLine: string;
}

function forwarderProductOf(image: string, images: ForwarderView): { product: ForwarderProduct; role: "relay" | "proxy" } | null {
  const ref = parseImage(image);
  if (ref.registry === null || images.publicRegistries.has(ref.registry)) {
    const relay = images.relayImages.get(ref.path);
    if (relay !== undefined) return { product: relay, role: "relay" };
  }
  const proxy = images.proxyImages.get(ref.path.slice(ref.path.lastIndexOf("/") + 1));
  return proxy !== undefined ? { product: proxy, role: "proxy" } : null;
}

/** The pod template of a workload kind that can run a relay, or null. */
export function relayPodTemplate(object: KubeObject): { metadata: Record<string, unknown>; spec: Record<string, unknown> } | null {
  const path = RELAY_WORKLOAD_TEMPLATES.get(object.kind);
  if (path === undefined || (object.kind === "Pod" && object.apiVersion !== "v1")) return null;
  let node: unknown = object;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  if (!isRecord(node) || !isRecord(node.spec)) return null;
  return { metadata: isRecord(node.metadata) ? node.metadata : {}, spec: node.spec };
}

/** ConfigMaps of the pod's volumes; only those `mounted` names when given (one container's mounts). */
function mountedConfigMaps(spec: Record<string, unknown>, mounted: ReadonlySet<string> | null = null): string[] {
  const names: string[] = [];
  for (const volume of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (!isRecord(volume)) continue;
    if (mounted !== null && !(typeof volume.name === "string" && mounted.has(volume.name))) continue;
    if (isRecord(volume.configMap) && typeof volume.configMap.name === "string") names.push(volume.configMap.name);
    const sources = isRecord(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) {
      if (isRecord(source) && isRecord(source.configMap) && typeof source.configMap.name === "string") names.push(source.configMap.name);
    }
  }
  return names;
}

function commandLineOf(container: Record<string, unknown>): string {
  const words = [container.command, container.args]
    .flatMap((list): unknown[] => (Array.isArray(list) ? list : []))
    .filter((w): w is string => typeof w === "string");
  return words.join(" ");
}

/**
 * The forwarder one container of a pod runs, or null: a sidecar the other containers can reach at
 * localhost. Its configuration is what that container mounts.
 */
export function containerForwarder(container: Record<string, unknown>, spec: Record<string, unknown>, images: ForwarderView): Forwarder | null {
  if (typeof container.image !== "string") return null;
  const found = forwarderProductOf(container.image, images);
  if (found === null) return null;
  const mounts = new Set(
    (Array.isArray(container.volumeMounts) ? container.volumeMounts : []).flatMap((m) => (isRecord(m) && typeof m.name === "string" ? [m.name] : [])),
  );
  return { ...found, image: container.image, configMaps: mountedConfigMaps(spec, mounts), commandLine: commandLineOf(container) };
}

/**
 * The relay or reverse proxy a workload runs, or null: a relay image in any container, a proxy
 * image only as the pod's single container (an app with an nginx sidecar serves its own API).
 */
export function relayImageOf(object: KubeObject, images: ForwarderView): Forwarder | null {
  const template = relayPodTemplate(object);
  if (template === null) return null;
  const containers = (Array.isArray(template.spec.containers) ? template.spec.containers : []).filter(isRecord);
  for (const container of containers) {
    if (typeof container.image !== "string") continue;
    const found = forwarderProductOf(container.image, images);
    if (found === null) continue;
    // an app with an nginx sidecar serves its own API; only a pod that is just the proxy forwards
    if (found.role === "proxy" && containers.length > 1) return null;
    return { ...found, image: container.image, configMaps: mountedConfigMaps(template.spec), commandLine: commandLineOf(container) };
  }
  return null;
}
