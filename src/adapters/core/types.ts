import type { Classification, LlmUsageDocument, Problem, SourceLocation } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import type { CatalogView } from "./catalog";
import type { ScanIndex } from "./scan-index";

/**
 * What adapters read inputs with: the catalogue's facts to recognise endpoints, and the
 * classification the project config gives (a modelgate.yaml path mapping, a Pulumi stack's
 * `modelgate:classification`). Never organisation policy: what is sensitive, internal, self-hosted
 * or binding, and the default classification, are decided in policies/lib
 * (test/adapters/no-org-policy.test.ts holds to it).
 */
export interface AdapterSettings {
  /** Classification the project config gives the workloads it covers (reported with origin "config"); null when none. */
  configClassification: Classification | null;
  /** The provider catalogue of the bundle: the only source of provider prefixes, hosts and variables. */
  catalog: CatalogView;
}

export interface AdapterContext {
  index: ScanIndex;
  settings: AdapterSettings;
  /** The registry the scan runs, for formats that hold others (a Pulumi plan holds Kubernetes objects). */
  adapters: readonly Adapter[];
  /**
   * Told of a value an adapter read and decided about where no route of its own is located: an env
   * entry a later one overrides, a Service alias, mesh entry or proxy configuration a route was
   * followed through. The residual sweep (src/sweep) counts it as accounted for. Absent: nobody asks.
   */
  judged?: (at: SourceLocation) => void;
}

/** A document an adapter claimed, with the value as that adapter reads it: found once, never detected again. */
export interface Claimed<T> {
  readonly doc: ParsedDocument;
  readonly value: T;
}

/**
 * Turns one input format into canonical documents. Adapters never decide compliance.
 * `claim` recognises the format and returns the typed value `adapt` reads; the registry's order
 * decides between formats that could both claim a document (the first claim wins).
 */
export interface Adapter<T = unknown> {
  /** Short name used in debug output and tests. */
  readonly name: string;
  /**
   * The document as this adapter reads it, or null when it is not this adapter's format. The
   * catalogue is there for formats recognised by provider data (a section named after an aggregator).
   */
  claim(doc: ParsedDocument, catalog: CatalogView): Claimed<T> | null;
  adapt(claimed: Claimed<T>, ctx: AdapterContext): AdapterOutput;
  /**
   * True for a document this adapter joins with while adapting others (a ConfigMap a workload reads,
   * a preset a config names). A scan split into shards gives every shard these documents, so a join
   * is declared here by the adapter that needs it, never in a list kept elsewhere.
   */
  joins?(value: unknown, catalog: CatalogView): boolean;
}

/** A claim of `doc` with its value narrowed by the caller's check; null when the check failed. */
export function claimWhen<T>(doc: ParsedDocument, value: T | null | undefined): Claimed<T> | null {
  return value === null || value === undefined ? null : { doc, value };
}

export interface AdapterOutput {
  documents: LlmUsageDocument[];
  /** Problems not tied to a workload (a document the adapter claimed but could not read). */
  problems: Problem[];
  /**
   * True when the adapter ran the residual sweep over its document itself and put what it found in
   * its documents' `sightings` (a Pulumi plan sweeps resource by resource, as the pack does).
   */
  swept?: boolean;
  /** The adapter that read the document (set by `adaptOne`): the summary counts what each format covered. */
  adapter?: string;
}

/**
 * The location of a value, with line and column left to `resolveSource`: most located values are
 * never reported, and computing a position may mean parsing the file a second time.
 */
export function sourceAt(doc: ParsedDocument, pointer: string): SourceLocation {
  return { file: doc.file, line: 0, column: 0, pointer, document: doc.index };
}
