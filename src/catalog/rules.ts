export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ["jurisdiction", "self-hosting", "budget", "classification", "input"] as const;
export type Category = (typeof CATEGORIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** One rule as described by its Rego METADATA; the single source for docs, SARIF, the pack and the CLI. */
export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  category: Category;
  severity: Severity;
  remediation: string;
  /** The version the rule was introduced in. */
  since: string;
  /** The version the rule's verdicts last changed in (METADATA custom.version); CHANGELOG.md names the rule under it. */
  version: string;
  docsUrl: string;
  /** Path of the rule's Rego file, relative to the package root. */
  file: string;
  /** Whether the default organisation policy turns the rule off. */
  disabledByDefault: boolean;
  /** The organisation pack that adds the rule; absent for the built-in rules. */
  pack?: string;
}

export interface RuleCatalog {
  rules: RuleMeta[];
}

export function ruleById(catalog: RuleCatalog, id: string): RuleMeta | undefined {
  return catalog.rules.find((rule) => rule.id === id);
}
