import path from "node:path";
import type { ParsedDocument } from "../../parse/document";
import { isKubeObject, isRecord, objectName, objectNamespace, stringRecord, type KubeObject } from "./objects";
import type { CatalogView } from "./catalog";
import type { Adapter } from "./types";
import { hasSopsMetadata, isSopsEncrypted, producedBy } from "./produced-sources";

/** A ConfigMap or Secret's key-value data, Secret values already base64-decoded. */
export interface KeyValueSource {
  kind: "ConfigMap" | "Secret";
  namespace: string;
  name: string;
  doc: ParsedDocument;
  /** key → decoded value. */
  data: Map<string, string>;
  /** key → JSON pointer of the value in the source document. */
  pointers: Map<string, string>;
  /** Keys whose value could not be decoded (invalid base64, binary). */
  undecodable: Set<string>;
  /** Keys whose value is only known once deployed (fetched, rendered or decrypted by a controller, SOPS-encrypted): key → why. */
  unresolved?: Map<string, string>;
  /** Set when the object may hold keys the scan cannot list (External Secrets `dataFrom`, a Kustomize env file): why. */
  openKeys?: string;
  /** What writes the object when the scan holds its producer, not the object ("ExternalSecret prod/llm-keys"). */
  producedBy?: string;
  /**
   * Keys rendered from a template another object holds (External Secrets `templateFrom`): key →
   * the ConfigMap or Secret and its key, in this object's namespace. The template's text is the
   * key's content, its `{{ }}` parts filled in when the controller runs.
   */
  renderedFrom?: Map<string, { kind: "ConfigMap" | "Secret"; name: string; key: string }>;
}

/** A `joins` predicate for Kubernetes-style objects of these kinds, whatever their API group. */
export function joinsKinds(...kinds: string[]): (value: unknown) => boolean {
  const set = new Set(kinds);
  return (value) => isKubeObject(value) && set.has(value.kind);
}

/**
 * True for a document some adapter of the registry joins with while adapting others (each adapter
 * declares its own in `joins`). A scan split into shards gives every shard these documents
 * (src/scan/index-entries.ts), so no join is lost to sharding.
 */
export function isJoinable(value: unknown, catalog: CatalogView, adapters: readonly Adapter[]): boolean {
  return adapters.some((adapter) => adapter.joins?.(value, catalog) === true);
}

/** A Kubernetes-style object and the document it was read from. */
export interface KubeEntry {
  doc: ParsedDocument;
  object: KubeObject;
}

