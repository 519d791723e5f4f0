/**
 * Chart values written into a GitOps release instead of a values file:
 *   - Flux `HelmRelease` (helm.toolkit.fluxcd.io v2, v2beta1, v2beta2): `spec.values`;
 *   - Argo CD `Application` (argoproj.io): `helm.valuesObject` (a map) and `helm.values` (a YAML
 *     string) of `spec.source` and of every `spec.sources[]` entry.
 * Each block is read by the adapter that reads a values file of its shape (HELM_VALUE_ADAPTERS),
 * and what it reports is located in the release file, at the value's own line: inside a YAML
 * string written as a block scalar (`values: |`) line for line, in a quoted string at the string.
 * The workload is the release (`HelmRelease/<namespace>/<name>`, `Application/<namespace>/<name>`)
 * in the namespace the chart is installed to, so Namespace labels classify it.
 * A release whose values no adapter reads is not claimed: most releases install charts that send
 * no prompts, and the residual sweep still reads every string of them. `valuesFrom` (Flux) and
 * `valueFiles` (Argo) name values kept elsewhere, read when those files are scanned themselves.
 */

import type { LlmUsageDocument, Problem } from "../../model/canonical";
import { litellmConfigAdapter } from "../litellm";
import { classifiedDocument, namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { isKubeObject, isRecord, type KubeObject } from "../core/objects";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import type { CatalogView } from "../core/catalog";
import type { ParsedDocument } from "../../parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../parse/limits";
import { parseText } from "../../parse/parse-text";
import { chartContainerValuesAdapter } from "./app-template";
import { adaptEmbedded, claimEmbedded, mapLocations, rebase, textEmbedding, type EmbeddedClaim, type ReleaseContext } from "./embedded";
import { litellmChartValuesAdapter } from "./litellm-chart";
import { ollamaChartValuesAdapter } from "./ollama-chart";
import { openWebUIChartValuesAdapter } from "./open-webui-chart";
import { vllmStackValuesAdapter } from "./vllm-stack";

/** Adapters of values files, most specific first, as the registry orders them. */
export const HELM_VALUE_ADAPTERS: readonly Adapter[] = [
  vllmStackValuesAdapter,
  openWebUIChartValuesAdapter,
  ollamaChartValuesAdapter,
  litellmChartValuesAdapter,
  litellmConfigAdapter,
  // containers written as values (app-template controllers, a main container): after every chart Modelgate knows by name
  chartContainerValuesAdapter,
];

const FLUX_GROUP = "helm.toolkit.fluxcd.io/";
const ARGO_GROUP = "argoproj.io/";

interface Release {
  kind: "HelmRelease" | "Application";
  name: string;
  /** The namespace the chart installs into. */
  namespace: string | null;
  claims: EmbeddedClaim[];
  /** Values strings that are not YAML maps: reported, since what they configure cannot be read. */
  unreadable: Problem[];
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

interface ValueBlock {
  pointer: string;
  value: unknown;
  text: boolean;
  /** The chart the values configure, as the release names it, and where it comes from. */
  chart: string | null;
  repository: string | null;
}

/** Flux names the chart in `chart.spec` (with its HelmRepository) or through `chartRef` (an OCIRepository, often named after the chart). */
function fluxChart(spec: Record<string, unknown>): { chart: string | null; repository: string | null } {
  const chartSpec = isRecord(spec.chart) && isRecord(spec.chart.spec) ? spec.chart.spec : null;
  if (chartSpec !== null) {
    const sourceRef = isRecord(chartSpec.sourceRef) ? chartSpec.sourceRef : {};
    return { chart: text(chartSpec.chart), repository: text(sourceRef.name) };
  }
  const chartRef = isRecord(spec.chartRef) ? spec.chartRef : {};
  return { chart: text(chartRef.name), repository: null };
}

/** Value blocks of the release, with whether each is written as text. */
function valueBlocks(object: KubeObject): ValueBlock[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  if (object.apiVersion.startsWith(FLUX_GROUP))
    return isRecord(spec.values) ? [{ pointer: "/spec/values", value: spec.values, text: false, ...fluxChart(spec) }] : [];
  const blocks: ValueBlock[] = [];
  const sources: Array<[string, unknown]> = [["/spec/source", spec.source]];
  if (Array.isArray(spec.sources)) spec.sources.forEach((source, i) => sources.push([`/spec/sources/${i}`, source]));
  for (const [pointer, source] of sources) {
    if (!isRecord(source) || !isRecord(source.helm)) continue;
    const helm = source.helm;
    const chart = { chart: text(source.chart), repository: text(source.repoURL) };
    // Argo merges valuesObject over values: both are read, so nothing either sets goes unchecked
    if (typeof helm.values === "string") blocks.push({ pointer: `${pointer}/helm/values`, value: helm.values, text: true, ...chart });
    else if (isRecord(helm.values)) blocks.push({ pointer: `${pointer}/helm/values`, value: helm.values, text: false, ...chart });
    if (isRecord(helm.valuesObject)) blocks.push({ pointer: `${pointer}/helm/valuesObject`, value: helm.valuesObject, text: false, ...chart });
  }
  return blocks;
}

function readRelease(doc: ParsedDocument, catalog: CatalogView): Release | null {
  const object = doc.value;
  if (!isKubeObject(object)) return null;
  const flux = object.apiVersion.startsWith(FLUX_GROUP) && object.kind === "HelmRelease";
  const argo = object.apiVersion.startsWith(ARGO_GROUP) && object.kind === "Application";
  if (!flux && !argo) return null;
  const spec = isRecord(object.spec) ? object.spec : {};
  const destination = isRecord(spec.destination) ? spec.destination : {};
  const namespace = flux ? (text(spec.targetNamespace) ?? text(object.metadata?.namespace)) : text(destination.namespace);
  const release: Release = {
    kind: flux ? "HelmRelease" : "Application",
    name: text(object.metadata?.name) ?? "unnamed",
    namespace,
    claims: [],
    unreadable: [],
  };
  for (const block of valueBlocks(object)) {
    const context: ReleaseContext = {
      resource: `${release.kind}/${namespace ?? "default"}/${release.name}`,
      name: release.name,
      namespace,
      chart: block.chart,
      repository: block.repository,
    };
    if (!block.text) {
      const claim = claimEmbedded({ holder: doc, pointer: block.pointer, release: context }, block.value, HELM_VALUE_ADAPTERS, catalog);
      if (claim !== null) release.claims.push(claim);
      continue;
    }
    const source = block.value as string;
    const parsed = parseText(doc.file, source, DEFAULT_PARSE_LIMITS);
    // an empty string or one holding only comments sets no values
    if (parsed.errors.length === 0 && parsed.documents.every((candidate) => candidate.value === null || candidate.value === undefined)) continue;
    const inner = parsed.documents.length === 1 && parsed.errors.length === 0 ? parsed.documents[0] : null;
    if (inner === null || !isRecord(inner.value)) {
      // Argo CD cannot render such a release either: what it would configure is unknown, never clean
      release.unreadable.push({
        message: `${block.pointer.slice(1).replace(/\//g, ".")} is not one YAML map of chart values: what it configures cannot be read`,
        source: sourceAt(doc, block.pointer),
      });
      continue;
    }
    const claim = claimEmbedded({ ...textEmbedding(doc, block.pointer, source, inner), release: context }, inner.value, HELM_VALUE_ADAPTERS, catalog);
    if (claim !== null) release.claims.push(claim);
  }
  return release.claims.length > 0 || release.unreadable.length > 0 ? release : null;
}

/** Stands for the values' own document in label layers, so what they locate is told from the release's own locations. */
const VALUES_FILE = "\u0000values";

/** The label layers the values give a document of theirs (app-template pod labels), or null for adapters without any. */
function ownLayers(claim: EmbeddedClaim, document: LlmUsageDocument): ReturnType<typeof chartContainerValuesAdapter.valueLayers> | null {
  if (claim.adapter !== chartContainerValuesAdapter) return null;
  return chartContainerValuesAdapter.valueLayers(claim.claimed as Parameters<typeof chartContainerValuesAdapter.valueLayers>[0], document);
}

/** The release's labels, then the values' own (a controller's, its pod's), then the Namespace's. */
function releaseClassification(
  layers: LabelLayer[],
  own: ReturnType<typeof ownLayers>,
  claim: EmbeddedClaim,
  file: string,
  resource: string,
  ctx: AdapterContext,
): ReturnType<typeof resolveClassification> {
  if (own === null || own.layers.length === 0) return resolveClassification(layers, file, resource, ctx);
  const [releaseLayer, ...namespaces] = layers;
  const marked = own.layers.map((layer) => ({ ...layer, doc: { ...layer.doc, file: VALUES_FILE } }));
  const resolved = resolveClassification([releaseLayer, ...marked, ...namespaces], file, resource, ctx);
  const holder = claim.embedding.holder.file;
  return mapLocations(resolved, (at) => (at.file === VALUES_FILE ? rebase(own.relocate({ ...at, file: holder }), claim.embedding) : at));
}

function adaptRelease({ doc, value: release }: Claimed<Release>, ctx: AdapterContext): AdapterOutput {
  const object = doc.value as KubeObject;
  const base = `${release.kind}/${release.namespace ?? "default"}/${release.name}`;
  const layers: LabelLayer[] = [
    { origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata },
    ...namespaceLayers(release.namespace, ctx),
  ];
  const documents: LlmUsageDocument[] = [];
  const problems: Problem[] = [...release.unreadable];
  const outputs = release.claims.map((claim) => ({ claim, out: adaptEmbedded(claim, ctx) }));
  const total = outputs.reduce((sum, { out }) => sum + out.documents.length, 0);
  // containers that call no model report what they could not read as a Deployment's would, not as a release nothing was checked on
  const unrelated: Problem[] = [];
  for (const { claim, out } of outputs) {
    (claim.adapter === chartContainerValuesAdapter && out.documents.length === 0 ? unrelated : problems).push(...out.problems);
    out.documents.forEach((document, i) => {
      const own = ownLayers(claim, document);
      // one workload per release; a release with several value blocks names the block, several controllers their controller
      const resource =
        total === 1
          ? base
          : own !== null
            ? `${base}/${document.workload.name}`
            : `${base}#${claim.embedding.pointer.slice(1)}${out.documents.length > 1 ? `/${i}` : ""}`;
      const classification = releaseClassification(layers, own, claim, doc.file, resource, ctx);
      const source = total > 1 && own !== null ? document.workload.source : sourceAt(doc, claim.embedding.pointer);
      documents.push({
        ...document,
        workload: { kind: release.kind, name: release.name, namespace: release.namespace, resource, source },
        classification: classification.classification,
        classificationSource: classification.classificationSource,
        classificationErrors: classification.classificationErrors,
        classificationConflicts: classification.classificationConflicts,
      });
    });
  }
  if (documents.length === 0 && problems.length > 0) {
    // a release whose values cannot be read is a workload nothing was checked on, never a clean one
    const classification = resolveClassification(layers, doc.file, base, ctx);
    return {
      documents: [
        classifiedDocument(
          { kind: release.kind, name: release.name, namespace: release.namespace, resource: base, source: sourceAt(doc, "") },
          classification,
          { problems },
        ),
      ],
      problems: [],
    };
  }
  return { documents, problems: [...problems, ...unrelated] };
}

export const helmReleaseValuesAdapter: Adapter<Release> = {
  name: "helm-release-values",
  claim(doc, catalog) {
    const release = readRelease(doc, catalog);
    return release === null ? null : { doc, value: release };
  },
  adapt: adaptRelease,
};
