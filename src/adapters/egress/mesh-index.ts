/**
 * The objects that decide where an in-cluster name really leads, read once per scan from the
 * ScanIndex: Services (ExternalName aliases, selectors), Istio ServiceEntries and VirtualServices,
 * Ingresses and Gateway API routes by host, and relay workloads (one-api, new-api) whose upstream
 * lives in their database.
 */

import type { ParsedDocument } from "../../parse/document";
import type { SourceLocation } from "../../model/canonical";
import { sourceAt } from "../core/types";
import type { CatalogView, ForwarderView } from "../core/catalog";
import { isKubeObject, isRecord, objectName, objectNamespace, stringRecord, type KubeObject } from "../core/objects";
import { RELAY_WORKLOAD_TEMPLATES, relayImageOf, relayPodTemplate, type ForwarderProduct } from "./relay-images";
import type { KubeEntry, ScanIndex } from "../core/scan-index";
import { FORWARDING_KINDS, forwardingHosts, isForwardingObject } from "./backend-refs";

export interface ServiceEntryInfo {
  namespace: string;
  name: string;
  doc: ParsedDocument;
  /** Hosts as written, lowercase; short names are qualified with the entry's namespace too. */
  hosts: string[];
  /** Endpoint addresses (DNS names or IPs) traffic for the hosts is sent to; empty when DNS of the host decides. */
  addresses: Array<{ address: string; pointer: string }>;
  location: "MESH_EXTERNAL" | "MESH_INTERNAL";
  /** `exportTo` as written; empty means every namespace. */
  exportTo: string[];
}

export interface VirtualServiceInfo {
  namespace: string;
  name: string;
  doc: ParsedDocument;
  hosts: string[];
  /** True when the rules apply to traffic from sidecars (`gateways` absent or naming `mesh`). */
  mesh: boolean;
  destinations: Array<{ host: string; port: number | null; pointer: string }>;
  exportTo: string[];
}

export interface RelayWorkload {
  product: ForwarderProduct;
  /** "relay": upstreams kept in its database; "proxy": upstreams in its configuration. */
  role: "relay" | "proxy";
  /** ConfigMaps mounted into its pods (where a proxy's configuration is). */
  configMaps: string[];
  /** Its container's command line (socat and `caddy reverse-proxy` name their target there). */
  commandLine: string;
  /** For a proxy beside other containers of its pod, the ports it declares; null when it is alone. */
  sharedPorts: Array<number | string> | null;
  kind: string;
  namespace: string;
  name: string;
  /** Labels of the pods it runs, for Services that select them. */
  podLabels: Record<string, string>;
  image: string;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function lower(values: string[]): string[] {
  return values.map((v) => v.trim().toLowerCase()).filter((v) => v !== "");
}

/** A short Istio host (`llm`) is `llm.<namespace>.svc.cluster.local`; both spellings are indexed. */
function qualify(host: string, namespace: string): string[] {
  if (host.includes(".") || host === "*") return [host];
  return [host, `${host}.${namespace}.svc.cluster.local`];
}

/**
 * Custom resources whose operator creates the Service clients call, named after the resource:
 * KServe (`<isvc>-predictor`, `-transformer`, `-kserve...` too), LLMKube (the InferenceService name
 * with dots turned into dashes, as a Service name must be) and the LiteLLM operator of
 * home-operations (the LiteLLMProxy's name). The resource itself is read by its adapter.
 */
const SERVICE_OWNERS: ReadonlyArray<{ group: string; kinds: readonly string[]; owns: (resource: string, service: string) => boolean }> = [
  {
    group: "serving.kserve.io/",
    kinds: ["InferenceService", "LLMInferenceService"],
    owns: (isvc, name) => name === isvc || name.startsWith(`${isvc}-predictor`) || name.startsWith(`${isvc}-transformer`) || name.startsWith(`${isvc}-kserve`),
  },
  { group: "inference.llmkube.dev/", kinds: ["InferenceService"], owns: (isvc, name) => name === isvc.replace(/\./g, "-") },
  { group: "litellm.home-operations.com/", kinds: ["LiteLLMProxy"], owns: (proxy, name) => name === proxy },
];

/**
 * A Flux HelmRelease of the app-template chart with a `service` block renders its Services
 * itself: the primary one named after the release, the others `<release>-<id>`.
 */
export function chartServiceOwner(object: KubeObject): boolean {
  if (!object.apiVersion.startsWith("helm.toolkit.fluxcd.io/") || object.kind !== "HelmRelease") return false;
  const spec = isRecord(object.spec) ? object.spec : {};
  const values = isRecord(spec.values) ? spec.values : {};
  return isRecord(values.service) && isRecord(values.controllers);
}

export class MeshIndex {
  readonly serviceEntries = new Map<string, ServiceEntryInfo[]>();
  readonly virtualServices = new Map<string, VirtualServiceInfo[]>();
  readonly relays: RelayWorkload[] = [];
  /** Ingresses and Gateway API routes by the hosts they accept traffic for. */
  readonly forwarders = new Map<string, KubeObject[]>();

