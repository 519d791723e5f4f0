import type { Classification, ClassificationConflict, ClassificationOrigin, DataClass, SourceLocation } from "../../model/canonical";

/** Fills keys of `base` that `nearer` lacks; `nearer` wins key by key (budget fields one by one). */
export function mergeClassification(nearer: Classification, base: Classification): Classification {
  const merged: Classification = { ...base, ...stripUndefined(nearer) };
  if (base.budget || nearer.budget) merged.budget = { ...base.budget, ...stripUndefined(nearer.budget ?? {}) };
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function isEmptyClassification(value: Classification): boolean {
  return Object.keys(value).length === 0;
}

/** One source's part of a classification, as a conflict names it. */
export interface ClassificationPart {
  classification: Classification;
  origin: ClassificationOrigin;
  source: SourceLocation;
  /** Where each key was set ("dataClass", "budget.usdMonthly"), when more precise than `source`. */
  keySources?: ReadonlyMap<string, SourceLocation>;
}

type ConflictValue = ClassificationConflict["values"][number]["value"];

const DATA_CLASS_ORDER: readonly DataClass[] = ["public", "internal", "confidential", "restricted"];

type BudgetKey = keyof NonNullable<Classification["budget"]>;
const BUDGET_KEYS: readonly BudgetKey[] = ["usdMonthly", "tokensMonthly", "maxTokensPerRequest"];

/** The keys a conflict can be about, each with how to read it from a classification. */
const CONFLICT_KEYS: ReadonlyArray<[string, (c: Classification) => ConflictValue | undefined]> = [
  ["dataClass", (c) => c.dataClass],
  ["regulated", (c) => c.regulated],
  ["regimes", (c) => (c.regimes === undefined ? undefined : [...c.regimes].sort())],
  ...BUDGET_KEYS.map((key): [string, (c: Classification) => ConflictValue | undefined] => [`budget.${key}`, (c) => c.budget?.[key]]),
  ["owner", (c) => c.owner],
];

/**
 * The classification of sources that stand at the same level (a label and an annotation on one
 * object, an object and its pod template, two definitions of one Namespace): key by key the
 * stricter value. Data classes by sensitivity, `regulated: true` over false, regimes united,
 * budget caps the lower; `owner` has no order, so the first part's stands (and is a conflict).
 */
export function strictestClassification(parts: readonly Classification[]): Classification {
  const out: Classification = {};
  for (const part of parts) {
    if (part.dataClass !== undefined && (out.dataClass === undefined || DATA_CLASS_ORDER.indexOf(part.dataClass) > DATA_CLASS_ORDER.indexOf(out.dataClass))) {
      out.dataClass = part.dataClass;
    }
    if (part.regulated !== undefined) out.regulated = out.regulated === true || part.regulated;
    if (part.regimes !== undefined) out.regimes = [...new Set([...(out.regimes ?? []), ...part.regimes])];
    for (const key of BUDGET_KEYS) {
      const value = part.budget?.[key];
      if (value === undefined) continue;
      const current = out.budget?.[key];
      out.budget = { ...out.budget, [key]: current === undefined ? value : Math.min(current, value) };
    }
    if (part.owner !== undefined) out.owner ??= part.owner;
  }
  return out;
}

/** Keys the parts set to different values: one conflict per key, naming every part that set it. */
export function classificationConflicts(parts: readonly ClassificationPart[]): ClassificationConflict[] {
  const conflicts: ClassificationConflict[] = [];
  for (const [key, read] of CONFLICT_KEYS) {
    const setting = parts.filter((part) => read(part.classification) !== undefined);
    const distinct = new Set(setting.map((part) => JSON.stringify(read(part.classification))));
    if (distinct.size < 2) continue;
    conflicts.push({
      key,
      values: setting.map((part) => ({ value: read(part.classification)!, origin: part.origin, source: part.keySources?.get(key) ?? part.source })),
    });
  }
  return conflicts;
}
