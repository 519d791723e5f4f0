import type { Adapter, AdapterContext, AdapterOutput, AdapterSettings } from "./types";
import { ScanIndex } from "./scan-index";
import type { LlmUsageDocument, Problem } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";

export interface AdaptResult {
  documents: LlmUsageDocument[];
  problems: Problem[];
}

function failure(adapter: Adapter, doc: ParsedDocument, error: unknown): AdapterOutput {
  const message = error instanceof Error ? error.message : String(error);
  const { line, column } = doc.locate("");
  return {
    documents: [],
    problems: [{ message: `${adapter.name} adapter failed: ${message}`, source: { file: doc.file, line, column, pointer: "" } }],
    adapter: adapter.name,
  };
}

/**
 * Runs one parsed document through the first adapter that claims it; null when none does (kinds
 * that cannot carry LLM configuration are skipped quietly). An adapter that throws, while claiming
 * or adapting, becomes a problem at the document, never a crash of the scan.
 */
export function adaptOne(doc: ParsedDocument, ctx: AdapterContext, adapters: readonly Adapter[]): AdapterOutput | null {
  for (const adapter of adapters) {
    let claimed;
    try {
      claimed = adapter.claim(doc, ctx.settings.catalog);
    } catch (error) {
      return failure(adapter, doc, error);
    }
    if (claimed === null) continue;
    try {
      const output = adapter.adapt(claimed, ctx);
      output.adapter ??= adapter.name;
      return output;
    } catch (error) {
      return failure(adapter, doc, error);
    }
  }
  return null;
}

/**
 * Runs every parsed document through the first adapter that claims it. All documents of the scan
 * are indexed first, so adapters can join a Deployment with the ConfigMaps, Secrets and Namespace
 * it refers to wherever they appear in the scan.
 */
export function adaptDocuments(parsed: ParsedDocument[], settings: AdapterSettings, adapters: readonly Adapter[]): AdaptResult {
  const ctx: AdapterContext = { index: new ScanIndex(parsed), settings, adapters };
  const result: AdaptResult = { documents: [], problems: [] };
  for (const doc of parsed) {
    const output = adaptOne(doc, ctx, adapters);
    if (!output) continue;
    result.documents.push(...output.documents);
    result.problems.push(...output.problems);
  }
  return result;
}