  constructor(
    readonly index: ScanIndex,
    private readonly images: ForwarderView,
  ) {
    for (const entry of index.objectsOfKind("ServiceEntry")) this.addServiceEntry(entry);
    for (const entry of index.objectsOfKind("VirtualService")) this.addVirtualService(entry);
    for (const kind of FORWARDING_KINDS) {
      for (const { object } of index.objectsOfKind(kind)) {
        if (!isForwardingObject(object)) continue;
        for (const host of forwardingHosts(object)) this.forwarders.set(host, [...(this.forwarders.get(host) ?? []), object]);
      }
    }
    for (const kind of RELAY_WORKLOAD_TEMPLATES.keys()) {
      for (const entry of index.objectsOfKind(kind)) this.addRelay(entry.object);
    }
  }

  private addServiceEntry({ doc, object }: KubeEntry): void {
    if (!object.apiVersion.startsWith("networking.istio.io/")) return;
    const spec = isRecord(object.spec) ? object.spec : {};
    const namespace = objectNamespace(object);
    const addresses: ServiceEntryInfo["addresses"] = [];
    if (Array.isArray(spec.endpoints)) {
      spec.endpoints.forEach((endpoint, i) => {
        if (isRecord(endpoint) && typeof endpoint.address === "string" && endpoint.address.trim() !== "") {
          addresses.push({ address: endpoint.address.trim().toLowerCase(), pointer: `/spec/endpoints/${i}/address` });
        }
      });
    }
    const info: ServiceEntryInfo = {
      namespace,
      name: objectName(object),
      doc,
      hosts: lower(strings(spec.hosts)),
      addresses,
      location: spec.location === "MESH_INTERNAL" ? "MESH_INTERNAL" : "MESH_EXTERNAL",
      exportTo: strings(spec.exportTo),
    };
    for (const host of info.hosts) {
      for (const key of qualify(host, namespace)) {
        const list = this.serviceEntries.get(key) ?? [];
        list.push(info);
        this.serviceEntries.set(key, list);
      }
    }
  }

  private addVirtualService({ doc, object }: KubeEntry): void {
    if (!object.apiVersion.startsWith("networking.istio.io/")) return;
    const spec = isRecord(object.spec) ? object.spec : {};
    const namespace = objectNamespace(object);
    const gateways = strings(spec.gateways);
    const destinations: VirtualServiceInfo["destinations"] = [];
    for (const protocol of ["http", "tls", "tcp"] as const) {
      const rules = spec[protocol];
      if (!Array.isArray(rules)) continue;
      rules.forEach((rule, i) => {
        if (!isRecord(rule)) return;
        // a rule that only applies through a named gateway does not route sidecar traffic
        const ruleGateways = Array.isArray(rule.match) ? rule.match.flatMap((m) => (isRecord(m) ? strings(m.gateways) : [])) : [];
        if (ruleGateways.length > 0 && !ruleGateways.includes("mesh")) return;
        if (!Array.isArray(rule.route)) return;
        rule.route.forEach((target, j) => {
          if (!isRecord(target) || !isRecord(target.destination)) return;
          const host = target.destination.host;
          if (typeof host !== "string" || host.trim() === "") return;
          const port = isRecord(target.destination.port) && typeof target.destination.port.number === "number" ? target.destination.port.number : null;
          destinations.push({ host: host.trim().toLowerCase(), port, pointer: `/spec/${protocol}/${i}/route/${j}/destination/host` });
        });
      });
    }
    const info: VirtualServiceInfo = {
      namespace,
      name: objectName(object),
      doc,
      hosts: lower(strings(spec.hosts)),
      mesh: gateways.length === 0 || gateways.includes("mesh"),
      destinations,
      exportTo: strings(spec.exportTo),
    };
    for (const host of info.hosts) {
      for (const key of qualify(host, namespace)) {
        const list = this.virtualServices.get(key) ?? [];
        list.push(info);
        this.virtualServices.set(key, list);
      }
    }
  }

  private addRelay(object: KubeObject): void {
    const relay = relayImageOf(object, this.images);
    if (relay === null) return;
    this.relays.push({
      ...relay,
      kind: object.kind,
      namespace: objectNamespace(object),
      name: objectName(object),
      podLabels: stringRecord(relayPodTemplate(object)?.metadata.labels),
    });
  }

