/**
 * The sweep of one document, before the rest of the scan is known: its references grouped by the
 * workload they sit in, each group in the document it will be evaluated in. `settleSightings`
 * drops what the whole scan's coverage accounts for. The scan (src/scan/shard.ts, src/scan/scan.ts),
 * a Pulumi stack (src/adapters/pulumi/sweep.ts) and the adapter-case harness all go through here.
 */

import type { CatalogView } from "../adapters/core/catalog";
import type { AdapterContext } from "../adapters/core/types";
import type { LlmUsageDocument, SourceLocation } from "../model/canonical";
import type { ParsedDocument } from "../parse/document";
import { strayDocument, workloadSightingDocument } from "./documents";
import { sightingsOf, sweepValue, type CoverageIndex, type PointedReference, type SightingPlace } from "./sweep";

export interface PendingSightings {
  place: SightingPlace;
  /** Parallel to `document.sightings`. */
  references: PointedReference[];
  document: LlmUsageDocument;
}

/**
 * The workload a pointer of a document belongs to: the adapted document whose workload source
 * encloses it most closely; in a document only one workload was read from, that one.
 */
export function ownerFinder(adapted: readonly LlmUsageDocument[], file: string, document: number, prefix = ""): (pointer: string) => LlmUsageDocument | null {
  const owners = adapted.filter((owned) => {
    const at = owned.workload.source;
    return at.file === file && at.document === document && (at.pointer === prefix || at.pointer.startsWith(prefix + "/"));
  });
  return (pointer) => {
    let best: LlmUsageDocument | null = null;
    for (const owner of owners) {
      const at = owner.workload.source.pointer;
      if ((pointer === at || pointer.startsWith(at + "/") || at === "") && (best === null || at.length > best.workload.source.pointer.length)) best = owner;
    }
    return best ?? (owners.length === 1 ? owners[0] : null);
  };
}

/** References grouped by owner, in the order first met. */
export function groupByOwner(
  references: readonly PointedReference[],
  ownerOf: (pointer: string) => LlmUsageDocument | null,
): Map<LlmUsageDocument | null, PointedReference[]> {
  const groups = new Map<LlmUsageDocument | null, PointedReference[]>();
  for (const reference of references) {
    const owner = ownerOf(reference.pointer);
    const group = groups.get(owner);
    if (group) group.push(reference);
    else groups.set(owner, [reference]);
  }
  return groups;
}

/** The pending sightings of one parsed document, given what its adapter made of it. */
export function documentSightings(
  doc: ParsedDocument,
  ctx: AdapterContext,
  adapted: readonly LlmUsageDocument[],
  catalog: CatalogView,
  at: (pointer: string) => SourceLocation,
): PendingSightings[] {
  const references = sweepValue(doc.value, catalog);
  if (references.length === 0) return [];
  const out: PendingSightings[] = [];
  for (const [owner, group] of groupByOwner(references, ownerFinder(adapted, doc.file, doc.index))) {
    const sightings = sightingsOf(group, at);
    const document = owner ? workloadSightingDocument(owner, sightings) : strayDocument(doc, ctx, sightings);
    const place = { file: doc.file, document: doc.index, owner: owner?.workload.resource ?? null, namespace: document.workload.namespace };
    out.push({ place, references: group, document });
  }
  return out;
}

/** The document with only the sightings the scan does not account for; null when none is left. */
export function settleSightings(pending: PendingSightings, coverage: CoverageIndex, catalog: CatalogView): LlmUsageDocument | null {
  const left = (pending.document.sightings ?? []).filter((_, i) => !coverage.accountsAt(pending.place, pending.references[i], catalog));
  return left.length === 0 ? null : { ...pending.document, sightings: left };
}
