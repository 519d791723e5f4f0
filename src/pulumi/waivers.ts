/**
 * The post-engine step (src/findings/post-engine.ts) as the pack runs it, so a waiver means the
 * same in `pulumi preview` as in `modelgate check`:
 * - inline waivers are read from the same objects `modelgate check` reads in a plan file (a
 *   Kubernetes resource's `modelgate.dev/waivers` annotation; see src/adapters/waiver-holders.ts);
 * - central waivers come from stack config `modelgate:waivers` (src/findings/waivers/stack.ts),
 *   written like modelgate.yaml's `waivers` and checked by the same schema and rules;
 * - enforcement is CrossGuard's: each policy's own level (`disabled`, `advisory`, `mandatory`) is
 *   what modelgate.yaml's `off`, `warn` and `error` are to the CLI, so no rule is set off or warn here.
 */

import { effectiveType, type PulumiAdapterOptions, type PulumiResource } from "../adapters/pulumi";
import { pulumiWaiverHolder } from "../adapters/waiver-holders";
import type { RuleCatalog } from "../catalog/rules";
import { carrierWaivers, settleFindings, waiverCheck, type CarrierWaivers } from "../findings/post-engine";
import type { Finding } from "../findings/types";
import { STACK_WAIVERS_KEY, stackWaivers, type StackWaivers } from "../findings/waivers/stack";
import type { SourceLocation } from "../model/canonical";

export type { StackWaivers } from "../findings/waivers/stack";

/** Stack config `modelgate:waivers` as the engine hands it to the pack (JSON text); its locations are pointers into it. */
export function packStackWaivers(config: Readonly<Record<string, string>>, catalog: RuleCatalog): StackWaivers {
  const at = (pointer: string): SourceLocation => ({ file: "", line: 0, column: 0, pointer });
  return stackWaivers(config[STACK_WAIVERS_KEY], `stack config ${STACK_WAIVERS_KEY}`, at, catalog);
}

/** The inline waivers of each resource that carries some, by URN, with the invalid-waiver findings of those that do not hold. */
export function resourceWaivers(
  resources: readonly PulumiResource[],
  options: PulumiAdapterOptions,
  today: string,
  maxDays: number,
  catalog: RuleCatalog,
): Map<string, CarrierWaivers> {
  const check = waiverCheck(catalog, today, maxDays);
  const out = new Map<string, CarrierWaivers>();
  for (const resource of resources) {
    const locate = (pointer: string) => ({ file: resource.file, line: 0, column: 0, pointer: resource.pointerPrefix + pointer });
    const holder = pulumiWaiverHolder({ type: resource.type, readAs: effectiveType(resource, options), name: resource.name, props: resource.props });
    if (!holder) continue;
    const read = carrierWaivers({ ...holder, locate }, check, catalog);
    if (read.waivers.length > 0 || read.findings.length > 0) out.set(resource.urn, read);
  }
  return out;
}

/**
 * The per-run part of the step: central waivers, then findings in report order. The central
 * waivers' own invalid-waiver findings (and the stack config's) are added only with the stack
 * (`withStackProblems`), so each is reported once, not once per resource.
 */
export function settlePackFindings<T extends Finding>(
  findings: T[],
  waivers: StackWaivers,
  today: string,
  catalog: RuleCatalog,
  withStackProblems: boolean,
  wrap: (finding: Finding) => T,
): T[] {
  const input = withStackProblems ? [...findings, ...waivers.findings.map(wrap)] : findings;
  const settled = settleFindings(input, { project: waivers.settings, today, cwd: "", centralProblems: withStackProblems }, catalog).findings;
  const own = new Set<Finding>(input);
  return settled.map((finding) => (own.has(finding) ? (finding as T) : wrap(finding)));
}