  /** The Service of the scan with this name, if any. */
  service(namespace: string, name: string): KubeObject | null {
    const found = this.index.service(namespace, name);
    return found && isKubeObject(found.object) ? found.object : null;
  }

  /**
   * Whether the scan holds a Gateway API Inference Extension InferencePool of this name: the pool
   * selects the model server pods, and its in-cluster name is what a gateway sends to.
   */
  inferencePool(namespace: string, name: string): boolean {
    return this.index
      .objectsOfKind("InferencePool")
      .some(({ object }) => object.apiVersion.startsWith("inference.networking.") && objectNamespace(object) === namespace && objectName(object) === name);
  }

  /** Whether the scan holds the custom resource whose operator creates this Service (SERVICE_OWNERS). */
  operatorServiceFor(namespace: string, name: string): boolean {
    const release = this.index
      .objectsOfKind("HelmRelease")
      .some(
        ({ object }) =>
          chartServiceOwner(object) && objectNamespace(object) === namespace && (name === objectName(object) || name.startsWith(`${objectName(object)}-`)),
      );
    return (
      release ||
      SERVICE_OWNERS.some((owner) =>
        owner.kinds.some((kind) =>
          this.index
            .objectsOfKind(kind)
            .some(({ object }) => object.apiVersion.startsWith(owner.group) && objectNamespace(object) === namespace && owner.owns(objectName(object), name)),
        ),
      )
    );
  }

  /** The configuration files a proxy mounts from ConfigMaps of the scan, and the ConfigMaps that are not in it. */
  proxyConfig(relay: Pick<RelayWorkload, "product" | "namespace" | "configMaps" | "commandLine">): {
    files: string[];
    missing: string[];
    /** Where the configuration files are written (the ConfigMap keys). */
    sources: SourceLocation[];
  } {
    // a forwarder configured on its command line needs no file: the command line is its configuration
    const files: string[] = relay.product === "socat" || /\breverse-proxy\b/.test(relay.commandLine) ? [relay.commandLine] : [];
    const missing: string[] = [];
    const sources: SourceLocation[] = [];
    for (const name of relay.configMaps) {
      const source = this.index.keyValueSource("ConfigMap", relay.namespace, name);
      if (!source) {
        missing.push(`ConfigMap ${relay.namespace}/${name}`);
        continue;
      }
      files.push(...source.data.values());
      for (const key of source.data.keys()) sources.push(sourceAt(source.doc, source.pointers.get(key) ?? ""));
    }
    return { files, missing, sources };
  }

  /** The relay a Service sends its traffic to: one whose pods its selector matches. */
  relayBehind(namespace: string, name: string): RelayWorkload | null {
    const service = this.service(namespace, name);
    if (service !== null) {
      const spec = isRecord(service.spec) ? service.spec : {};
      const selector = stringRecord(spec.selector);
      const keys = Object.keys(selector);
      if (keys.length === 0) return null;
      return (
        this.relays.find(
          (relay) => relay.namespace === namespace && keys.every((key) => relay.podLabels[key] === selector[key]) && reachesProxy(spec, relay.sharedPorts),
        ) ?? null
      );
    }
    // Service not in the scan: a relay workload of that name is what such a Service usually fronts
    return this.relays.find((relay) => relay.namespace === namespace && relay.name === name && relay.sharedPorts === null) ?? null;
  }
}

/**
 * Whether a Service's traffic reaches a proxy that shares its pod: one of the Service's ports
 * targets a port the proxy declares (`targetPort` by number or name, else `port`).
 */
function reachesProxy(spec: Record<string, unknown>, sharedPorts: Array<number | string> | null): boolean {
  if (sharedPorts === null) return true;
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [];
  return ports.some((port) => {
    const target = port.targetPort ?? port.port;
    return (typeof target === "number" || typeof target === "string") && sharedPorts.includes(target);
  });
}

const caches = new WeakMap<ScanIndex, MeshIndex>();

export function meshIndex(index: ScanIndex, catalog: CatalogView): MeshIndex {
  let mesh = caches.get(index);
  if (!mesh) {
    mesh = new MeshIndex(index, catalog.forwarders);
    caches.set(index, mesh);
  }
  return mesh;
}

/** Whether an Istio object exported with `exportTo` is visible from a namespace (null: unknown, assume yes). */
export function visibleFrom(exportTo: string[], ownNamespace: string, from: string | null): boolean {
  if (from === null || exportTo.length === 0) return true;
  return exportTo.some((entry) => entry === "*" || entry === from || (entry === "." && ownNamespace === from));
}
