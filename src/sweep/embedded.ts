/**
 * JSON or YAML held in a string (a config file in a ConfigMap key, `LLM_CONFIG='{"base_url": ...}'`),
 * read with the same bounded, memoised reader the Kubernetes adapter uses, so the sweep and the
 * adapters see one structure.
 */

import type { CatalogView } from "../adapters/core/catalog";
import type { AdapterSettings } from "../adapters/core/types";
import { structuredValue } from "../adapters/kubernetes/values";

/** The reader memoises per settings object; the sweep has a catalogue only, so it keeps one per catalogue. */
const keys = new WeakMap<CatalogView, AdapterSettings>();

export function embeddedStructure(raw: string, catalog: CatalogView): unknown {
  let settings = keys.get(catalog);
  if (!settings) keys.set(catalog, (settings = { configClassification: null, catalog }));
  return structuredValue(raw, settings);
}
