import { catalogFromBundleData } from "../adapters/core/catalog";
import type { AdapterSettings } from "../adapters/core/types";

/** Adapter settings come from the bundle's own catalogue, so a custom bundle's providers apply; never from its policy. */
export function settingsFromBundleData(data: unknown): AdapterSettings {
  return {
    configClassification: null,
    catalog: catalogFromBundleData(data),
  };
}
