/** Model identifiers as clients write them: LiteLLM-style `provider/model` prefixes and indirection. */

import type { ModelRef } from "../../model/canonical";
import type { CatalogView } from "../core/catalog";

const INDIRECTION = /\$\(|\$\{|\$[A-Za-z_]|\{\{|^os\.environ\//;

export interface ModelInfo {
  model: ModelRef;
  sdkPrefix: string | null;
  type: string | null;
}

export function hasIndirection(raw: string): boolean {
  return INDIRECTION.test(raw);
}

/**
 * A model written as a literal: `deepseek/deepseek-chat` sets the SDK prefix when the catalogue
 * knows the prefix; `${MODEL}` is unresolved.
 */
export function modelInfo(raw: string, catalog: CatalogView): ModelInfo {
  const text = raw.trim();
  if (text === "" || hasIndirection(text)) return { model: { id: null, raw, resolved: false }, sdkPrefix: null, type: null };
  const slash = text.indexOf("/");
  if (slash > 0) {
    const prefix = text.slice(0, slash).toLowerCase();
    if (catalog.sdkPrefixes.has(prefix)) {
      return {
        model: { id: text.slice(slash + 1), raw, resolved: true },
        sdkPrefix: prefix,
        type: catalog.genericPrefixes.has(prefix) ? prefix : null,
      };
    }
  }
  return { model: { id: text, raw, resolved: true }, sdkPrefix: null, type: null };
}

/** A model that cannot be known before deploy (a Secret not in the scan, a fieldRef). */
export function unresolvedModel(raw: string): ModelInfo {
  return { model: { id: null, raw, resolved: false }, sdkPrefix: null, type: null };
}
