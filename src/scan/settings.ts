import type { AdapterSettings } from "../adapters/types";
import type { Classification } from "../model/canonical";

interface BundleDataView {
  modelgate?: {
    index?: { hosts?: Record<string, string>; keyVars?: Record<string, string> };
    catalog?: { providers?: { operators?: Array<{ baseUrlVars?: string[] }> } };
    policy?: { internalDomains?: string[]; defaultClassification?: Classification | null };
  };
}

/** Adapter settings come from the bundle's own data, so a custom bundle's catalogue and policy apply. */
export function settingsFromBundleData(data: unknown): AdapterSettings {
  const view = (data as BundleDataView).modelgate ?? {};
  return {
    internalDomains: view.policy?.internalDomains ?? [],
    defaultClassification: view.policy?.defaultClassification ?? null,
    knownHosts: new Set(Object.keys(view.index?.hosts ?? {})),
    keyVars: new Set(Object.keys(view.index?.keyVars ?? {})),
    baseUrlVars: new Set((view.catalog?.providers?.operators ?? []).flatMap((op) => op.baseUrlVars ?? [])),
  };
}
