import { createHash } from "node:crypto";
import { repositoryRoot } from "../paths";
import type { Finding, Severity } from "../findings/types";
import { severityRank } from "../findings/types";

/** Whether the waiver is written on the resource itself ("inline deploy.yaml:7") rather than centrally. */
export function waivedInSource(finding: Finding): boolean {
  return (finding.waiverSource ?? "").startsWith("inline");
}

/** "waived: <reason> (owner <owner>, until <date>, <source>)"; parts the waiver engine did not set are left out. */
export function waiverText(finding: Finding): string {
  const details = [
    finding.waiverOwner ? `owner ${finding.waiverOwner}` : null,
    finding.waiverExpires ? `until ${finding.waiverExpires}` : null,
    finding.waiverSource ? finding.waiverSource : null,
  ].filter((part): part is string => part !== null);
  return `waived${finding.waiverReason ? `: ${finding.waiverReason}` : ""}${details.length > 0 ? ` (${details.join(", ")})` : ""}`;
}

/**
 * Whether a finding fails the run, exactly as the exit code decides: not waived, not accepted by
 * the baseline, not set to `warn` in modelgate.yaml, and at or above --fail-on.
 */
export function failsRun(finding: Finding, failOn: Severity | "never"): boolean {
  if (finding.waived || finding.baseline === true || finding.enforcement === "warn" || failOn === "never") return false;
  return severityRank(finding.severity) >= severityRank(failOn);
}

/**
 * A key for a finding that survives edits elsewhere in the file: rule id, resource, subject and
 * JSON pointer, never the line number.
 */
export function findingKey(finding: Finding): string {
  return createHash("sha256").update([finding.ruleId, finding.resource, finding.subject, finding.pointer].join("\u0000")).digest("hex").slice(0, 32);
}

/** The git work tree that contains `cwd`, else `cwd` itself: SARIF URIs are relative to it. */
export const sourceRoot = repositoryRoot;

/** One line of text: messages are multi-line in places, attributes and titles are not. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
