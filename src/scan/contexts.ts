import type { ScanIndex } from "../adapters/core/scan-index";
import type { Adapter, AdapterContext, AdapterSettings } from "../adapters/core/types";
import type { ClassificationMapping, ClassificationPaths } from "../config/project";
import type { LlmUsageDocument } from "../model/canonical";

/**
 * The adapter context for each `classification.paths` mapping of modelgate.yaml (one per mapping,
 * built once): the mapping's classification is what the project config says about the files it
 * covers, a fact adapters report with origin "config". The scan and the adapter-case harness both
 * build contexts here, so tests see exactly what `modelgate check` sees.
 */
export function contextsByMapping(
  index: ScanIndex,
  base: AdapterSettings,
  paths: ClassificationPaths,
  adapters: readonly Adapter[],
): (mapping: number) => AdapterContext {
  const contexts = new Map<number, AdapterContext>();
  return (mapping) => {
    let ctx = contexts.get(mapping);
    if (!ctx) {
      const classification = paths.mapping(mapping)?.classification;
      const settings: AdapterSettings = classification ? { ...base, configClassification: classification } : base;
      ctx = { index, settings, adapters };
      contexts.set(mapping, ctx);
    }
    return ctx;
  };
}

/**
 * Adapters know only that a classification came from the project config; the scan knows which
 * mapping of modelgate.yaml it was, and points the finding there.
 */
export function pointAtMapping(document: LlmUsageDocument, mapping: ClassificationMapping | undefined): void {
  if (mapping && document.classificationSource?.origin === "config") document.classificationSource = { origin: "config", source: mapping.source };
}
