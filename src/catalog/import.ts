import { describeSchemaErrors, validator } from "../schemas";
import { CatalogError } from "./load";
import type { PriceEntry, PricingCatalog, ProviderCatalog } from "./types";

/**
 * Importers from public price lists into the pricing catalogue (USD per million tokens):
 * - OpenRouter `GET /api/v1/models`: `{data: [{id, canonical_slug, hugging_face_id, pricing:
 *   {prompt, completion, input_cache_read}}]}`, prices as strings in USD per token, priced for the
 *   operator `openrouter` (what OpenRouter charges, wherever it routes);
 * - LiteLLM `model_prices_and_context_window.json`: `{<model>: {litellm_provider, mode,
 *   input_cost_per_token, output_cost_per_token, cache_read_input_token_cost}}`, floats in USD per
 *   token, priced for the operator the provider name maps to; the `sample_spec` stub is skipped.
 */
export type Importer = "openrouter" | "litellm";

/** The `source` every imported entry carries; entries with another source are manual and survive re-imports. */
export const IMPORT_SOURCES: Record<Importer, string> = {
  openrouter: "OpenRouter models API (/api/v1/models), imported by modelgate catalog import",
  litellm: "LiteLLM model_prices_and_context_window.json, imported by modelgate catalog import",
};

const MODEL_ID = /^[a-z0-9~][a-z0-9._:/@+-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface Skipped {
  model: string;
  reason: string;
}

export interface ImportResult {
  entries: PriceEntry[];
  skipped: Skipped[];
}

/**
 * What to keep of a price list. `providers`: operator ids (LiteLLM: the operator the
 * `litellm_provider` maps to; OpenRouter, whose prices are all the `openrouter` operator's: the
 * model's author, the id's first segment, e.g. `openai`, `meta-llama`). `origin`: where the file
 * came from (a release, commit or URL and its date), appended to every entry's source.
 */
export interface ImportOptions {
  providers?: ReadonlySet<string>;
  origin?: string;
}

/** The source an imported entry carries: the importer's, plus the origin of the file when given. */
export function importSource(importer: Importer, origin?: string): string {
  const text = origin?.trim();
  return text ? `${IMPORT_SOURCES[importer]} (${text})` : IMPORT_SOURCES[importer];
}

/** Whether an entry came from an earlier import by this importer, whatever file it came from. */
export function isImported(entry: Pick<PriceEntry, "source">, importer: Importer): boolean {
  const base = IMPORT_SOURCES[importer];
  return entry.source === base || (entry.source ?? "").startsWith(`${base} (`);
}

/** USD per token (string or number) → USD per million, without binary-float noise (0.00000014 → 0.14). */
export function perMillion(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : typeof value === "number" ? value : NaN;
  if (!Number.isFinite(n) || n < 0) return null;
  return Number((n * 1e6).toPrecision(12));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Claims aliases for one operator so that no id or alias names two entries of it. */
class AliasClaims {
  private readonly claimed = new Set<string>();
  model(id: string): boolean {
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }
  aliases(candidates: Array<string | null | undefined>, model: string): string[] {
    const out: string[] = [];
    for (const raw of candidates) {
      const alias = raw?.toLowerCase();
      if (!alias || alias === model || !MODEL_ID.test(alias) || this.claimed.has(alias)) continue;
      this.claimed.add(alias);
      out.push(alias);
    }
    return out;
  }
}

export function importOpenRouter(json: unknown, asOf: string, options: ImportOptions = {}): ImportResult {
  const data = isObject(json) ? json.data : undefined;
  if (!Array.isArray(data)) throw new CatalogError('not an OpenRouter models list: expected {"data": [...]} as returned by GET /api/v1/models');
  const result: ImportResult = { entries: [], skipped: [] };
  const claims = new AliasClaims();
  const models = (data as unknown[]).filter(isObject).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  for (const model of models) {
    const id = typeof model.id === "string" ? model.id.toLowerCase() : "";
    if (!MODEL_ID.test(id)) {
      result.skipped.push({ model: String(model.id), reason: "not a valid model id" });
      continue;
    }
    const author = id.includes("/") ? id.slice(0, id.indexOf("/")) : "";
    if (options.providers && !options.providers.has(author)) {
      result.skipped.push({ model: id, reason: "author not among --providers" });
      continue;
    }
    const pricing = isObject(model.pricing) ? model.pricing : {};
    const input = perMillion(pricing.prompt);
    const output = perMillion(pricing.completion);
    if (input === null || output === null) {
      result.skipped.push({ model: id, reason: "no fixed prompt and completion price (variable or missing)" });
      continue;
    }
    if (!claims.model(id)) {
      result.skipped.push({ model: id, reason: "listed twice" });
      continue;
    }
    const cached = perMillion(pricing.input_cache_read);
    const canonical = typeof model.canonical_slug === "string" ? model.canonical_slug : null;
    const hf = typeof model.hugging_face_id === "string" ? model.hugging_face_id : null;
    result.entries.push({
      model: id,
      operator: "openrouter",
      aliases: claims.aliases([canonical, hf], id),
      input,
      output,
      ...(cached !== null ? { cachedInput: cached } : {}),
      asOf,
      source: importSource("openrouter", options.origin),
    });
  }
  return result;
}

/** LiteLLM provider names that are not an operator's SDK prefix in the provider catalogue. */
const LITELLM_PROVIDERS: Record<string, string> = {
  "text-completion-openai": "openai",
  openai: "openai",
  azure: "azure-openai",
  azure_ai: "azure-openai",
  "azure-openai": "azure-openai",
  bedrock: "aws-bedrock",
  bedrock_converse: "aws-bedrock",
  gemini: "google",
  vertex_ai: "google-vertex",
  codestral: "mistral",
  text_completion_codestral: "mistral",
  dashscope: "alibaba",
  together_ai: "together",
  fireworks_ai: "fireworks",
  nvidia_nim: "nvidia",
};

/** Maps a LiteLLM provider name to an operator id of the catalogue, or null. */
export function litellmOperator(provider: string, providers: ProviderCatalog): string | null {
  const name = provider.toLowerCase();
  const ids = new Set(providers.operators.map((op) => op.id));
  const direct = LITELLM_PROVIDERS[name] ?? (name.startsWith("vertex_ai") ? "google-vertex" : null);
  if (direct && ids.has(direct)) return direct;
  const byPrefix = providers.operators.find((op) => (op.sdkPrefixes ?? []).includes(name));
  if (byPrefix) return byPrefix.id;
  return ids.has(name) ? name : null;
}

const CHAT_MODES = new Set(["chat", "completion", "responses"]);

export function importLiteLlm(json: unknown, asOf: string, providers: ProviderCatalog, options: ImportOptions = {}): ImportResult {
  if (!isObject(json)) throw new CatalogError("not a LiteLLM price list: expected an object keyed by model, as in model_prices_and_context_window.json");
  const result: ImportResult = { entries: [], skipped: [] };
  const claims = new Map<string, AliasClaims>();
  for (const key of Object.keys(json).sort()) {
    if (key === "sample_spec") continue; // LiteLLM's schema stub, not a model
    const spec = json[key];
    const id = key.toLowerCase();
    if (!isObject(spec)) {
      result.skipped.push({ model: key, reason: "not an object" });
      continue;
    }
    if (typeof spec.mode === "string" && !CHAT_MODES.has(spec.mode)) {
      result.skipped.push({ model: key, reason: `mode ${spec.mode} is not a chat or completion model` });
      continue;
    }
    if (!MODEL_ID.test(id)) {
      result.skipped.push({ model: key, reason: "not a valid model id" });
      continue;
    }
    const provider = typeof spec.litellm_provider === "string" ? spec.litellm_provider : "";
    const operator = provider ? litellmOperator(provider, providers) : null;
    if (!operator) {
      result.skipped.push({ model: key, reason: `litellm_provider "${provider}" is not an operator in the provider catalogue` });
      continue;
    }
    if (options.providers && !options.providers.has(operator)) {
      result.skipped.push({ model: key, reason: `operator ${operator} not among --providers` });
      continue;
    }
    const input = perMillion(spec.input_cost_per_token);
    const output = perMillion(spec.output_cost_per_token);
    if (input === null || output === null) {
      result.skipped.push({ model: key, reason: "no input_cost_per_token and output_cost_per_token" });
      continue;
    }
    let operatorClaims = claims.get(operator);
    if (!operatorClaims) claims.set(operator, (operatorClaims = new AliasClaims()));
    if (!operatorClaims.model(id)) {
      result.skipped.push({ model: key, reason: `another entry of ${operator} already uses this id` });
      continue;
    }
    const cached = perMillion(spec.cache_read_input_token_cost);
    const slash = id.indexOf("/");
    result.entries.push({
      model: id,
      operator,
      aliases: operatorClaims.aliases([slash > 0 ? id.slice(slash + 1) : null], id),
      input,
      output,
      ...(cached !== null ? { cachedInput: cached } : {}),
      asOf,
      source: importSource("litellm", options.origin),
    });
  }
  return result;
}

export interface MergeReport {
  catalog: PricingCatalog;
  imported: number;
  /** Entries of the existing catalogue with another source, kept as they are. */
  manualKept: number;
  /** Imported entries dropped because a manual entry prices the same operator and model. */
  manualWins: string[];
  /** Entries of an earlier import from the same source that the new list no longer has. */
  removed: string[];
  /** With `keepDelisted`: those entries, kept with their own source and date instead. */
  delistedKept: string[];
}

const key = (entry: Pick<PriceEntry, "operator" | "model">): string => `${entry.operator}/${entry.model}`;

/**
 * Merges an import into an existing catalogue: entries from an earlier import of the same source
 * are replaced by this one; manual entries (any other source) are kept and win over imported
 * prices for the same operator and model, and their ids and aliases are not reused as aliases.
 * With `keepDelisted`, entries of an earlier import that the new list no longer has (price lists
 * drop retired models that configurations still name) stay, with their own source and date, and
 * yield every name the new list or a manual entry uses.
 */
export function mergeImport(existing: PricingCatalog | null, imported: PriceEntry[], importer: Importer, asOf: string, keepDelisted = false): MergeReport {
  const manual = (existing?.models ?? []).filter((entry) => !isImported(entry, importer));
  const previous = (existing?.models ?? []).filter((entry) => isImported(entry, importer));
  const manualKeys = new Set(manual.map(key));
  const manualNames = new Map<string, Set<string>>();
  for (const entry of manual) {
    const names = manualNames.get(entry.operator) ?? new Set<string>();
    for (const name of [entry.model, ...(entry.aliases ?? [])]) names.add(name);
    manualNames.set(entry.operator, names);
  }
  const manualWins: string[] = [];
  const kept: PriceEntry[] = [];
  for (const entry of imported) {
    if (manualKeys.has(key(entry)) || manualNames.get(entry.operator)?.has(entry.model)) {
      manualWins.push(key(entry));
      continue;
    }
    const taken = manualNames.get(entry.operator);
    kept.push(taken ? { ...entry, aliases: (entry.aliases ?? []).filter((alias) => !taken.has(alias)) } : entry);
  }
  const now = new Set(kept.map(key));
  const delisted = previous.filter((entry) => !now.has(key(entry)));
  const carried: PriceEntry[] = [];
  if (keepDelisted) {
    const names = new Map<string, Set<string>>();
    for (const entry of [...manual, ...kept]) {
      const set = names.get(entry.operator) ?? new Set<string>();
      for (const name of [entry.model, ...(entry.aliases ?? [])]) set.add(name);
      names.set(entry.operator, set);
    }
    for (const entry of delisted) {
      const taken = names.get(entry.operator) ?? new Set<string>();
      if (taken.has(entry.model)) continue;
      const aliases = (entry.aliases ?? []).filter((alias) => !taken.has(alias));
      for (const name of [entry.model, ...aliases]) taken.add(name);
      names.set(entry.operator, taken);
      carried.push({ ...entry, aliases });
    }
  }
  const carriedKeys = new Set(carried.map(key));
  const removed = delisted.map(key).filter((k) => !carriedKeys.has(k));
  const models = [...manual, ...kept, ...carried];
  const dates = [existing?.asOf, asOf, ...models.map((m) => m.asOf)].filter((d): d is string => typeof d === "string" && DATE.test(d)).sort();
  const catalog: PricingCatalog = { currency: "USD", unit: "per-million-tokens", asOf: dates.at(-1) ?? asOf, models };
  const validate = validator("pricing-catalog");
  if (!validate({ ...catalog })) {
    const details = describeSchemaErrors(validate.errors).map((e) => `  ${e.pointer || "/"}: ${e.message}`);
    throw new CatalogError(`the imported pricing catalogue does not match schemas/pricing-catalog.schema.json:\n${details.join("\n")}`);
  }
  return { catalog, imported: kept.length, manualKept: manual.length, manualWins, removed, delistedKept: [...carriedKeys] };
}

export function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
