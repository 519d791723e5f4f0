/**
 * The post-engine step (src/findings/post-engine.ts) as the pack runs it. Inline waivers are read
 * from the same objects `modelgate check` reads in a plan file (a Kubernetes resource's
 * `modelgate.dev/waivers` annotation, src/findings/waivers/carriers.ts) and judged against the same
 * day and maximum, so a waiver means the same in `pulumi preview` as in `modelgate check`.
 * Enforcement is left to CrossGuard: each policy's own level (`disabled`, `advisory`,
 * `mandatory`) is what modelgate.yaml's `off`, `warn` and `error` are to the CLI.
 */

import { effectiveType, type PulumiAdapterOptions, type PulumiResource } from "../adapters/pulumi";
import type { RuleCatalog } from "../catalog/rules";
import { DEFAULT_WAIVER_MAX_DAYS } from "../config/project";
import { carrierWaivers, settleFindings, waiverCheck, type CarrierWaivers } from "../findings/post-engine";
import { pulumiResourceCarrier } from "../findings/waivers/carriers";
import type { Finding } from "../findings/types";

/** The inline waivers of each resource that carries some, by URN, with the invalid-waiver findings of those that do not hold. */
export function resourceWaivers(resources: readonly PulumiResource[], options: PulumiAdapterOptions, today: string, catalog: RuleCatalog): Map<string, CarrierWaivers> {
  const check = waiverCheck(catalog, today, DEFAULT_WAIVER_MAX_DAYS);
  const out = new Map<string, CarrierWaivers>();
  for (const resource of resources) {
    const locate = (pointer: string) => ({ file: resource.file, line: 0, column: 0, pointer: resource.pointerPrefix + pointer });
    const carrier = pulumiResourceCarrier({ type: resource.type, readAs: effectiveType(resource, options), name: resource.name, props: resource.props }, locate);
    if (!carrier) continue;
    const read = carrierWaivers(carrier, check, catalog);
    if (read.waivers.length > 0 || read.findings.length > 0) out.set(resource.urn, read);
  }
  return out;
}

/** The per-run part of the step: nothing is waived centrally and no rule is set to off or warn here (see above); findings come back in report order. */
export function settlePackFindings<T extends Finding>(findings: T[], today: string, catalog: RuleCatalog): T[] {
  const project = { configFile: null, baseDir: "", rules: {}, waivers: { maxDays: DEFAULT_WAIVER_MAX_DAYS, entries: [] } };
  return settleFindings(findings, { project, today, cwd: "" }, catalog).findings as T[];
}
