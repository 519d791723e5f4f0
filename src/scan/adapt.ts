import type { Adapter, AdapterContext, AdapterSettings } from "../adapters/types";
import { ScanIndex } from "../adapters/scan-index";
import type { LlmUsageDocument, Problem } from "../model/canonical";
import type { ParsedDocument } from "../parse/document";

export interface AdaptResult {
  documents: LlmUsageDocument[];
  problems: Problem[];
}

/**
 * Runs every parsed document through the first adapter that claims it. All documents of the scan
 * are indexed first, so adapters can join a Deployment with the ConfigMaps, Secrets and Namespace
 * it refers to wherever they appear in the scan.
 */
export function adaptDocuments(parsed: ParsedDocument[], settings: AdapterSettings, adapters: readonly Adapter[]): AdaptResult {
  const ctx: AdapterContext = { index: new ScanIndex(parsed), settings };
  const result: AdaptResult = { documents: [], problems: [] };
  for (const doc of parsed) {
    const adapter = adapters.find((candidate) => candidate.matches(doc));
    if (!adapter) continue; // kinds that cannot carry LLM configuration are skipped quietly
    try {
      const output = adapter.adapt(doc, ctx);
      result.documents.push(...output.documents);
      result.problems.push(...output.problems);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const { line, column } = doc.locate("");
      result.problems.push({ message: `${adapter.name} adapter failed: ${message}`, source: { file: doc.file, line, column, pointer: "" } });
    }
  }
  return result;
}
