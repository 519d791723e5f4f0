/**
 * The canonical documents sightings are evaluated in. A sighting inside a workload an adapter read
 * (a stray `JAVA_TOOL_OPTIONS` of a Deployment) is judged with that workload's classification; one
 * in anything else (a ConfigMap no workload of the scan reads, a plain config file, an unknown kind)
 * with the classification of the object itself: its labels, its Namespace, a covering
 * WorkloadClassification, the project config, as for any workload.
 */

import { classifiedDocument, namespaceLayers, resolveClassification, type LabelLayer } from "../adapters/classification/resolve";
import { isRecord } from "../adapters/core/objects";
import { hasSopsMetadata } from "../adapters/core/produced-sources";
import type { AdapterContext } from "../adapters/core/types";
import type { LlmUsageDocument, Sighting, SourceLocation, Workload } from "../model/canonical";
import type { ParsedDocument } from "../parse/document";

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The thing a document describes, named as workloads are: `ConfigMap/prod/llm-env`, or the file for a document without kind and name. */
export function documentSubject(doc: ParsedDocument): Workload {
  const source: SourceLocation = { file: doc.file, line: 0, column: 0, pointer: "", document: doc.index };
  const value = isRecord(doc.value) ? doc.value : {};
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const kind = text(value.kind);
  const name = text(metadata.name);
  const namespace = text(metadata.namespace);
  if (kind === null || name === null) {
    const resource = doc.index === 0 ? `File/${doc.file}` : `File/${doc.file}#${doc.index + 1}`;
    // a file SOPS encrypted in place holds credentials, as a Secret does (its keys are in the clear)
    const fileKind = kind ?? (hasSopsMetadata(value) ? "SopsFile" : "File");
    return { kind: fileKind, name: name ?? doc.file, namespace, resource, source };
  }
  return { kind, name, namespace, resource: namespace === null ? `${kind}/${name}` : `${kind}/${namespace}/${name}`, source };
}

/** The document sightings are evaluated in: nothing but who holds them and the classification in force. */
function sightingDocument(
  workload: Workload,
  classification: Pick<LlmUsageDocument, "classification" | "classificationSource">,
  sightings: Sighting[],
): LlmUsageDocument {
  // label errors and conflicts are about the holder, and reported with it where it is a workload
  const resolved = {
    classification: classification.classification,
    classificationSource: classification.classificationSource,
    classificationErrors: [],
    classificationConflicts: [],
  };
  return { ...classifiedDocument(workload, resolved, {}), sightings };
}

/** A document for sightings in an object no adapter made a workload of. */
export function strayDocument(doc: ParsedDocument, ctx: AdapterContext, sightings: Sighting[]): LlmUsageDocument {
  const workload = documentSubject(doc);
  const value = isRecord(doc.value) ? doc.value : {};
  const layers: LabelLayer[] = isRecord(value.metadata) ? [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: value.metadata }] : [];
  layers.push(...namespaceLayers(workload.namespace, ctx));
  return sightingDocument(workload, resolveClassification(layers, doc.file, workload.resource, ctx), sightings);
}

/** A document for sightings inside a workload: its identity and classification, nothing else it already reported. */
export function workloadSightingDocument(owner: LlmUsageDocument, sightings: Sighting[]): LlmUsageDocument {
  return sightingDocument(owner.workload, owner, sightings);
}
