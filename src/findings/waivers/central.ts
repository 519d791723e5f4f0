import type { RuleCatalog } from "../../catalog/rules";
import type { CentralWaiverEntry, ProjectSettings } from "../../config/project";
import { findingFromMetadata } from "../build";
import type { Finding } from "../types";
import { INVALID_WAIVER_RULE, waiverProblems, type Waiver, type WaiverCheck } from "./waiver";

export interface CentralWaivers {
  valid: Waiver[];
  /** invalid-waiver findings, at the entry's field in the config file. */
  findings: Finding[];
}

/** "modelgate.yaml:14"; a configuration without lines (the pack's stack config) is named with the entry's pointer. */
function sourceLabel(settings: Pick<ProjectSettings, "configFile">, entry: CentralWaiverEntry): string {
  return entry.source.line > 0 ? `${settings.configFile}:${entry.source.line}` : `${settings.configFile} ${entry.source.pointer}`;
}

/**
 * The waivers of modelgate.yaml `waivers.entries`. Their shape was checked with the config
 * schema; here each is checked against today, maxDays and the rule catalogue, and an expired,
 * too-long or unknown-rule entry becomes an invalid-waiver finding and waives nothing.
 */
export function centralWaivers(settings: Pick<ProjectSettings, "configFile" | "waivers">, check: WaiverCheck, catalog: RuleCatalog): CentralWaivers {
  const result: CentralWaivers = { valid: [], findings: [] };
  if (!settings.configFile) return result;
  for (const item of settings.waivers.entries) {
    const problems = waiverProblems(item.entry, check);
    const subject = `waivers.entries[${item.index}]`;
    for (const problem of problems) {
      const at = (problem.field && item.fields[problem.field]) || item.source;
      result.findings.push(findingFromMetadata(catalog, INVALID_WAIVER_RULE, at, settings.configFile, `${subject}: ${problem.message}`, subject));
    }
    if (problems.length > 0) continue;
    const { rule, reason, expires, owner, resource, path, subject: only } = item.entry;
    const waiver: Waiver = { rule: rule.trim(), reason: reason.trim(), expires, owner, source: sourceLabel(settings, item) };
    if (resource !== undefined) waiver.resource = resource;
    if (path !== undefined) waiver.path = path;
    if (only !== undefined) waiver.subject = only;
    result.valid.push(waiver);
  }
  return result;
}
