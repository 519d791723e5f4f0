/**
 * A chart's values file as a workload: named by the chart kind and the file (with the pointer of
 * the values block when they sit under a key, as Open WebUI's `ollama:` subchart does), in no
 * namespace, classified by the project config alone, as every values-file adapter reads it.
 */

import path from "node:path";
import type { ModelServer, LlmUsageDocument, Problem, Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { classifiedDocument, resolveClassification } from "../classification/resolve";
import { sourceAt, type AdapterContext } from "../core/types";

export function valuesFileDocument(
  kind: string,
  doc: ParsedDocument,
  pointer: string,
  ctx: AdapterContext,
  found: { routes?: Route[]; servers?: ModelServer[]; problems?: Problem[] },
): LlmUsageDocument {
  const file = doc.file.split(path.sep).join("/");
  const resource = `${kind}/${file}${pointer !== "" ? `#${pointer.slice(1)}` : ""}`;
  const workload = { kind, name: path.posix.basename(file), namespace: null, resource, source: sourceAt(doc, pointer) };
  return classifiedDocument(workload, resolveClassification([], doc.file, resource, ctx), found);
}
