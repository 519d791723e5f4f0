import type { Classification } from "../../model/canonical";

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
