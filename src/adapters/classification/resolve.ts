import path from "node:path";
import type { Classification, ClassificationOrigin, ClassificationSource, Problem, SourceLocation } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { describeSchemaErrors, validator } from "../../schemas";
import { isRecord } from "../core/objects";
import type { AdapterContext } from "../core/types";
import { sourceAt } from "../core/types";
import { compileGlob, type GlobPattern } from "../../parse/glob";
import { readLabels, type LabelEntry } from "./labels";
import { isEmptyClassification, mergeClassification } from "./merge";

/** Labels and annotations of one layer (object, pod template, Namespace), nearest layer first. */
export interface LabelLayer {
  origin: ClassificationOrigin;
  doc: ParsedDocument;
  /** Pointer of the metadata object holding `labels`/`annotations`, e.g. "/spec/template/metadata". */
  metadataPointer: string;
  metadata: unknown;
}

export interface ResolvedClassification {
  classification: Classification | null;
  classificationSource: ClassificationSource | null;
  classificationErrors: Problem[];
}

function layerEntries(layer: LabelLayer): LabelEntry[] {
  const entries: LabelEntry[] = [];
  if (!isRecord(layer.metadata)) return entries;
  // Annotations are read after labels so that, on one object, an annotation wins over a label.
  for (const field of ["labels", "annotations"] as const) {
    const values = layer.metadata[field];
    if (!isRecord(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
      const pointer = `${layer.metadataPointer}/${field}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      entries.push({ key, value: String(value), source: sourceAt(layer.doc, pointer) });
    }
  }
  return entries;
}

interface CoveringDocument {
  classification: Classification;
  source: SourceLocation;
  depth: number;
  specific: boolean;
}

interface ClassificationDocumentFacts {
  doc: ParsedDocument;
  dir: string;
  depth: number;
  classification: Classification;
  files: GlobPattern[] | null;
  resources: string[];
}

type SelectorSpec = Classification & { selector?: { files?: string[]; resources?: string[] } };

/** Valid classification documents of a scan, read once: every workload is matched against them. */
const documentFacts = new WeakMap<AdapterContext["index"], ClassificationDocumentFacts[]>();

function classificationDocuments(ctx: AdapterContext): ClassificationDocumentFacts[] {
  const cached = documentFacts.get(ctx.index);
  if (cached) return cached;
  const validate = validator("workload-classification");
  const facts: ClassificationDocumentFacts[] = [];
  for (const doc of ctx.index.classificationDocuments) {
    if (!validate(doc.value)) continue; // reported on its own by the classification-document adapter
    const { selector, ...classification } = (doc.value as { spec: SelectorSpec }).spec;
    const dir = path.posix.dirname(doc.file.split(path.sep).join("/"));
    facts.push({
      doc,
      dir,
      depth: dir === "." ? 0 : dir.split("/").length,
      classification,
      files: selector ? (selector.files ?? []).map(compileGlob) : null,
      resources: selector?.resources ?? [],
    });
  }
  documentFacts.set(ctx.index, facts);
  return facts;
}

/** The WorkloadClassification document that covers a workload: a selector naming it, else the nearest directory. */
function coveringDocument(file: string, resource: string, ctx: AdapterContext): CoveringDocument | null {
  let best: (ClassificationDocumentFacts & { specific: boolean }) | null = null;
  const target = file.split(path.sep).join("/");
  for (const facts of classificationDocuments(ctx)) {
    const relative = path.posix.relative(facts.dir, target);
    const inside = facts.dir === "." ? !target.startsWith("../") : relative !== "" && !relative.startsWith("../");
    let specific = false;
    if (facts.files !== null) {
      const byFile = inside && facts.files.some((glob) => glob.test(relative));
      if (!byFile && !facts.resources.includes(resource)) continue;
      specific = true;
    } else if (!inside) continue;
    if (!best || facts.depth > best.depth || (facts.depth === best.depth && specific && !best.specific)) best = { ...facts, specific };
  }
  return best && { classification: best.classification, source: sourceAt(best.doc, "/spec"), depth: best.depth, specific: best.specific };
}

/**
 * Merges classification from the nearest source outwards: resource labels, pod template, Namespace,
 * a covering WorkloadClassification document, then the project config. Each key is taken from
 * the nearest layer that sets it; the source recorded is the nearest layer that set anything.
 */
export function resolveClassification(layers: LabelLayer[], file: string, resource: string, ctx: AdapterContext): ResolvedClassification {
  let classification: Classification = {};
  let classificationSource: ClassificationSource | null = null;
  const classificationErrors: Problem[] = [];
  const apply = (layer: Classification, origin: ClassificationOrigin, source: SourceLocation): void => {
    if (isEmptyClassification(layer)) return;
    classification = mergeClassification(classification, layer);
    classificationSource ??= { origin, source };
  };
  for (const layer of layers) {
    const read = readLabels(layerEntries(layer));
    classificationErrors.push(...read.problems);
    apply(read.classification, layer.origin, sourceAt(layer.doc, layer.metadataPointer));
  }
  const covering = coveringDocument(file, resource, ctx);
  if (covering) apply(covering.classification, "document", covering.source);
  // the organisation's default classification is applied by policies/lib/classification.rego
  const configured = ctx.settings.configClassification;
  if (configured) apply(configured, "config", { file, line: 0, column: 0, pointer: "" });

  if (classificationSource === null && classificationErrors.length === 0) {
    return { classification: null, classificationSource: null, classificationErrors };
  }
  const validate = validator("workload-classification", "/$defs/classification");
  if (!validate(classification)) {
    const at: SourceLocation = (classificationSource as ClassificationSource | null)?.source ?? { file, line: 0, column: 0, pointer: "" };
    for (const error of describeSchemaErrors(validate.errors)) {
      classificationErrors.push({ message: `classification${error.pointer} ${error.message}`, source: at });
    }
  }
  return { classification: isEmptyClassification(classification) ? null : classification, classificationSource, classificationErrors };
}
