import type { ModelServer, Problem } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { classifiedDocument, namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { objectName, objectNamespace, type KubeObject } from "../core/objects";
import { sourceAt, type AdapterContext, type AdapterOutput } from "../core/types";

/**
 * The workload of a model-server custom resource (NIMService, NIMCache, an LLMKube InferenceService
 * or Model): classified by its own labels, then its Namespace's, like any Kubernetes object.
 */
export function serverResourceDocument(
  doc: ParsedDocument,
  object: KubeObject,
  servers: ModelServer[],
  problems: Problem[],
  ctx: AdapterContext,
): AdapterOutput {
  const namespace = objectNamespace(object);
  const resource = `${object.kind}/${namespace}/${objectName(object)}`;
  const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }, ...namespaceLayers(namespace, ctx)];
  const classification = resolveClassification(layers, doc.file, resource, ctx);
  return {
    documents: [
      classifiedDocument({ kind: object.kind, name: objectName(object), namespace, resource, source: sourceAt(doc, "") }, classification, {
        servers,
        problems,
      }),
    ],
    problems: [],
  };
}
