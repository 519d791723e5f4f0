/**
 * Values held inside another document (a HelmRelease's `spec.values`, an Argo CD Application's
 * `helm.valuesObject`, the LiteLLM chart's `proxy_config`), read by the adapter that reads a values
 * file of that shape. The adapter sees a document of its own; every location it reports is moved
 * back into the document that holds the values, so findings, the residual sweep and waivers point
 * at the line in the file people edit. Values written as a YAML string are mapped into the file as
 * a LiteLLM config in a ConfigMap is (src/adapters/litellm/embedded.ts): line for line inside a
 * block scalar, at the string itself when it is quoted.
 */

import type { SourceLocation } from "../../model/canonical";
import type { ParsedDocument, Position } from "../../parse/document";
import { positionMapper } from "../litellm/embedded";
import type { Adapter, AdapterContext, AdapterOutput, Claimed } from "../core/types";

/** Where the embedded values sit in their holder: an object at `pointer`, or a YAML string there. */
export interface Embedding {
  holder: ParsedDocument;
  pointer: string;
  /** For values written as a YAML string: the string parsed, and its positions in the holder's file. */
  text?: { parsed: ParsedDocument; map: (inner: Position) => Position };
  /** The release that installs the chart, when the values sit in one: what a values file cannot say. */
  release?: ReleaseContext;
}

/** What a release says about the chart its values configure. */
export interface ReleaseContext {
  /** The release's resource id (`HelmRelease/<namespace>/<name>`). */
  resource: string;
  name: string;
  /** The namespace the chart installs into; null when the release does not say. */
  namespace: string | null;
  /** The chart's name as the release names it (`chart.spec.chart`, `chartRef.name`, Argo `chart`), and where it is fetched from. */
  chart: string | null;
  repository: string | null;
}

const embeddings = new WeakMap<ParsedDocument, Embedding>();

/** The embedding a document built by `embeddedDocument` stands for; undefined for a file's own document. */
export function embeddingOf(doc: ParsedDocument): Embedding | undefined {
  return embeddings.get(doc);
}

/** The embedding of a YAML string at `pointer` parsed as `parsed`. */
export function textEmbedding(holder: ParsedDocument, pointer: string, source: string, parsed: ParsedDocument): Embedding {
  return { holder, pointer, text: { parsed, map: positionMapper(holder, pointer, source) } };
}

function innerPosition(embedding: Embedding, inner: string): Position {
  const { holder, pointer, text } = embedding;
  return text === undefined ? holder.locate(pointer + inner) : text.map(text.parsed.locate(inner));
}

export function embeddedDocument(embedding: Embedding, value: unknown): ParsedDocument {
  const { holder } = embedding;
  const doc: ParsedDocument = {
    file: holder.file,
    index: holder.index,
    value,
    locate: (inner) => innerPosition(embedding, inner),
    helmSource: holder.helmSource,
  };
  embeddings.set(doc, embedding);
  return doc;
}

function isLocation(value: Record<string, unknown>): boolean {
  return typeof value.file === "string" && typeof value.pointer === "string" && typeof value.line === "number" && typeof value.column === "number";
}

/** The location in the holder of a location the embedded adapter reported. */
export function rebase(at: SourceLocation, embedding: Embedding): SourceLocation {
  const { holder, pointer, text } = embedding;
  if (at.file !== holder.file || at.document !== holder.index) return at;
  if (text === undefined) return { ...at, pointer: pointer + at.pointer };
  // the holder cannot locate inside its string: the position is resolved here, as for a ConfigMap's embedded config
  const { line, column } = innerPosition(embedding, at.pointer);
  return { file: at.file, line, column, pointer: pointer + at.pointer };
}

/** A copy of `value` with `move` applied to every location in it (anything shaped as a SourceLocation). */
export function mapLocations<T>(value: T, move: (at: SourceLocation) => SourceLocation): T {
  if (Array.isArray(value)) return value.map((item: unknown) => mapLocations(item, move)) as T;
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (isLocation(record)) return move(record as unknown as SourceLocation) as T;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) out[key] = mapLocations(child, move);
  return out as T;
}

/** A copy of `value` with every location of the holder rebased; other documents' locations are kept. */
export function rebaseAll<T>(value: T, embedding: Embedding): T {
  return mapLocations(value, (at) => rebase(at, embedding));
}

/** The first of `adapters` that claims the embedded values, with the document it claimed. */
export function claimEmbedded(
  embedding: Embedding,
  value: unknown,
  adapters: readonly Adapter[],
  ctxCatalog: Parameters<Adapter["claim"]>[1],
): EmbeddedClaim | null {
  const doc = embeddedDocument(embedding, value);
  for (const adapter of adapters) {
    const claimed = adapter.claim(doc, ctxCatalog);
    if (claimed !== null) return { embedding, adapter, claimed };
  }
  return null;
}

export interface EmbeddedClaim {
  embedding: Embedding;
  adapter: Adapter;
  claimed: Claimed<unknown>;
}

/** The embedded values adapted by the adapter that claimed them, every location moved into the holder. */
export function adaptEmbedded(claim: EmbeddedClaim, ctx: AdapterContext): AdapterOutput {
  const judged = ctx.judged;
  const inner: AdapterContext = { ...ctx, judged: judged === undefined ? undefined : (at) => judged(rebase(at, claim.embedding)) };
  const out = claim.adapter.adapt(claim.claimed, inner);
  return { documents: rebaseAll(out.documents, claim.embedding), problems: rebaseAll(out.problems, claim.embedding) };
}
