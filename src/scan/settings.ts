import type { AdapterSettings } from "../adapters/types";

interface BundleDataView {
  modelgate?: {
    index?: { hosts?: Record<string, string>; keyVars?: Record<string, string> };
    catalog?: { providers?: { operators?: Array<{ baseUrlVars?: string[] }> } };
  };
}

/** Adapter settings come from the bundle's own catalogue, so a custom bundle's providers apply; never from its policy. */
export function settingsFromBundleData(data: unknown): AdapterSettings {
  const view = (data as BundleDataView).modelgate ?? {};
  return {
    configClassification: null,
    knownHosts: new Set(Object.keys(view.index?.hosts ?? {})),
    keyVars: new Set(Object.keys(view.index?.keyVars ?? {})),
    baseUrlVars: new Set((view.catalog?.providers?.operators ?? []).flatMap((op) => op.baseUrlVars ?? [])),
  };
}
