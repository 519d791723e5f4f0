import type { Category, Severity } from "../findings/types";

/** One rule as described by its Rego METADATA; the single source for docs, SARIF, the pack and the CLI. */
export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  category: Category;
  severity: Severity;
  remediation: string;
  since: string;
  docsUrl: string;
  /** Path of the rule's Rego file, relative to the package root. */
  file: string;
  /** Whether the default organisation policy turns the rule off. */
  disabledByDefault: boolean;
}

export interface RuleCatalog {
  rules: RuleMeta[];
}

export function ruleById(catalog: RuleCatalog, id: string): RuleMeta | undefined {
  return catalog.rules.find((rule) => rule.id === id);
}
