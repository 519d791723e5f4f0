/**
 * Kubernetes workloads: the LLM endpoints their containers call and the models they serve. The
 * core kinds (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
 * Pod) are read at their pod template; an object of any other kind holding a pod spec or
 * containers (./shapes.ts) is a workload too.
 */

import type { ModelServer, Route } from "../../model/canonical";
import type { LabelLayer } from "../classification/resolve";
import type { Adapter, AdapterContext, AdapterOutput, Claimed } from "../core/types";
import { joinsClusterNames, seeThroughIndirection, type PodView } from "../egress";
import { decodePointer } from "../../parse/document";
import { joinsKinds } from "../core/scan-index";
import { analyzeContainers, analyzePodSpec, type ContainerAnalysis } from "../kubernetes/containers";
import { workloadOutput } from "../kubernetes/document";
import { ProblemSink } from "../kubernetes/location";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";
import { isWorkloadObject, podTemplateOf } from "../kubernetes/pod-spec";
import { findPodSpecs, type FoundPodSpec } from "./shapes";

const joinsEnvSources = joinsKinds("ConfigMap", "Secret");

/**
 * Routes and servers of a pod's containers; in-cluster names followed to the operator behind them
 * (ExternalName, ServiceEntry, relays), proxies added. Shared with readers of pods written in other
 * shapes (chart values, src/adapters/helm/app-template.ts).
 */
export function collectPodRoutes(
  containers: readonly ContainerAnalysis[],
  namespace: string,
  ctx: AdapterContext,
  spec: Record<string, unknown> | null,
): { routes: Route[]; servers: ModelServer[] } {
  const routes: Route[] = [];
  const servers: ModelServer[] = [];
  // the pod's hostAliases and sidecars are hops of every container's calls
  const pod: PodView | null = spec === null ? null : { spec, serving: new Set(containers.filter((c) => c.server !== null).map((c) => c.facts.name)) };
  for (const container of containers) {
    if (container.server) servers.push(container.server);
    routes.push(...seeThroughIndirection(container, namespace, ctx, pod));
  }
  return { routes, servers };
}

function adaptWorkload({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const problems = new ProblemSink();
  const namespace = objectNamespace(object);
  const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }];
  const template = podTemplateOf(doc, object, problems);
  let found = { routes: [] as Route[], servers: [] as ModelServer[] };
  if (template) {
    if (template.metadataPointer !== null) {
      layers.push({ origin: "pod-template", doc, metadataPointer: template.metadataPointer, metadata: template.metadata });
    }
    found = collectPodRoutes(analyzePodSpec(template.spec, template.specLoc, namespace, ctx, problems), namespace, ctx, template.spec);
  }
  return workloadOutput({ doc, object, layers, ...found, problems }, ctx);
}

export const kubernetesWorkloadAdapter: Adapter<KubeObject> = {
  name: "kubernetes-workload",
  claim: (doc) => (isWorkloadObject(doc.value) ? { doc, value: doc.value } : null),
  adapt: adaptWorkload,
  // env from ConfigMaps and Secrets; in-cluster names followed through Services, mesh objects and relays
  joins: (value, catalog) => joinsEnvSources(value) || joinsClusterNames(value, catalog),
};

/** How each of an object's pod specs is named in its resource id: by its entry's name when unique, else its pointer. */
function partNames(specs: readonly FoundPodSpec[]): string[] {
  if (specs.length === 1) return [""];
  const names = specs.map((spec) => spec.name);
  return specs.map((spec) => (spec.name !== null && names.indexOf(spec.name) === names.lastIndexOf(spec.name) ? `/${spec.name}` : `#${spec.pointer}`));
}

/** The object a JSON pointer names inside a document, when it is a map (the pod spec a shape was found at). */
function recordAt(root: unknown, pointer: string): Record<string, unknown> | null {
  let node = root;
  for (const segment of decodePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else node = isRecord(node) ? node[segment] : undefined;
  }
  return isRecord(node) ? node : null;
}

interface ShapedWorkload {
  object: KubeObject;
  specs: FoundPodSpec[];
}

/** One canonical document per pod spec found by shape, classified by its own layers. */
function adaptShaped({ doc, value: { object, specs } }: Claimed<ShapedWorkload>, ctx: AdapterContext): AdapterOutput {
  const parts = partNames(specs);
  const out: AdapterOutput = { documents: [], problems: [] };
  specs.forEach((spec, i) => {
    const problems = new ProblemSink();
    const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }];
    for (const embedded of spec.embedded) layers.push({ origin: "resource", doc, metadataPointer: embedded.pointer, metadata: embedded.metadata });
    if (spec.template) layers.push({ origin: "pod-template", doc, metadataPointer: spec.template.pointer, metadata: spec.template.metadata });
    const found = collectPodRoutes(analyzeContainers(spec.slots, spec.namespace, ctx, problems), spec.namespace, ctx, recordAt(object, spec.pointer));
    const output = workloadOutput({ doc, object, layers, ...found, problems, namespace: spec.namespace, part: parts[i] }, ctx);
    out.documents.push(...output.documents);
    out.problems.push(...output.problems);
  });
  return out;
}

/**
 * Any other object holding a pod spec or containers, whatever its kind (Argo, Knative, Tekton,
 * KEDA, Kubeflow, OpenShift, Crossplane...). Last among Kubernetes formats, so an adapter that
 * knows a kind (KServe, Envoy, Kong) reads it first.
 */
export const podShapeWorkloadAdapter: Adapter<ShapedWorkload> = {
  name: "kubernetes-pod-shape",
  claim: (doc) => {
    if (!isKubeObject(doc.value) || isWorkloadObject(doc.value)) return null;
    const specs = findPodSpecs(doc, doc.value);
    return specs.length === 0 ? null : { doc, value: { object: doc.value, specs } };
  },
  adapt: adaptShaped,
  joins: (value, catalog) => joinsEnvSources(value) || joinsClusterNames(value, catalog),
};
