/**
 * The canonical document of a Kubernetes-style object that is itself the workload (an Istio
 * ServiceEntry, a Cilium policy, an Envoy AIGatewayRoute): classification from its own labels and
 * annotations, then its Namespace's (cluster-scoped objects have only their own).
 */

import { CANONICAL_API_VERSION, emptyLimits, type Limits, type LlmUsageDocument, type Problem, type Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { objectName, type KubeObject } from "../core/objects";
import { sourceAt, type AdapterContext, type AdapterOutput } from "../core/types";

export interface ObjectWorkload {
  doc: ParsedDocument;
  object: KubeObject;
  /** Null for cluster-scoped objects. */
  namespace: string | null;
  routes: Route[];
  problems: Problem[];
  limits?: Limits;
}

/** Ids are unique within a document (baselines key on them). */
function uniqueIds(routes: Route[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    let id = route.id;
    for (let n = 2; seen.has(id); n++) id = `${route.id}~${n}`;
    route.id = id;
    seen.add(id);
  }
}

/** One document when the object has routes; otherwise its problems, named after the object. */
export function objectWorkloadOutput(found: ObjectWorkload, ctx: AdapterContext): AdapterOutput {
  const { doc, object, namespace } = found;
  const name = objectName(object);
  const resource = namespace === null ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
  if (found.routes.length === 0) {
    return { documents: [], problems: found.problems.map((problem) => ({ ...problem, message: `${resource}: ${problem.message}` })) };
  }
  const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }, ...namespaceLayers(namespace, ctx)];
  uniqueIds(found.routes);
  const classification = resolveClassification(layers, doc.file, resource, ctx);
  const document: LlmUsageDocument = {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload: { kind: object.kind, name, namespace, resource, source: sourceAt(doc, "") },
    classification: classification.classification,
    classificationSource: classification.classificationSource,
    classificationErrors: classification.classificationErrors,
    classificationConflicts: classification.classificationConflicts,
    routes: found.routes,
    servers: [],
    limits: found.limits ?? emptyLimits(),
    problems: found.problems,
  };
  return { documents: [document], problems: [] };
}
