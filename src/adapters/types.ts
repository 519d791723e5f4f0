import type { Classification, LlmUsageDocument, Problem, SourceLocation } from "../model/canonical";
import type { ParsedDocument } from "../parse/document";
import type { ScanIndex } from "./scan-index";

/**
 * What adapters read inputs with: catalogue facts to recognise endpoints, and the classification
 * the project config gives (a modelgate.yaml path mapping, a Pulumi stack's `modelgate:classification`).
 * Never organisation policy: what is sensitive, internal, self-hosted or binding, and the default
 * classification, are decided in policies/lib (test/adapters/no-org-policy.test.ts holds to it).
 */
export interface AdapterSettings {
  /** Classification the project config gives the workloads it covers (reported with origin "config"); null when none. */
  configClassification: Classification | null;
  /** Known LLM operator hosts, to recognise endpoints in arbitrary values and to flag lookalikes. */
  knownHosts: ReadonlySet<string>;
  /** Env var names that hold a provider key, mapped to nothing: presence is the signal. */
  keyVars: ReadonlySet<string>;
  /** Env var names that override a provider's base URL. */
  baseUrlVars: ReadonlySet<string>;
}

export interface AdapterContext {
  index: ScanIndex;
  settings: AdapterSettings;
}

/** Turns one input format into canonical documents. Adapters never decide compliance. */
export interface Adapter {
  /** Short name used in debug output and tests. */
  readonly name: string;
  /** True when this adapter understands the document; the first match wins. */
  matches(doc: ParsedDocument): boolean;
  adapt(doc: ParsedDocument, ctx: AdapterContext): AdapterOutput;
}

export interface AdapterOutput {
  documents: LlmUsageDocument[];
  /** Problems not tied to a workload (a document the adapter claimed but could not read). */
  problems: Problem[];
}

/**
 * The location of a value, with line and column left to `resolveSource`: most located values are
 * never reported, and computing a position may mean parsing the file a second time.
 */
export function sourceAt(doc: ParsedDocument, pointer: string): SourceLocation {
  return { file: doc.file, line: 0, column: 0, pointer, document: doc.index };
}
