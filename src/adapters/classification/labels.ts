import type { Classification, DataClass, Problem, SourceLocation } from "../../model/canonical";

/** The label/annotation contract of DESIGN.md: keys on a resource, its pod template or its Namespace. */
export const LABEL_PREFIX = "modelgate.dev/";

type Setter = (target: Classification, raw: string) => string | null;

const DATA_CLASSES: readonly DataClass[] = ["public", "internal", "confidential", "restricted"];

function nonNegativeNumber(raw: string): number | null {
  const trimmed = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

function positiveInteger(raw: string, allowZero: boolean): number | null {
  const trimmed = raw.trim().replace(/_/g, "");
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && (allowZero || value > 0) ? value : null;
}

/** key → how to store its value; a returned string is the error message. */
const SETTERS: Record<string, Setter> = {
  "data-class": (target, raw) => {
    const value = raw.trim().toLowerCase() as DataClass;
    if (!DATA_CLASSES.includes(value)) return `must be one of ${DATA_CLASSES.join(", ")}, got "${raw}"`;
    target.dataClass = value;
    return null;
  },
  regulated: (target, raw) => {
    const value = raw.trim().toLowerCase();
    if (value !== "true" && value !== "false") return `must be "true" or "false", got "${raw}"`;
    target.regulated = value === "true";
    return null;
  },
  regimes: (target, raw) => {
    const regimes = raw
      .split(",")
      .map((r) => r.trim().toLowerCase())
      .filter((r) => r !== "");
    const bad = regimes.find((r) => !/^[a-z0-9][a-z0-9-]*$/.test(r));
    if (bad !== undefined) return `regime "${bad}" is not a lowercase kebab-case name`;
    target.regimes = [...new Set(regimes)];
    return null;
  },
  "budget-usd-monthly": (target, raw) => {
    const value = nonNegativeNumber(raw);
    if (value === null) return `must be a non-negative number of US dollars, got "${raw}"`;
    target.budget = { ...target.budget, usdMonthly: value };
    return null;
  },
  "token-cap-monthly": (target, raw) => {
    const value = positiveInteger(raw, true);
    if (value === null) return `must be a whole number of tokens, got "${raw}"`;
    target.budget = { ...target.budget, tokensMonthly: value };
    return null;
  },
  "max-tokens-per-request": (target, raw) => {
    const value = positiveInteger(raw, false);
    if (value === null) return `must be a positive whole number of tokens, got "${raw}"`;
    target.budget = { ...target.budget, maxTokensPerRequest: value };
    return null;
  },
  owner: (target, raw) => {
    target.owner = raw.trim();
    return null;
  },
};

/** The classification key each label sets, as conflicts name it. */
export const LABEL_CLASSIFICATION_KEYS: Readonly<Record<string, string>> = {
  "data-class": "dataClass",
  regulated: "regulated",
  regimes: "regimes",
  "budget-usd-monthly": "budget.usdMonthly",
  "token-cap-monthly": "budget.tokensMonthly",
  "max-tokens-per-request": "budget.maxTokensPerRequest",
  owner: "owner",
};

/** modelgate.dev/ keys that belong to other features and must not be reported as typos. */
const OTHER_KEYS = new Set(["waivers", "waiver", "ignore"]);

export const CLASSIFICATION_KEYS = Object.keys(SETTERS).map((key) => LABEL_PREFIX + key);

export interface LabelEntry {
  key: string;
  value: string;
  source: SourceLocation;
}

/**
 * Reads modelgate.dev/ keys into a partial classification. Bad values and unknown keys become
 * problems at the label's own position, so a typo never silently drops a classification.
 */
export function readLabels(entries: LabelEntry[]): { classification: Classification; keys: Set<string>; problems: Problem[] } {
  const classification: Classification = {};
  const keys = new Set<string>();
  const problems: Problem[] = [];
  for (const entry of entries) {
    if (!entry.key.startsWith(LABEL_PREFIX)) continue;
    const name = entry.key.slice(LABEL_PREFIX.length);
    const setter = SETTERS[name];
    if (!setter) {
      if (!OTHER_KEYS.has(name)) {
        problems.push({
          message: `unknown classification key "${entry.key}"; expected one of ${CLASSIFICATION_KEYS.join(", ")}`,
          source: entry.source,
        });
      }
      continue;
    }
    const error = setter(classification, entry.value);
    if (error) problems.push({ message: `${entry.key} ${error}`, source: entry.source });
    else keys.add(name);
  }
  return { classification, keys, problems };
}
