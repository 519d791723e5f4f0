/**
 * Cloud resources that run containers or functions (Lambda, ECS, Cloud Run, Container Apps,
 * SageMaker) are read by the Kubernetes container analysis: each is presented as a Pod with the
 * same containers, environment and classification labels, adapted, and every location mapped back
 * to the property it came from. One analysis of environments and commands serves every format.
 */

import { type ModelServer, type Problem, type Route, type SourceLocation } from "../../model/canonical";
import { positionlessDocument, type ParsedDocument } from "../../parse/document";
import { classifiedDocument, resolveClassification } from "../classification/resolve";
import { LABEL_PREFIX } from "../classification/labels";
import { mergeClassification } from "../classification/merge";
import { kubernetesWorkloadAdapter } from "../workloads";
import { newRoute } from "../core/route";
import { ScanIndex } from "../core/scan-index";
import type { AdapterContext, AdapterOutput, AdapterSettings } from "../core/types";
import { isUnknownText, UNKNOWN_REASON, UNKNOWN_TEXT } from "./unknowns";
import { resourceSource, typeKey, type PulumiAdapterOptions, type PulumiResource } from "./resource";

export interface EnvEntry {
  name: string;
  /** The literal value, or null when it is a reference read at run time. */
  value: string | null;
  /** What the reference names and why it cannot be known before deploy. */
  reference?: { raw: string; reason: string };
  /** Pointer of the entry in the resource's properties. */
  pointer: string;
}

export interface ContainerSpec {
  name: string;
  pointer: string;
  image: string | null;
  imagePointer: string | null;
  env: EnvEntry[];
  /** The entrypoint (Kubernetes `command`) and its arguments (`args`), each with the pointer of its list. */
  command?: { words: string[]; pointer: string };
  args?: { words: string[]; pointer: string };
}

/**
 * A container of a cloud resource (Container Apps, Cloud Run) read as a Kubernetes-style container:
 * `commandField` is where the resource keeps its entrypoint (`command` on Azure, `commands` on GCP).
 */
export function containerSpec(container: Record<string, unknown>, index: number, at: string, env: EnvEntry[], commandField: string): ContainerSpec {
  const command = words(container[commandField]);
  const args = words(container.args);
  return {
    name: typeof container.name === "string" ? container.name : `container-${index}`,
    pointer: at,
    image: typeof container.image === "string" ? container.image : null,
    imagePointer: `${at}/image`,
    env,
    ...(command ? { command: { words: command, pointer: `${at}/${commandField}` } } : {}),
    ...(args ? { args: { words: args, pointer: `${at}/args` } } : {}),
  };
}

export interface LabelSpec {
  key: string;
  value: string;
  pointer: string;
}

export interface WorkloadSpec {
  kind: string;
  resource: PulumiResource;
  containers: ContainerSpec[];
  labels: LabelSpec[];
  /** Pointer of the tags/labels map (the classification's location when it comes from there). */
  labelsPointer: string;
  /** Whole inputs that were unknown during preview and may hold an endpoint (an env map, container definitions). */
  unknownInputs?: string[];
  /** Routes and servers read directly from the resource (a model deployment), with real locations. */
  routes?: Route[];
  servers?: ModelServer[];
  /** Problems found while reading the resource itself (invalid JSON), with real locations. */
  problems?: Problem[];
}

/** `modelgate_data-class` (GCP labels and Azure tags allow neither `.` nor `/`) → `modelgate.dev/data-class`. */
export function canonicalLabelKey(key: string): string {
  return key.startsWith("modelgate_") ? LABEL_PREFIX + key.slice("modelgate_".length) : key;
}

/** Classification labels from a tags or labels map. */
export function labelsFrom(_resource: PulumiResource, pointer: string, map: unknown): LabelSpec[] {
  if (map === null || typeof map !== "object" || Array.isArray(map)) return [];
  const labels: LabelSpec[] = [];
  for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
    const canonical = canonicalLabelKey(key);
    if (!canonical.startsWith(LABEL_PREFIX)) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    let text = String(value);
    // label values cannot hold commas either: regimes may be separated by underscores there
    if (canonical !== key && canonical === `${LABEL_PREFIX}regimes`) text = text.replace(/_/g, ",");
    labels.push({ key: canonical, value: text, pointer: `${pointer}/${escapeSegment(key)}` });
  }
  return labels;
}

