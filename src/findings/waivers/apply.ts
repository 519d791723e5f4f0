import { globMatcher, relativeToBase } from "../../config/project";
import type { Finding } from "../types";
import { INVALID_WAIVER_RULE, type Waiver } from "./waiver";

/** Marks a finding waived, keeping it in the report with the waiver's reason, expiry and origin. */
export function markWaived(finding: Finding, waiver: Waiver): void {
  finding.waived = true;
  finding.waiverReason = waiver.reason;
  finding.waiverExpires = waiver.expires;
  finding.waiverSource = waiver.source;
  if (waiver.owner !== undefined) finding.waiverOwner = waiver.owner;
}

/** Whether an inline waiver (already scoped to the finding's resource) covers a finding. */
export function inlineWaiverCovers(waiver: Pick<Waiver, "rule" | "subject">, finding: Finding): boolean {
  return finding.ruleId !== INVALID_WAIVER_RULE && waiver.rule === finding.ruleId && (waiver.subject === undefined || waiver.subject === finding.subject);
}

/**
 * Applies central waivers to findings not already waived: a waiver covers the findings of its
 * rule whose resource equals `resource` and whose file matches `path` (each when given), and
 * whose subject equals `subject` when given. The first matching waiver wins.
 */
export function applyCentralWaivers(findings: Finding[], waivers: readonly Waiver[], cwd: string, baseDir: string): void {
  if (waivers.length === 0) return;
  const compiled = waivers.map((waiver) => ({ waiver, path: waiver.path === undefined ? null : globMatcher([waiver.path]) }));
  for (const finding of findings) {
    if (finding.waived || finding.ruleId === INVALID_WAIVER_RULE) continue;
    const match = compiled.find(({ waiver, path }) => {
      if (waiver.rule !== finding.ruleId) return false;
      if (waiver.resource !== undefined && waiver.resource !== finding.resource) return false;
      if (waiver.subject !== undefined && waiver.subject !== finding.subject) return false;
      if (path) {
        const relative = relativeToBase(finding.file, cwd, baseDir);
        if (relative === null || !path(relative)) return false;
      }
      return true;
    });
    if (match) markWaived(finding, match.waiver);
  }
}
