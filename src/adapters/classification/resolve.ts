import path from "node:path";
import {
  CANONICAL_API_VERSION,
  emptyLimits,
  type Classification,
  type ClassificationConflict,
  type ClassificationOrigin,
  type ClassificationSource,
  type LlmUsageDocument,
  type ModelServer,
  type Problem,
  type Route,
  type SourceLocation,
  type Workload,
} from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { describeSchemaErrors, validator } from "../../schemas";
import { isRecord } from "../core/objects";
import type { AdapterContext } from "../core/types";
import { sourceAt } from "../core/types";
import { compileGlob, type GlobPattern } from "../../parse/glob";
import { LABEL_CLASSIFICATION_KEYS, LABEL_PREFIX, readLabels, type LabelEntry } from "./labels";
import { classificationConflicts, isEmptyClassification, mergeClassification, strictestClassification, type ClassificationPart } from "./merge";

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
  /** Keys that sources of one level set differently; the stricter value is the one applied. */
  classificationConflicts: ClassificationConflict[];
}

function fieldEntries(layer: LabelLayer, field: "labels" | "annotations"): LabelEntry[] {
  const entries: LabelEntry[] = [];
  const values = isRecord(layer.metadata) ? layer.metadata[field] : undefined;
  if (!isRecord(values)) return entries;
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    const pointer = `${layer.metadataPointer}/${field}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    entries.push({ key, value: String(value), source: sourceAt(layer.doc, pointer) });
  }
  return entries;
}

/**
 * Sources that stand at the same level: an object and its pod template are one workload (the
 * issue names them), Namespace definitions are one Namespace. Within a level the stricter value
 * applies; between levels the nearer one does.
 */
function levelOf(origin: ClassificationOrigin): string {
  return origin === "pod-template" ? "resource" : origin;
}

/** The parts of a layer: its labels and its annotations, each read on its own so a disagreement shows. */
/** One layer per definition of the Namespace in the scan (a duplicate definition is a conflict, not an override). */
export function namespaceLayers(namespace: string | null, ctx: AdapterContext): LabelLayer[] {
  if (namespace === null) return [];
  return ctx.index
    .namespaceDefinitions(namespace)
    .map((info) => ({ origin: "namespace", doc: info.doc, metadataPointer: "/metadata", metadata: info.object.metadata }));
}

/** A part of a layer, with the layer's own location (what `classificationSource` names). */
interface LayerPart extends ClassificationPart {
  layer: SourceLocation;
}

function layerParts(layer: LabelLayer, problems: Problem[]): LayerPart[] {
  const parts: LayerPart[] = [];
  for (const field of ["labels", "annotations"] as const) {
    const entries = fieldEntries(layer, field);
    const read = readLabels(entries);
    problems.push(...read.problems);
    if (isEmptyClassification(read.classification)) continue;
    const keySources = new Map<string, SourceLocation>();
    for (const entry of entries) {
      const key = LABEL_CLASSIFICATION_KEYS[entry.key.slice(LABEL_PREFIX.length)];
      if (entry.key.startsWith(LABEL_PREFIX) && key !== undefined && read.keys.has(entry.key.slice(LABEL_PREFIX.length))) keySources.set(key, entry.source);
    }
    const layerSource = sourceAt(layer.doc, layer.metadataPointer);
    parts.push({
      classification: read.classification,
      origin: layer.origin,
      source: [...keySources.values()][0] ?? layerSource,
      keySources,
      layer: layerSource,
    });
  }
  return parts;
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

const CLASSIFICATION_FIELDS = ["dataClass", "regulated", "regimes", "owner"] as const;
const BUDGET_FIELDS = ["usdMonthly", "tokensMonthly", "maxTokensPerRequest"] as const;

/**
 * The parts of a WorkloadClassification's spec that are valid on their own, field by field
 * (budget caps one by one): an invalid field is reported by the classification-document adapter
 * and must not take the valid strict parts with it (a typo in the budget never switches
 * `regulated: true` off). An invalid selector covers the document's directory instead, the wider
 * reading. Null when the document has no spec to read.
 */
function validSpec(value: unknown): SelectorSpec | null {
  const validate = validator("workload-classification");
  const valid: boolean = validate(value);
  if (valid) return (value as { spec: SelectorSpec }).spec;
  const spec = isRecord(value) ? value.spec : undefined;
  if (!isRecord(spec)) return null;
  const fits = validator("workload-classification", "/$defs/classification");
  const out: SelectorSpec = {};
  for (const field of CLASSIFICATION_FIELDS) {
    if (spec[field] !== undefined && fits({ [field]: spec[field] })) Object.assign(out, { [field]: spec[field] });
  }
  if (isRecord(spec.budget)) {
    for (const field of BUDGET_FIELDS) {
      const cap = spec.budget[field];
      if (cap !== undefined && fits({ budget: { [field]: cap } })) out.budget = { ...out.budget, [field]: cap };
    }
  }
  if (spec.selector !== undefined && validator("workload-classification", "/$defs/selector")(spec.selector)) {
    out.selector = spec.selector as SelectorSpec["selector"];
  }
  return out;
}

function classificationDocuments(ctx: AdapterContext): ClassificationDocumentFacts[] {
  const cached = documentFacts.get(ctx.index);
  if (cached) return cached;
  const facts: ClassificationDocumentFacts[] = [];
  for (const doc of ctx.index.classificationDocuments) {
    const spec = validSpec(doc.value);
    if (spec === null) continue; // reported on its own by the classification-document adapter
    const { selector, ...classification } = spec;
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

/** Where a document sets each key, for conflicts between documents that cover one workload. */
function documentKeySources(doc: ParsedDocument, classification: Classification): Map<string, SourceLocation> {
  const sources = new Map<string, SourceLocation>();
  for (const key of Object.keys(classification)) {
    if (key !== "budget") sources.set(key, sourceAt(doc, `/spec/${key}`));
  }
  for (const key of Object.keys(classification.budget ?? {})) sources.set(`budget.${key}`, sourceAt(doc, `/spec/budget/${key}`));
  return sources;
}

/**
 * The WorkloadClassification documents that cover a workload: a selector naming it, else the
 * nearest directory. Documents that cover it equally (two in one directory, two selectors naming
 * it) are all returned: they stand at one level, so the stricter value of any of them applies.
 */
function coveringDocuments(file: string, resource: string, ctx: AdapterContext): ClassificationPart[] {
  let best: Array<ClassificationDocumentFacts & { specific: boolean }> = [];
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
    const first = best[0];
    if (!first || facts.depth > first.depth || (facts.depth === first.depth && specific && !first.specific)) best = [{ ...facts, specific }];
    else if (facts.depth === first.depth && specific === first.specific) best.push({ ...facts, specific });
  }
  return best.map((facts) => ({
    classification: facts.classification,
    origin: "document",
    source: sourceAt(facts.doc, "/spec"),
    keySources: documentKeySources(facts.doc, facts.classification),
  }));
}

/**
 * Merges classification from the nearest source outwards: resource labels and pod template,
 * Namespace, a covering WorkloadClassification document, then the project config. Each key is
 * taken from the nearest level that sets it, and within a level from its strictest source; the
 * source recorded is the nearest layer that set anything. Layers are given nearest first; layers
 * of one level (several Namespace definitions, the workloads mounting a ConfigMap) may repeat.
 */
export function resolveClassification(layers: LabelLayer[], file: string, resource: string, ctx: AdapterContext): ResolvedClassification {
  let classification: Classification = {};
  let classificationSource: ClassificationSource | null = null;
  const classificationErrors: Problem[] = [];
  const conflicts: ClassificationConflict[] = [];
  const apply = (layer: Classification, origin: ClassificationOrigin, source: SourceLocation): void => {
    if (isEmptyClassification(layer)) return;
    classification = mergeClassification(classification, layer);
    classificationSource ??= { origin, source };
  };
  const levels = new Map<string, LayerPart[]>();
  for (const layer of layers) {
    const parts = layerParts(layer, classificationErrors);
    const level = levels.get(levelOf(layer.origin));
    if (level) level.push(...parts);
    else levels.set(levelOf(layer.origin), parts);
  }
  for (const parts of levels.values()) {
    const [nearest] = parts;
    if (nearest === undefined) continue;
    conflicts.push(...classificationConflicts(parts));
    apply(strictestClassification(parts.map((part) => part.classification)), nearest.origin, nearest.layer);
  }
  const covering = coveringDocuments(file, resource, ctx);
  const [firstCovering] = covering;
  if (firstCovering !== undefined) {
    conflicts.push(...classificationConflicts(covering));
    apply(strictestClassification(covering.map((part) => part.classification)), "document", firstCovering.source);
  }
  // the organisation's default classification is applied by policies/lib/classification.rego
  const configured = ctx.settings.configClassification;
  if (configured) apply(configured, "config", { file, line: 0, column: 0, pointer: "" });

  if (classificationSource === null && classificationErrors.length === 0) {
    return { classification: null, classificationSource: null, classificationErrors, classificationConflicts: conflicts };
  }
  const validate = validator("workload-classification", "/$defs/classification");
  if (!validate(classification)) {
    const at: SourceLocation = (classificationSource as ClassificationSource | null)?.source ?? { file, line: 0, column: 0, pointer: "" };
    for (const error of describeSchemaErrors(validate.errors)) {
      classificationErrors.push({ message: `classification${error.pointer} ${error.message}`, source: at });
    }
  }
  return {
    classification: isEmptyClassification(classification) ? null : classification,
    classificationSource,
    classificationErrors,
    classificationConflicts: conflicts,
  };
}

/** The canonical document of one workload, classified as resolved, with the routes, servers and problems its adapter found. */
export function classifiedDocument(
  workload: Workload,
  resolved: ResolvedClassification,
  found: { routes?: Route[]; servers?: ModelServer[]; problems?: Problem[] },
): LlmUsageDocument {
  return {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload,
    classification: resolved.classification,
    classificationSource: resolved.classificationSource,
    classificationErrors: resolved.classificationErrors,
    classificationConflicts: resolved.classificationConflicts,
    routes: found.routes ?? [],
    servers: found.servers ?? [],
    limits: emptyLimits(),
    problems: found.problems ?? [],
  };
}
