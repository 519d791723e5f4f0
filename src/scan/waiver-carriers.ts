import { planStackWaivers, waiverHolders } from "../adapters/waiver-holders";
import type { RuleCatalog } from "../catalog/rules";
import type { WaiverCarrier } from "../findings/post-engine";
import { stackWaivers, type StackWaivers } from "../findings/waivers/stack";
import type { ParsedDocument } from "../parse/document";

/** A carrier of inline waivers inside a parsed document, and the JSON pointer of its object there. */
export interface PlacedCarrier {
  /** "" for the document itself; a plan resource's properties (`/steps/3/newState/outputs`) otherwise. */
  prefix: string;
  carrier: WaiverCarrier;
}

/** The carriers of a parsed document (src/adapters/waiver-holders.ts), located in its file. */
export function waiverCarriers(doc: ParsedDocument): PlacedCarrier[] {
  return waiverHolders(doc.value, doc.file).map(({ prefix, holder }) => ({
    prefix,
    carrier: { ...holder, locate: (pointer) => ({ file: doc.file, ...doc.locate(prefix + pointer), pointer: prefix + pointer }) },
  }));
}

/**
 * The carriers whose waivers cover a canonical document adapted from a parsed document: the
 * document's own (prefix ""), else the resource the workload is read from (the longest prefix of
 * its pointer).
 */
export function coveringCarriers<T extends { prefix: string }>(carriers: readonly T[], workloadPointer: string): T[] {
  const whole = carriers.filter((carrier) => carrier.prefix === "");
  if (whole.length > 0) return whole;
  let best: T | null = null;
  for (const carrier of carriers) {
    const covers = workloadPointer === carrier.prefix || workloadPointer.startsWith(`${carrier.prefix}/`);
    if (covers && (best === null || carrier.prefix.length > best.prefix.length)) best = carrier;
  }
  return best ? [best] : [];
}

/** The stack config `modelgate:waivers` a plan file records, located in the file; null when it records none. */
export function documentStackWaivers(doc: ParsedDocument, catalog: RuleCatalog): StackWaivers | null {
  const found = planStackWaivers(doc.value);
  if (!found) return null;
  const at = (pointer: string) => ({ file: doc.file, ...doc.locate(found.pointer + pointer), pointer: found.pointer + pointer });
  return stackWaivers(found.raw, doc.file, at, catalog);
}
