import type { Category, Severity } from "../catalog/rules";

// The rule vocabulary is the catalogue's (findings sit above it); re-exported because every reporter speaks it.
export { CATEGORIES, SEVERITIES, severityRank, type Category, type Severity } from "../catalog/rules";

/** A finding as every reporter sees it: the CLI contract of DESIGN.md. */
export interface Finding {
  ruleId: string;
  title: string;
  category: Category;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
  resource: string;
  /** The route, server or problem within the resource, for stable keys. */
  subject: string;
  remediation: string;
  docsUrl: string;
  waived: boolean;
  /** Why the finding is accepted (set with `waived: true`). */
  waiverReason?: string;
  /** Last day (YYYY-MM-DD, UTC) the waiver applies. */
  waiverExpires?: string;
  /** Where the waiver is written: "inline <file>:<line>" or "<config file>:<line>". */
  waiverSource?: string;
  /** Who accepted the risk, when the waiver names an owner. */
  waiverOwner?: string;
  /** Only with `check --baseline`: true when the finding is in the baseline (it does not fail the run). */
  baseline?: boolean;
  /** "warn" when modelgate.yaml sets the rule to warn: reported, never fails the run. Absent means error. */
  enforcement?: "warn";
}
