/**
 * The post-engine step (src/findings/post-engine.ts) as the pack runs it, so a waiver means the
 * same in `pulumi preview` as in `modelgate check`:
 * - inline waivers are read from the same objects `modelgate check` reads in a plan file (a
 *   Kubernetes resource's `modelgate.dev/waivers` annotation; see src/adapters/waiver-holders.ts);
 * - central waivers come from stack config `modelgate:waivers`, written like modelgate.yaml's
 *   `waivers` ({maxDays, entries}) and checked by the same schema and rules; an entry names the
 *   finding's resource (a `path` glob matches files, which the pack does not read, so it is refused);
 * - enforcement is CrossGuard's: each policy's own level (`disabled`, `advisory`, `mandatory`) is
 *   what modelgate.yaml's `off`, `warn` and `error` are to the CLI, so no rule is set off or warn here.
 */

import { effectiveType, type PulumiAdapterOptions, type PulumiResource } from "../adapters/pulumi";
import { pulumiWaiverHolder } from "../adapters/waiver-holders";
import type { RuleCatalog } from "../catalog/rules";
import type { CentralWaiverConfig } from "../config/load";
import { DEFAULT_WAIVER_MAX_DAYS, type CentralWaiverEntry, type ProjectSettings } from "../config/project";
import { findingFromMetadata } from "../findings/build";
import { carrierWaivers, settleFindings, waiverCheck, type CarrierWaivers } from "../findings/post-engine";
import type { Finding } from "../findings/types";
import { INVALID_WAIVER_RULE } from "../findings/waivers/waiver";
import type { SourceLocation } from "../model/canonical";
import { describeSchemaErrors, validator } from "../schemas";

export const STACK_WAIVERS_KEY = "modelgate:waivers";

type WaiverSettings = Pick<ProjectSettings, "configFile" | "baseDir" | "rules" | "waivers">;

export interface StackWaivers {
  settings: WaiverSettings;
  /** invalid-waiver findings of the stack config itself (not JSON, fails the schema, a path waiver), reported with the stack. */
  findings: Finding[];
}

const LABEL = `stack config ${STACK_WAIVERS_KEY}`;

function at(pointer: string): SourceLocation {
  return { file: "", line: 0, column: 0, pointer };
}

/** Stack config `modelgate:waivers`, checked; anything wrong waives nothing and is an invalid-waiver finding. */
export function stackWaivers(config: Readonly<Record<string, string>>, catalog: RuleCatalog): StackWaivers {
  const settings: WaiverSettings = { configFile: LABEL, baseDir: "", rules: {}, waivers: { maxDays: DEFAULT_WAIVER_MAX_DAYS, entries: [] } };
  const out: StackWaivers = { settings, findings: [] };
  const invalid = (pointer: string, message: string, subject = "") => out.findings.push(findingFromMetadata(catalog, INVALID_WAIVER_RULE, at(pointer), LABEL, message, subject));
  const raw = config[STACK_WAIVERS_KEY];
  if (raw === undefined) return out;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      invalid("", `${LABEL} must be an object {maxDays?, entries}, got "${raw}"`);
      return out;
    }
  }
  const validate = validator("config", "/properties/waivers");
  if (!validate(value)) {
    for (const error of describeSchemaErrors(validate.errors)) invalid(error.pointer, `${LABEL}${error.pointer} ${error.message}`);
    return out;
  }
  const given = value as { maxDays?: number; entries?: CentralWaiverConfig[] };
  settings.waivers.maxDays = given.maxDays ?? DEFAULT_WAIVER_MAX_DAYS;
  (given.entries ?? []).forEach((entry, index) => {
    const pointer = `/entries/${index}`;
    if (entry.path !== undefined) {
      invalid(`${pointer}/path`, `waivers.entries[${index}]: a path glob matches files, which the policy pack does not read; name the finding's resource instead`, `waivers.entries[${index}]`);
      return;
    }
    const fields: CentralWaiverEntry["fields"] = {};
    for (const key of Object.keys(entry) as Array<keyof CentralWaiverConfig>) fields[key] = at(`${pointer}/${key}`);
    settings.waivers.entries.push({ entry, index, source: at(pointer), fields });
  });
  return out;
}

/** The inline waivers of each resource that carries some, by URN, with the invalid-waiver findings of those that do not hold. */
export function resourceWaivers(resources: readonly PulumiResource[], options: PulumiAdapterOptions, today: string, maxDays: number, catalog: RuleCatalog): Map<string, CarrierWaivers> {
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
export function settlePackFindings<T extends Finding>(findings: T[], waivers: StackWaivers, today: string, catalog: RuleCatalog, withStackProblems: boolean, wrap: (finding: Finding) => T): T[] {
  const input = withStackProblems ? [...findings, ...waivers.findings.map(wrap)] : findings;
  const settled = settleFindings(input, { project: waivers.settings, today, cwd: "", centralProblems: withStackProblems }, catalog).findings;
  const own = new Set<Finding>(input);
  return settled.map((finding) => (own.has(finding) ? (finding as T) : wrap(finding)));
}