export interface NamespaceInfo {
  name: string;
  doc: ParsedDocument;
  /** The Namespace object itself, as read from `doc`. */
  object: KubeObject;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function decodeBase64(value: string): string | null {
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return null;
  const bytes = Buffer.from(compact, "base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function keyValueSource(doc: ParsedDocument, object: KubeObject): KeyValueSource {
  const kind = object.kind as "ConfigMap" | "Secret";
  const source: KeyValueSource = {
    kind,
    namespace: objectNamespace(object),
    name: objectName(object),
    doc,
    data: new Map(),
    pointers: new Map(),
    undecodable: new Set(),
  };
  const plain = kind === "Secret" ? object.stringData : object.data;
  for (const [key, value] of Object.entries(stringRecord(plain))) {
    source.data.set(key, value);
    source.pointers.set(key, `/${kind === "Secret" ? "stringData" : "data"}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  }
  if (kind === "Secret" && isRecord(object.data)) {
    for (const [key, value] of Object.entries(stringRecord(object.data))) {
      if (source.data.has(key)) continue; // stringData wins, as the API server merges it over data
      if (isSopsEncrypted(value)) {
        source.data.set(key, value); // moved to `unresolved` below
        source.pointers.set(key, `/data/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
        continue;
      }
      const decoded = decodeBase64(value);
      if (decoded === null) source.undecodable.add(key);
      else source.data.set(key, decoded);
      source.pointers.set(key, `/data/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  }
  if (hasSopsMetadata(object)) {
    // encrypted in place by SOPS (Flux decrypts it on apply): the keys are written, the values are not readable
    for (const [key, value] of source.data) {
      if (!isSopsEncrypted(value)) continue; // left in the clear (unencrypted_regex, unencrypted_suffix)
      source.data.delete(key);
      source.unresolved ??= new Map();
      source.unresolved.set(key, `${kind} ${source.namespace}/${source.name} key ${key} is encrypted with SOPS; only who holds its key can read it`);
    }
  }
  return source;
}

/**
 * Everything an adapter may need to join across documents of one scan: ConfigMaps and Secrets
 * for env resolution, Namespaces for classification labels, Services for in-cluster names, and
 * WorkloadClassification documents by directory.
 */
export class ScanIndex {
  private readonly keyValues = new Map<string, KeyValueSource>();
  /** Secrets and ConfigMaps the scan holds as what produces them (./produced-sources): a written object of the same name wins. */
  private readonly produced = new Map<string, KeyValueSource>();
  /** Produced in whatever namespace asks (a ClusterExternalSecret choosing namespaces by label), by kind and name. */
  private readonly producedAnywhere = new Map<string, KeyValueSource>();
  /** Produced sources by the folder of their producer (a Kustomize generator: its kustomization's), for the workloads deployed with it. */
  private readonly generated: Array<{ directory: string; source: KeyValueSource }> = [];
  /** Every definition of a Namespace in scan order: a scan may define one twice, and both count. */
  private readonly namespaces = new Map<string, NamespaceInfo[]>();
  private readonly services = new Map<string, { doc: ParsedDocument; object: KubeObject }>();
  /** Namespaces the scan defines or places an object in (metadata.namespace as written). */
  private readonly knownNamespaces = new Set<string>();
  /** Every Kubernetes-style object of the scan by kind, for joins adapters build on demand. */
  private readonly byKind = new Map<string, KubeEntry[]>();
  readonly classificationDocuments: ParsedDocument[] = [];

  constructor(readonly documents: ParsedDocument[]) {
    for (const doc of documents) this.add(doc);
  }

  private add(doc: ParsedDocument): void {
    const value = doc.value;
    this.addProduced(doc);
    if (!isKubeObject(value)) return;
    const written = value.metadata?.namespace;
    if (typeof written === "string" && written !== "") this.knownNamespaces.add(written);
    const sameKind = this.byKind.get(value.kind);
    if (sameKind) sameKind.push({ doc, object: value });
    else this.byKind.set(value.kind, [{ doc, object: value }]);
    switch (value.kind) {
      case "ConfigMap":
      case "Secret": {
        const source = keyValueSource(doc, value);
        this.keyValues.set(`${source.kind}/${source.namespace}/${source.name}`, source);
        return;
      }
      case "Namespace": {
        const info: NamespaceInfo = {
          name: objectName(value),
          doc,
          object: value,
          labels: stringRecord(value.metadata?.labels),
          annotations: stringRecord(value.metadata?.annotations),
        };
        this.knownNamespaces.add(info.name);
        const defined = this.namespaces.get(info.name);
        if (defined) defined.push(info);
        else this.namespaces.set(info.name, [info]);
        return;
      }
      case "Service":
        this.services.set(`${objectNamespace(value)}/${objectName(value)}`, { doc, object: value });
        return;
      case "WorkloadClassification":
        if (value.apiVersion.startsWith("modelgate.dev/")) this.classificationDocuments.push(doc);
        return;
      default:
        return;
    }
  }

  private addProduced(doc: ParsedDocument): void {
    const produced = producedBy(doc);
    if (produced === null) return;
    for (const { source, namespaces, directory } of produced.sources) {
      if (namespaces === null) this.producedAnywhere.set(`${source.kind}/${source.name}`, source);
      for (const namespace of namespaces ?? []) {
        const key = `${source.kind}/${namespace}/${source.name}`;
        if (!this.produced.has(key)) this.produced.set(key, namespace === source.namespace ? source : { ...source, namespace });
      }
      if (directory !== undefined) this.generated.push({ directory, source });
    }
  }

  /**
   * The ConfigMap or Secret a workload of `fromFile` loads: written in the scan, else produced by
   * something the scan holds (an ExternalSecret, a SealedSecret, a Kustomize generator) in that
   * namespace, else by one in the workload's folder or a folder above it (the nearest wins), else
   * by a ClusterExternalSecret that chooses its namespaces by label.
   */
  keyValueSource(kind: "ConfigMap" | "Secret", namespace: string, name: string, fromFile?: string): KeyValueSource | undefined {
    const key = `${kind}/${namespace}/${name}`;
    const found = this.keyValues.get(key) ?? this.produced.get(key);
    if (found !== undefined) return found;
    if (fromFile !== undefined && this.generated.length > 0) {
      const dir = ScanIndex.directoryOf(fromFile);
      let best: { directory: string; source: KeyValueSource } | undefined;
      for (const entry of this.generated) {
        const covers = entry.directory === "." || dir === entry.directory || dir.startsWith(entry.directory + "/");
        if (covers && entry.source.kind === kind && entry.source.name === name && (best === undefined || entry.directory.length > best.directory.length))
          best = entry;
      }
      if (best !== undefined) return best.source;
    }
    return this.producedAnywhere.get(`${kind}/${name}`);
  }

  allKeyValueSources(): Iterable<KeyValueSource> {
    return this.keyValues.values();
  }

  /** The Namespace of that name as the API server would keep it: its last definition in the scan. */
  namespace(name: string): NamespaceInfo | undefined {
    return this.namespaces.get(name)?.at(-1);
  }

  /** Every definition of the Namespace in scan order; classification reads them all, the stricter wins. */
  namespaceDefinitions(name: string): readonly NamespaceInfo[] {
    return this.namespaces.get(name) ?? [];
  }

  /** True when the scan defines the namespace or holds an object placed in it. */
  knowsNamespace(name: string): boolean {
    return this.knownNamespaces.has(name);
  }

  service(namespace: string, name: string): { doc: ParsedDocument; object: KubeObject } | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  /**
   * Every object of a kind (ServiceEntry, Backend, Deployment, ...) in scan order, whatever its API
   * group. Adapters that join across documents (Envoy AI Gateway, egress objects) read these.
   */
  objectsOfKind(kind: string): readonly KubeEntry[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Directory of a scanned file, for classification documents that cover their directory. */
  static directoryOf(file: string): string {
    return path.posix.dirname(file.split(path.sep).join("/"));
  }
}
