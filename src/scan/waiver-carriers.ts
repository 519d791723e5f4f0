import { planResourceProps, planResources } from "../adapters/pulumi/plan";
import { urnName } from "../adapters/pulumi/resource";
import { objectResource, pulumiResourceCarrier, type WaiverCarrier } from "../findings/waivers/carriers";
import type { ParsedDocument } from "../parse/document";

/** A carrier of inline waivers inside a parsed document, and the JSON pointer of its object there. */
export interface PlacedCarrier {
  /** "" for the document itself; a plan resource's properties (`/steps/3/newState/outputs`) otherwise. */
  prefix: string;
  carrier: WaiverCarrier;
}

function locator(doc: ParsedDocument, prefix: string): WaiverCarrier["locate"] {
  return (pointer) => ({ file: doc.file, ...doc.locate(prefix + pointer), pointer: prefix + pointer });
}

/**
 * The objects of a parsed document that may carry `modelgate.dev/waivers`: the document itself
 * (a manifest), or, in a Pulumi plan file, each Kubernetes resource, read from the same properties
 * the plan adapter reads, so a waiver on a resource means the same as in the policy pack.
 */
export function waiverCarriers(doc: ParsedDocument): PlacedCarrier[] {
  const resources = planResources(doc.value);
  if (resources === null) return [{ prefix: "", carrier: { value: doc.value, resource: objectResource(doc.value, doc.file), locate: locator(doc, "") } }];
  const out: PlacedCarrier[] = [];
  for (const entry of resources) {
    const { props, pointer } = planResourceProps(entry);
    const carrier = pulumiResourceCarrier({ type: entry.type, readAs: entry.type, name: urnName(entry.urn), props }, locator(doc, pointer));
    if (carrier) out.push({ prefix: pointer, carrier });
  }
  return out;
}

/**
 * The carriers whose waivers cover a canonical document adapted from `doc`: the document's own
 * (prefix ""), else the resource the workload is read from (the longest prefix of its pointer).
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
