/**
 * The workloads that read a ConfigMap: a LiteLLM config in a ConfigMap is the proxy of the
 * Deployment (or other workload) that mounts it, so it carries that workload's classification.
 */

import type { LabelLayer } from "../classification/resolve";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";
import type { AdapterContext } from "../core/types";
import { positionlessDocument } from "../../parse/document";
import { ProblemSink } from "../kubernetes/location";
import { isWorkloadObject, podTemplateOf, WORKLOAD_KINDS } from "../kubernetes/pod-spec";
import { findPodSpecs } from "../workloads/shapes";

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The ConfigMap names a pod spec reads: volumes (plain or projected), `envFrom` and env `configMapKeyRef`. */
function configMapsRead(spec: Record<string, unknown>): Set<unknown> {
  const names = new Set<unknown>();
  for (const volume of records(spec.volumes)) {
    if (isRecord(volume.configMap)) names.add(volume.configMap.name);
    if (isRecord(volume.projected)) for (const source of records(volume.projected.sources)) if (isRecord(source.configMap)) names.add(source.configMap.name);
  }
  for (const container of [...records(spec.containers), ...records(spec.initContainers), ...records(spec.ephemeralContainers)]) {
    for (const from of records(container.envFrom)) if (isRecord(from.configMapRef)) names.add(from.configMapRef.name);
    for (const env of records(container.env))
      if (isRecord(env.valueFrom) && isRecord(env.valueFrom.configMapKeyRef)) names.add(env.valueFrom.configMapKeyRef.name);
  }
  names.delete(undefined);
  return names;
}

function podSpecOf(value: unknown): Record<string, unknown> | null {
  if (!isWorkloadObject(value)) return null;
  // the workload's own adapter reports a malformed template; here it only reads no ConfigMap
  return podTemplateOf(positionlessDocument("", 0, value), value, new ProblemSink())?.spec ?? null;
}

/**
 * The ConfigMap names an object of another kind holding pod specs (a Tekton Task, an Argo
 * Workflow, a Knative Service) refers to anywhere outside its metadata: its volumes may sit apart
 * from its containers (an Argo Workflow's `spec.volumes`), and a name read too many only makes
 * the mounted config's classification stricter.
 */
function configMapsNamed(object: KubeObject): Set<unknown> {
  const names = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === "configMap" || key === "configMapRef" || key === "configMapKeyRef") && isRecord(child)) names.add(child.name);
      visit(child);
    }
  };
  for (const [key, child] of Object.entries(object)) if (key !== "metadata") visit(child);
  names.delete(undefined);
  return names;
}

/** An object of a kind the workload kinds do not name (it may still run containers, by its shape). */
function isOtherKind(value: unknown): value is KubeObject {
  return isKubeObject(value) && !isWorkloadObject(value);
}

/** An object of another kind that runs containers (src/adapters/workloads/shapes.ts). */
function isShapedWorkload(value: unknown): value is KubeObject {
  return isOtherKind(value) && findPodSpecs(positionlessDocument("", 0, value), value).length > 0;
}

/** The `joins` of a LiteLLM ConfigMap: a workload that reads some ConfigMap may be the one that mounts it. */
export function readsSomeConfigMap(value: unknown): boolean {
  const spec = podSpecOf(value);
  if (spec !== null) return configMapsRead(spec).size > 0;
  return isShapedWorkload(value) && configMapsNamed(value).size > 0;
}

/**
 * The label layers (object, pod template) of every workload of the scan in `namespace` that reads
 * the ConfigMap `name`, as layers of the resource level: several mounting workloads, or a mounting
 * workload and the ConfigMap's own labels, that disagree resolve to the stricter value.
 */
export function mountingWorkloadLayers(namespace: string, name: string, ctx: AdapterContext): LabelLayer[] {
  const layers: LabelLayer[] = [];
  for (const kind of WORKLOAD_KINDS) {
    for (const { doc, object } of ctx.index.objectsOfKind(kind)) {
      if (!isWorkloadObject(object) || objectNamespace(object) !== namespace) continue;
      const template = podTemplateOf(doc, object, new ProblemSink());
      if (!template || !configMapsRead(template.spec).has(name)) continue;
      layers.push({ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata });
      if (template.metadataPointer !== null)
        layers.push({ origin: "pod-template", doc, metadataPointer: template.metadataPointer, metadata: template.metadata });
    }
  }
  // a Flux HelmRelease of a chart that renders its pod from values (app-template `persistence`)
  for (const { doc, object } of ctx.index.objectsOfKind("HelmRelease")) {
    if (objectNamespace(object) !== namespace || !chartMountedConfigMaps(object).has(name)) continue;
    layers.push({ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata });
  }
  // workloads by shape, whatever their kind: a Tekton Task or an Argo Workflow mounting the config is its proxy too
  for (const doc of ctx.index.documents) {
    const object = doc.value;
    if (!isOtherKind(object) || !configMapsNamed(object).has(name)) continue;
    // a pod spec runs in its own namespace: a Crossplane Object's manifest names one, the Object none
    const specs = findPodSpecs(doc, object).filter((spec) => spec.namespace === namespace);
    if (specs.length === 0) continue;
    layers.push({ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata });
    for (const spec of specs) {
      for (const embedded of spec.embedded) layers.push({ origin: "resource", doc, metadataPointer: embedded.pointer, metadata: embedded.metadata });
      if (spec.template) layers.push({ origin: "pod-template", doc, metadataPointer: spec.template.pointer, metadata: spec.template.metadata });
    }
  }
  return layers;
}

/**
 * The ConfigMaps a Flux HelmRelease's values mount through app-template `persistence.<id>` (`type:
 * configMap`, `name`), which the chart renders into the pod: the release is the workload that
 * reads them.
 */
export function chartMountedConfigMaps(object: KubeObject): Set<string> {
  const names = new Set<string>();
  if (!object.apiVersion.startsWith("helm.toolkit.fluxcd.io/")) return names;
  const spec = isRecord(object.spec) ? object.spec : {};
  const values = isRecord(spec.values) ? spec.values : {};
  const persistence = isRecord(values.persistence) ? values.persistence : {};
  for (const entry of Object.values(persistence)) {
    if (isRecord(entry) && entry.type === "configMap" && typeof entry.name === "string") names.add(entry.name);
  }
  return names;
}
