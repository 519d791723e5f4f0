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
  /**
   * For a proxy that shares its pod with other containers (an nginx in front of an app, with a log
   * shipper...): the ports it declares (numbers and names). A Service reaches the proxy only
   * through one of them; null when the proxy is the pod's only container.
   */
  sharedPorts: Array<number | string> | null;
}

/**
 * A proxy a generic image runs from its command line (`alpine` with `sh -c "apk add socat && socat
 * TCP-LISTEN:... TCP:host:443"`): the first word naming a proxy whose syntax is read here.
 */
function commandProduct(commandLine: string): ProxyProduct | null {
  for (const word of commandLine.split(/[\s;&|()'"]+/)) {
    const product = readableProxy(word.slice(word.lastIndexOf("/") + 1));
    if (product !== null) return product;
  }
  return null;
}

function productOf(container: Record<string, unknown>, images: ForwarderView): { product: ForwarderProduct; role: "relay" | "proxy" } | null {
  if (typeof container.image !== "string") return null;
  const byImage = forwarderProductOf(container.image, images);
  if (byImage !== null) return byImage;
  const byCommand = commandProduct(commandLineOf(container));
  return byCommand !== null ? { product: byCommand, role: "proxy" } : null;
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

/** Names of the volumes a container mounts. */
function containerMounts(container: Record<string, unknown>): ReadonlySet<string> {
  const mounts: unknown[] = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
  return new Set(mounts.flatMap((m) => (isRecord(m) && typeof m.name === "string" ? [m.name] : [])));
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
  const found = productOf(container, images);
  if (found === null) return null;
  return {
    ...found,
    image: container.image,
    configMaps: mountedConfigMaps(spec, containerMounts(container)),
    commandLine: commandLineOf(container),
    sharedPorts: null,
  };
}

function declaredPorts(container: Record<string, unknown>): Array<number | string> {
  return (Array.isArray(container.ports) ? container.ports : []).flatMap((port): Array<number | string> => {
    if (!isRecord(port)) return [];
    const found: Array<number | string> = [];
    if (typeof port.containerPort === "number") found.push(port.containerPort);
    if (typeof port.name === "string" && port.name !== "") found.push(port.name);
    return found;
  });
}

/**
 * The relay or reverse proxy a workload runs, or null: a relay image in any container; a proxy
 * image as the pod's single container, or beside others when it declares the ports a Service
 * would reach it on (an app with an nginx sidecar that only serves static files is reached on the
 * app's port, not the proxy's).
 */
export function relayImageOf(object: KubeObject, images: ForwarderView): Forwarder | null {
  const template = relayPodTemplate(object);
  if (template === null) return null;
  const containers = (Array.isArray(template.spec.containers) ? template.spec.containers : []).filter(isRecord);
  for (const container of containers) {
    if (typeof container.image !== "string") continue;
    const found = productOf(container, images);
    if (found === null) continue;
    const shared = found.role === "proxy" && containers.length > 1;
    // a proxy beside other containers counts only where a Service reaches it (a port it declares)
    // and when it mounts its configuration: one built into the image usually fronts the app itself
    if (shared && (declaredPorts(container).length === 0 || mountedConfigMaps(template.spec, containerMounts(container)).length === 0)) continue;
    return {
      ...found,
      image: container.image,
      configMaps: mountedConfigMaps(template.spec, shared ? containerMounts(container) : null),
      commandLine: commandLineOf(container),
      sharedPorts: shared ? declaredPorts(container) : null,
    };
  }
  return null;
}
