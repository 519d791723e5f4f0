import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import type { SourceLocation } from "../model/canonical";
import type { Finding } from "./types";

/** The finding object the Rego helper lib.finding returns. */
export interface RegoFinding {
  ruleId: string;
  title: string;
  category: Finding["category"];
  severity: Finding["severity"];
  message: string;
  remediation: string;
  docsUrl: string;
  resource: string;
  subject: string;
  source: SourceLocation;
}

export function fromRego(raw: RegoFinding, resolve: (source: SourceLocation) => SourceLocation = (s) => s): Finding {
  const source = resolve(raw.source);
  return {
    ruleId: raw.ruleId,
    title: raw.title,
    category: raw.category,
    severity: raw.severity,
    message: raw.message,
    file: source.file,
    line: source.line,
    column: source.column,
    pointer: source.pointer,
    resource: raw.resource,
    subject: raw.subject,
    remediation: raw.remediation,
    docsUrl: raw.docsUrl,
    waived: false,
  };
}

/**
 * Builds a finding on the TypeScript side (unparseable input, a failed evaluation) from the same
 * METADATA the Rego helper uses, so both sides produce identical fields for a rule.
 */
export function findingFromMetadata(catalog: RuleCatalog, ruleId: string, at: SourceLocation, resource: string, message: string, subject = ""): Finding {
  const rule: RuleMeta | undefined = catalog.rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`rule ${ruleId} is not in the rule catalogue; its Rego METADATA is missing`);
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: rule.severity,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    pointer: at.pointer,
    resource,
    subject,
    remediation: rule.remediation,
    docsUrl: rule.docsUrl,
    waived: false,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}
