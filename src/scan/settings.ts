import { catalogFromBundleData } from "../adapters/core/catalog";
import type { AdapterSettings } from "../adapters/core/types";
import type { Classification } from "../model/canonical";

interface BundleDataView {
  modelgate?: {
    policy?: { internalDomains?: string[]; defaultClassification?: Classification | null };
  };
}

/** Adapter settings come from the bundle's own data, so a custom bundle's catalogue and policy apply. */
export function settingsFromBundleData(data: unknown): AdapterSettings {
  const view = (data as BundleDataView).modelgate ?? {};
  return {
    internalDomains: view.policy?.internalDomains ?? [],
    defaultClassification: view.policy?.defaultClassification ?? null,
    catalog: catalogFromBundleData(data),
  };
}
