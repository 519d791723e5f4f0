/** Assembles the canonical document of a Kubernetes workload, classification included. */

import type { ModelServer, Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { classifiedDocument, namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import type { AdapterContext, AdapterOutput } from "../core/types";
import { toSource, type ProblemSink } from "./location";
import { objectName, objectNamespace, type KubeObject } from "../core/objects";

export interface WorkloadFindings {
  doc: ParsedDocument;
  object: KubeObject;
  /** Label layers nearer than the Namespace: the object, then its pod template. */
  layers: LabelLayer[];
  routes: Route[];
  servers: ModelServer[];
  problems: ProblemSink;
  /** The namespace the pod runs in, when not the object's (a manifest a Crossplane Object wraps names its own). */
  namespace?: string;
  /** Which of an object's several pod specs this is (an Argo template's name, a pointer): appended to the resource id. */
  part?: string;
}

/** Ids are unique within a document (baselines key on them), even when container names repeat. */
export function uniqueIds(items: Array<{ id: string }>): void {
  if (items.length < 2) return;
  const seen = new Set<string>();
  for (const item of items) {
    let id = item.id;
    for (let n = 2; seen.has(id); n++) id = `${item.id}~${n}`;
    item.id = id;
    seen.add(id);
  }
}

/**
 * One document for a workload with at least one route or server. A workload without either yields
 * no document, but its problems are still reported (as adapter problems), never dropped.
 */
export function workloadOutput(found: WorkloadFindings, ctx: AdapterContext): AdapterOutput {
  const { doc, object } = found;
  const namespace = found.namespace ?? objectNamespace(object);
  const name = objectName(object);
  const resource = `${object.kind}/${namespace}/${name}${found.part ?? ""}`;
  if (found.routes.length === 0 && found.servers.length === 0) {
    // no document to carry them: the problems name the workload themselves
    return { documents: [], problems: found.problems.problems.map((problem) => ({ ...problem, message: `${resource}: ${problem.message}` })) };
  }
  if (name === "") found.problems.add({ doc, pointer: "/metadata" }, `${object.kind} has no metadata.name`);
  const layers = [...found.layers, ...namespaceLayers(namespace, ctx)];
  uniqueIds(found.routes);
  uniqueIds(found.servers);
  const classification = resolveClassification(layers, doc.file, resource, ctx);
  const workload = { kind: object.kind, name, namespace, resource, source: toSource({ doc, pointer: "" }) };
  return {
    documents: [classifiedDocument(workload, classification, { routes: found.routes, servers: found.servers, problems: found.problems.problems })],
    problems: [],
  };
}
