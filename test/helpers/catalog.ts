/** The built-in provider catalogue (policies/data/providers.json) as adapters see it. */
import { catalogView, type CatalogView } from "../../src/adapters/core/catalog";
import type { AdapterSettings } from "../../src/adapters/core/types";
import { loadCatalogs } from "../../src/catalog/load";

export const CATALOG: CatalogView = catalogView(loadCatalogs().providers);

/** Adapter settings with the built-in catalogue and no project classification. */
export const catalogSettings: AdapterSettings = { configClassification: null, catalog: CATALOG };
