export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ["jurisdiction", "self-hosting", "budget", "classification", "input"] as const;
export type Category = (typeof CATEGORIES)[number];

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
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
