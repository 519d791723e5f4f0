/**
 * Stack config `modelgate:waivers`: a Pulumi stack's central waivers, written like modelgate.yaml's
 * `waivers` ({maxDays, entries}) and checked by the same schema. The pack reads it from the stack
 * config the engine hands it; `modelgate check` from a `pulumi preview --json` plan that records
 * the config. An entry names the finding's resource: a `path` glob matches files, and a stack's
 * findings have none to match in the pack, so it is refused in both.
 */

import { stackConfigValue } from "../../adapters/pulumi/stack-config";
import type { RuleCatalog } from "../../catalog/rules";
import type { CentralWaiverConfig } from "../../config/load";
import { DEFAULT_WAIVER_MAX_DAYS, type CentralWaiverEntry, type ProjectSettings } from "../../config/project";
import type { SourceLocation } from "../../model/canonical";
import { describeSchemaErrors, validator } from "../../schemas";
import { findingFromMetadata } from "../build";
import type { Finding } from "../types";
import { INVALID_WAIVER_RULE } from "./waiver";

export const STACK_WAIVERS_KEY = "modelgate:waivers";
const LABEL = `stack config ${STACK_WAIVERS_KEY}`;

/** Central waivers in the shape modelgate.yaml's give the post-engine step. */
export type WaiverSettings = Pick<ProjectSettings, "configFile" | "baseDir" | "rules" | "waivers">;

export interface StackWaivers {
  /** `configFile` names where the entries are written; no rule is set off or warn. */
  settings: WaiverSettings;
  /** invalid-waiver findings of the config itself (not JSON, off the schema, a path waiver). */
  findings: Finding[];
}

/**
 * Stack config `modelgate:waivers` (`raw`: JSON text or the value; undefined when not set),
 * checked. `where` names it in waiver sources and as the resource of its findings; `at` locates a
 * pointer into it. Anything wrong waives nothing and is an invalid-waiver finding.
 */
export function stackWaivers(raw: unknown, where: string, at: (pointer: string) => SourceLocation, catalog: RuleCatalog): StackWaivers {
  const settings: WaiverSettings = { configFile: where, baseDir: "", rules: {}, waivers: { maxDays: DEFAULT_WAIVER_MAX_DAYS, entries: [] } };
  const out: StackWaivers = { settings, findings: [] };
  const invalid = (pointer: string, message: string, subject = "") =>
    out.findings.push(findingFromMetadata(catalog, INVALID_WAIVER_RULE, at(pointer), where, message, subject));
  if (raw === undefined) return out;
  const read = stackConfigValue(raw);
  if ("unparsable" in read) {
    invalid("", `${LABEL} must be an object {maxDays?, entries}, got "${read.unparsable}"`);
    return out;
  }
  const value = read.value;
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
      invalid(
        `${pointer}/path`,
        `waivers.entries[${index}]: a path glob matches files, which the policy pack does not read; name the finding's resource instead`,
        `waivers.entries[${index}]`,
      );
      return;
    }
    const fields: CentralWaiverEntry["fields"] = {};
    for (const key of Object.keys(entry) as Array<keyof CentralWaiverConfig>) fields[key] = at(`${pointer}/${key}`);
    settings.waivers.entries.push({ entry, index, source: at(pointer), fields });
  });
  return out;
}
