import { normalizeProviderName } from "./provider-names";
import { describeSchemaErrors, validator } from "../schemas";
import { CatalogError } from "./load";
import type { ProviderCatalog, ServedByAggregator, ServedByModel } from "./types";

/**
 * Importer of who serves which model on OpenRouter, from its published endpoint lists:
 * `GET /api/v1/models/{author}/{slug}/endpoints` answers `{data: {id, name, endpoints: [{name,
 * provider_name, tag, ...}]}}` (openrouter.ai/docs, ListEndpointsResponse). Each saved response
 * becomes one `servedBy.openrouter.models` entry: the published provider names, the catalogue
 * operators they map to (by OpenRouter provider name, else by the endpoint tag's provider slug),
 * and the names without an operator, which keep the rules strict. A full list is `complete`.
 */
export const ENDPOINTS_SOURCE = "OpenRouter endpoints API (/api/v1/models/{author}/{slug}/endpoints), imported by modelgate catalog import";

export const ENDPOINTS_DOC = {
  title: "OpenRouter API reference: list endpoints for a model (GET /api/v1/models/{author}/{slug}/endpoints)",
  url: "https://openrouter.ai/docs/sdks/python/api-reference/operations/listendpointsresponse",
};

const MODEL_ID = /^[a-z0-9][a-z0-9._:/@+-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export interface EndpointsImport {
  models: Record<string, ServedByModel>;
  skipped: Array<{ model: string; reason: string }>;
}

/** OpenRouter provider name or slug → operator id, from the catalogue's aggregator names and ids. */
function providerLookup(providers: ProviderCatalog): (name: string) => string | null {
  const byName = new Map<string, string>();
  for (const op of providers.operators) {
    for (const name of op.aggregatorNames?.openrouter ?? []) byName.set(normalizeProviderName(name), op.id);
  }
  const bySlug = new Map<string, string>();
  for (const op of providers.operators) {
    for (const name of [op.id, op.name, ...Object.values(op.aggregatorNames ?? {}).flat()]) {
      const key = normalizeProviderName(name);
      if (!bySlug.has(key)) bySlug.set(key, op.id);
    }
  }
  return (name) => byName.get(normalizeProviderName(name)) ?? bySlug.get(normalizeProviderName(name)) ?? null;
}

/** Reads saved endpoint responses (one response, or an array of them) into served-by entries. */
export function importOpenRouterEndpoints(responses: unknown[], asOf: string, providers: ProviderCatalog): EndpointsImport {
  const lookup = providerLookup(providers);
  const result: EndpointsImport = { models: {}, skipped: [] };
  for (const response of responses) {
    const data = isObject(response) ? response.data : undefined;
    if (!isObject(data) || !Array.isArray(data.endpoints)) {
      throw new CatalogError(
        'not an OpenRouter endpoints list: expected {"data": {"id": ..., "endpoints": [...]}} as returned by GET /api/v1/models/{author}/{slug}/endpoints',
      );
    }
    const id = typeof data.id === "string" ? data.id.toLowerCase() : "";
    if (!MODEL_ID.test(id) || !id.includes("/")) {
      result.skipped.push({ model: String(data.id), reason: "not a valid {author}/{slug} model id" });
      continue;
    }
    if (result.models[id]) {
      result.skipped.push({ model: id, reason: "listed twice" });
      continue;
    }
    const names: string[] = [];
    const operators = new Set<string>();
    const unknown: string[] = [];
    for (const endpoint of data.endpoints) {
      if (!isObject(endpoint)) continue;
      const name = typeof endpoint.provider_name === "string" ? endpoint.provider_name.trim() : "";
      const tag = typeof endpoint.tag === "string" ? endpoint.tag.split("/")[0] : "";
      if (name === "" && tag === "") continue;
      const label = name || tag;
      if (!names.includes(label)) names.push(label);
      const op = (name ? lookup(name) : null) ?? (tag ? lookup(tag) : null);
      if (op) operators.add(op);
      else if (!unknown.includes(label)) unknown.push(label);
    }
    if (names.length === 0) {
      result.skipped.push({ model: id, reason: "no endpoint names a provider" });
      continue;
    }
    result.models[id] = {
      providers: names,
      operators: [...operators].sort(),
      ...(unknown.length > 0 ? { unknownProviders: unknown } : {}),
      complete: true,
      verified: true,
      asOf,
      source: ENDPOINTS_SOURCE,
    };
  }
  return result;
}

export interface ServedByMerge {
  section: ServedByAggregator;
  imported: number;
  /** Entries recorded by hand (another source) for the same model, kept as they are. */
  manualWins: string[];
  /** Models of an earlier import that the new one no longer lists. */
  removed: string[];
}

/**
 * Merges an import into a `servedBy.openrouter` section (or a new one): entries of an earlier
 * import are replaced, entries recorded by hand (any other source) are kept and win.
 */
export function mergeServedBy(existing: ServedByAggregator | undefined, imported: EndpointsImport, asOf: string): ServedByMerge {
  const section: ServedByAggregator = existing ?? { asOf, sources: [ENDPOINTS_DOC], families: [], models: {} };
  const manual = Object.entries(section.models).filter(([, entry]) => entry.source !== ENDPOINTS_SOURCE);
  const previous = Object.entries(section.models)
    .filter(([, entry]) => entry.source === ENDPOINTS_SOURCE)
    .map(([id]) => id);
  const manualIds = new Set(manual.map(([id]) => id));
  const manualWins = Object.keys(imported.models).filter((id) => manualIds.has(id));
  const kept = Object.entries(imported.models).filter(([id]) => !manualIds.has(id));
  const models = Object.fromEntries([...manual, ...kept].sort(([a], [b]) => a.localeCompare(b)));
  const sources = section.sources.some((s) => s.url === ENDPOINTS_DOC.url) ? section.sources : [...section.sources, ENDPOINTS_DOC];
  const dates = [section.asOf, asOf].sort();
  const now = new Set(kept.map(([id]) => id));
  return {
    section: { ...section, asOf: dates.at(-1) ?? asOf, sources, models },
    imported: kept.length,
    manualWins,
    removed: previous.filter((id) => !now.has(id)),
  };
}

/** A provider catalogue with `servedBy.openrouter` replaced, checked against its schema. */
export function withServedBy(catalog: ProviderCatalog, section: ServedByAggregator): ProviderCatalog {
  const next: ProviderCatalog = { ...catalog, servedBy: { ...catalog.servedBy, openrouter: section } };
  const validate = validator("provider-catalog");
  if (!validate(next)) {
    const details = describeSchemaErrors(validate.errors).map((e) => `  ${e.pointer || "/"}: ${e.message}`);
    throw new CatalogError(`the imported provider catalogue does not match schemas/provider-catalog.schema.json:\n${details.join("\n")}`);
  }
  return next;
}