export function escapeSegment(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Env entries from a `{NAME: value}` map (Lambda, SageMaker). */
export function envFromMap(map: unknown, pointer: string): EnvEntry[] {
  if (map === null || typeof map !== "object" || Array.isArray(map)) return [];
  return Object.entries(map as Record<string, unknown>).map(([name, value]) => ({
    name,
    value: typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : null,
    pointer: `${pointer}/${escapeSegment(name)}`,
    ...(typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      ? {}
      : { reference: { raw: name, reason: "the value is not a string" } }),
  }));
}

/** String words of a command list; null when it is not a list of strings. */
export function words(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter((word): word is string => typeof word === "string");
}

/** The document index of the synthetic Pod. */
const SYNTHETIC_DOCUMENT = -1;

class PointerMap {
  private readonly exact = new Map<string, string>();
  private readonly prefixes: Array<[string, string]> = [];

  set(synthetic: string, real: string): void {
    this.exact.set(synthetic, real);
  }

  prefix(synthetic: string, real: string): void {
    this.prefixes.push([synthetic, real]);
  }

  map(pointer: string): string {
    const hit = this.exact.get(pointer);
    if (hit !== undefined) return hit;
    let best: [string, string] | null = null;
    for (const entry of this.prefixes) {
      if ((pointer === entry[0] || pointer.startsWith(`${entry[0]}/`)) && (!best || entry[0].length > best[0].length)) best = entry;
    }
    return best ? best[1] : "";
  }
}

function isSource(value: Record<string, unknown>): boolean {
  return typeof value.file === "string" && typeof value.pointer === "string" && typeof value.line === "number" && typeof value.column === "number";
}

/** Rewrites, in place, every location of `value` that points into the synthetic document. */
export function mapSources(value: unknown, doc: ParsedDocument, mapPointer: (pointer: string) => SourceLocation): void {
  if (Array.isArray(value)) {
    for (const item of value) mapSources(item, doc, mapPointer);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if (isSource(record)) {
    if (record.file === doc.file && record.document === doc.index) {
      const mapped = mapPointer(record.pointer as string);
      Object.assign(record, mapped);
      if (mapped.document === undefined) delete record.document;
    }
    return;
  }
  for (const child of Object.values(record)) mapSources(child, doc, mapPointer);
}

/** Stand-ins for run-time references: `${mgref<n>}` is unresolved to the endpoint normaliser, and named afterwards. */
export class References {
  private readonly table: Array<{ raw: string; reason: string }> = [];

  token(raw: string, reason: string): string {
    this.table.push({ raw, reason });
    return `\${mgref${this.table.length - 1}}`;
  }

  /** Gives unresolved endpoints their real description: the reference, or the preview unknown. Returns ids of routes unknown at preview. */
  describe(routes: Route[]): void {
    for (const route of routes) {
      const unresolved = route.unresolvedEndpoint;
      if (!unresolved) continue;
      const match = /\$\{mgref(\d+)\}/.exec(unresolved.raw);
      if (match) {
        const reference = this.table[Number(match[1])];
        if (reference) route.unresolvedEndpoint = { raw: reference.raw, reason: reference.reason };
      } else if (isUnknownText(unresolved.raw)) {
        route.unresolvedEndpoint = { raw: unresolved.raw.split(UNKNOWN_TEXT).join("<unknown>"), reason: UNKNOWN_REASON };
      }
    }
  }
}

/** The stack's `modelgate:classification` is project config: nearer than a path mapping of modelgate.yaml. */
export function withStackClassification(settings: AdapterSettings, options: PulumiAdapterOptions): AdapterSettings {
  if (!options.stackClassification) return settings;
  return { ...settings, configClassification: mergeClassification(options.stackClassification, settings.configClassification ?? {}) };
}

/**
 * The canonical document of a container workload. Classification comes from the resource's tags
 * or labels (the label contract), then the stack's `modelgate:classification`, then the
 * organisation default.
 */
export function adaptWorkload(spec: WorkloadSpec, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const { resource } = spec;
  const references = new References();
  const pointers = new PointerMap();
  const labels: Record<string, string> = {};
  for (const label of spec.labels) {
    labels[label.key] = label.value;
    pointers.set(`/metadata/labels/${escapeSegment(label.key)}`, label.pointer);
  }
  pointers.set("/metadata", spec.labelsPointer);
  pointers.set("", "");
  const containers = spec.containers.map((container, index) => {
    const base = `/spec/containers/${index}`;
    pointers.prefix(base, container.pointer);
    if (container.imagePointer !== null) pointers.set(`${base}/image`, container.imagePointer);
    const env = container.env.map((entry, envIndex) => {
      pointers.prefix(`${base}/env/${envIndex}`, entry.pointer);
      const value = entry.value ?? references.token(entry.reference?.raw ?? entry.name, entry.reference?.reason ?? "a reference read at run time");
      return { name: entry.name, value };
    });
    const out: Record<string, unknown> = { name: container.name, env };
    if (container.image !== null) out.image = container.image;
    for (const field of ["command", "args"] as const) {
      const list = container[field];
      if (!list) continue;
      out[field] = list.words;
      list.words.forEach((_, wordIndex) => pointers.set(`${base}/${field}/${wordIndex}`, `${list.pointer}/${wordIndex}`));
      pointers.set(`${base}/${field}`, list.pointer);
    }
    return out;
  });
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: resource.name, labels }, spec: { containers } };
  // a document index no real input uses, so only the synthetic Pod's locations are mapped back
  const doc = positionlessDocument(resource.file, SYNTHETIC_DOCUMENT, pod);
  const ctx: AdapterContext = { index: new ScanIndex([]), settings: withStackClassification(settings, options), adapters: [kubernetesWorkloadAdapter] };
  const output = kubernetesWorkloadAdapter.adapt({ doc, value: pod }, ctx);
  const mapPointer = (pointer: string): SourceLocation => resourceSource(resource, pointers.map(pointer));
  const workloadResource = `${typeKey(resource.type)}/${resource.name}`;

  let document = output.documents[0];
  const unknownInputs = spec.unknownInputs ?? [];
  const extraRoutes = spec.routes ?? [];
  const extraServers = spec.servers ?? [];
  if (!document && (unknownInputs.length > 0 || extraRoutes.length > 0 || extraServers.length > 0)) {
    const classification = resolveClassification(
      [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: pod.metadata }],
      resource.file,
      workloadResource,
      ctx,
    );
    const workload = { kind: spec.kind, name: resource.name, namespace: null, resource: workloadResource, source: resourceSource(resource, "") };
    document = classifiedDocument(workload, classification, {});
  }
  if (document) {
    document.routes.push(...extraRoutes);
    document.servers.push(...extraServers);
    references.describe(document.routes);
    // every unknown input is reported; policies/lib counts it for workloads whose endpoints must be known
    for (const pointer of unknownInputs) {
      const route = newRoute({
        id: `unknown${pointer}`,
        via: `${pointer.slice(1).replace(/\//g, ".")} of ${workloadResource}`,
        source: resourceSource(resource, pointer),
        endpoint: { endpoint: null, unresolvedEndpoint: { raw: "unknown during preview", reason: UNKNOWN_REASON } },
      });
      route.unknownInput = true;
      document.routes.push(route);
    }
    document.workload = { kind: spec.kind, name: resource.name, namespace: null, resource: workloadResource, source: resourceSource(resource, "") };
  }
  const result: AdapterOutput = {
    documents: document ? [document] : [],
    problems: [
      ...(spec.problems ?? []),
      ...output.problems.map((problem) => ({ ...problem, message: problem.message.replace(`Pod/default/${resource.name}`, workloadResource) })),
    ],
  };
  mapSources(result, doc, mapPointer);
  return result;
}
