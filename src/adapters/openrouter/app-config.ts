/**
 * Application configs that hold aggregator request defaults: the model (and fallback `models`) an
 * app sends to OpenRouter or Vercel AI Gateway, with the routing preferences that go with them.
 *
 * Recognised (in JSON or YAML, at the top level or nested up to MAX_DEPTH maps deep):
 *  - OpenRouter request defaults: a map with `model` (string) or `models` (list) next to a
 *    `provider` map holding at least one routing key (only, ignore, order, allow_fallbacks, ...),
 *    or next to `extra_body.provider` (OpenAI SDK style);
 *  - an `openrouter:` section (any case) holding `model`/`models`/`default_model` or `provider`;
 *  - an OpenRouter preset (`GET /api/v1/presets/{slug}`: `{slug, designated_version: {config}}`,
 *    bare or under `data`), whose `config` is request defaults;
 *  - Vercel AI Gateway request defaults: a map with `providerOptions.gateway` (`provider_options`).
 * One route per model: `model` first, then each entry of `models` (and Vercel `gateway.models`),
 * each falling back to the ones after it. `~` aliases and `:variant` suffixes are kept as written;
 * `openrouter/auto` and indirections (`${VAR}`) are models chosen at run time. `@preset/{slug}`
 * takes the preset's models and routing when the preset is in the scan (request fields win).
 */

import path from "node:path";
import {
  CANONICAL_API_VERSION,
  emptyLimits,
  type AggregatorRouting,
  type LlmUsageDocument,
  type ModelRef,
  type Problem,
  type Route,
} from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { resolveClassification } from "../classification/resolve";
import { child, describeValue, field, numberField, type Report } from "../core/fields";
import { readVercelGatewayOptions } from "../gateways/vercel";
import { isKubeObject, isRecord } from "../core/objects";
import { endpointFields, newRoute, type EndpointFields } from "../core/route";
import { sourceAt, type AdapterContext } from "../core/types";
import { isRoutingObject, mergeRouting, readProviderRouting } from "./routing";
import type { CatalogView, OperatorView, RoutingFormat } from "../core/catalog";

const MAX_DEPTH = 8;
const BASE_URL_KEYS = ["base_url", "baseURL", "baseUrl", "api_base", "apiBase", "api_url", "apiUrl"];
const INDIRECTION = /\$\{|\$\(|\{\{|^\s*os\.environ\/|^\s*\$[A-Za-z_]/;

/**
 * The shape of the routing preferences: `provider-preferences` (OpenRouter's `provider` object)
 * or `gateway-options` (Vercel AI Gateway's `providerOptions.gateway`). Which aggregators take
 * which shape is catalogue data (`routingFormat`).
 */
export type DefaultsKind = RoutingFormat;

/** One map of request defaults found in a document. */
export interface RequestDefaults {
  kind: DefaultsKind;
  /** The aggregator the defaults are sent to, from the catalogue: its default endpoint and name. */
  aggregator: OperatorView | null;
  value: Record<string, unknown>;
  pointer: string;
  /** Maps enclosing `value`, nearest first, to find a base URL set beside it. */
  ancestors: Array<{ value: Record<string, unknown>; pointer: string }>;
  /** Where the routing preferences are, if any. */
  routing: { value: unknown; pointer: string; label: string } | null;
  /** Slug of the preset this map is the config of. */
  presetSlug: string | null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function hasModel(value: Record<string, unknown>): boolean {
  return (
    stringOrNull(value.model) !== null || Array.isArray(value.models) || stringOrNull(value.default_model) !== null || stringOrNull(value.defaultModel) !== null
  );
}

/** A readable path for messages: "/openrouter/models/1" → "openrouter.models[1]". */
export function pointerLabel(pointer: string): string {
  if (pointer === "") return "(top level)";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((out, seg) => (/^\d+$/.test(seg) ? `${out}[${seg}]` : out === "" ? seg : `${out}.${seg}`), "");
}

function providerOptionsGateway(value: Record<string, unknown>): { value: unknown; pointer: string } | null {
  for (const key of ["providerOptions", "provider_options"]) {
    const options = value[key];
    if (isRecord(options) && options.gateway !== undefined && options.gateway !== null) {
      return { value: options.gateway, pointer: `/${key}/gateway` };
    }
  }
  return null;
}

/** Every map of aggregator request defaults in a document value. */
export function findRequestDefaults(root: unknown, catalog: CatalogView): RequestDefaults[] {
  const found: RequestDefaults[] = [];
  if (isKubeObject(root)) return found;
  const preferences = catalog.aggregatorsWithFormat("provider-preferences");
  const gatewayOptions = catalog.aggregatorsWithFormat("gateway-options");
  // a config section named after an aggregator (`openrouter:`) holds that aggregator's defaults
  const sectionOf = (key: string): OperatorView | null => {
    const name = key.toLowerCase();
    return preferences.find((op) => op.id === name || op.sdkPrefixes.includes(name)) ?? null;
  };
  type Ancestor = { value: Record<string, unknown>; pointer: string };
  const visit = (node: unknown, pointer: string, depth: number, ancestors: Ancestor[], section: OperatorView | null): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, child(pointer, i), depth + 1, ancestors, null));
      return;
    }
    if (!isRecord(node)) return;
    const here = { value: node, pointer };
    const candidate = (kind: DefaultsKind, routing: RequestDefaults["routing"], presetSlug: string | null = null): void => {
      const aggregator = kind === "gateway-options" ? (gatewayOptions[0] ?? null) : (section ?? preferences[0] ?? null);
      found.push({ kind, aggregator, value: node, pointer, ancestors, routing, presetSlug });
    };
    // An OpenRouter preset: its designated version's config holds the request defaults.
    const version = node.designated_version ?? node.designatedVersion;
    if (isRecord(version) && isRecord(version.config)) {
      const versionKey = node.designated_version !== undefined ? "designated_version" : "designatedVersion";
      const config = version.config;
      const configPointer = child(child(pointer, versionKey), "config");
      const slug = stringOrNull(node.slug) ?? stringOrNull(node.name) ?? "(unnamed preset)";
      const routing =
        config.provider !== undefined && config.provider !== null
          ? { value: config.provider, pointer: child(configPointer, "provider"), label: "provider" }
          : null;
      found.push({
        kind: "provider-preferences",
        aggregator: preferences[0] ?? null,
        value: config,
        pointer: configPointer,
        ancestors: [here, ...ancestors],
        routing,
        presetSlug: slug,
      });
      return;
    }
    const gateway = providerOptionsGateway(node);
    if (gateway !== null) {
      candidate("gateway-options", { value: gateway.value, pointer: `${pointer}${gateway.pointer}`, label: pointerLabel(gateway.pointer) });
      return;
    }
    if (isRoutingObject(node.provider) && hasModel(node)) {
      candidate("provider-preferences", { value: node.provider, pointer: child(pointer, "provider"), label: "provider" });
      return;
    }
    const extraBody = node.extra_body ?? node.extraBody;
    if (isRecord(extraBody) && isRoutingObject(extraBody.provider) && hasModel(node)) {
      const key = node.extra_body !== undefined ? "extra_body" : "extraBody";
      candidate("provider-preferences", { value: extraBody.provider, pointer: child(child(pointer, key), "provider"), label: `${key}.provider` });
      return;
    }
    if (section && (hasModel(node) || isRoutingObject(node.provider))) {
      const routing =
        node.provider !== undefined && node.provider !== null ? { value: node.provider, pointer: child(pointer, "provider"), label: "provider" } : null;
      candidate("provider-preferences", routing);
      return;
    }
    // Request defaults beside the aggregator's own base URL (`base_url: https://openrouter.ai/api/v1`
    // and a `model`), with no routing preferences at all: the aggregator picks the operator.
    const beside = hasModel(node) ? aggregatorAtBase(node, preferences, catalog) : null;
    if (beside !== null) {
      found.push({ kind: "provider-preferences", aggregator: beside, value: node, pointer, ancestors, routing: null, presetSlug: null });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== "object" || value === null) continue;
      visit(value, child(pointer, key), depth + 1, [here, ...ancestors], sectionOf(key));
    }
  };
  visit(root, "", 0, [], null);
  return found;
}

/** The provider-preferences aggregator whose API a map's own base URL names, if any. */
function aggregatorAtBase(node: Record<string, unknown>, preferences: readonly OperatorView[], catalog: CatalogView): OperatorView | null {
  for (const key of BASE_URL_KEYS) {
    const text = stringOrNull(node[key]);
    if (text === null || !URL.canParse(text)) continue;
    // the catalogue's host lookup refuses names longer than DNS allows (a value a file controls)
    const operator = catalog.operatorOfHost(new URL(text).hostname);
    const aggregator = operator === null ? undefined : preferences.find((op) => op.id === operator.id);
    if (aggregator !== undefined) return aggregator;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Presets across the scan

export interface PresetDefinition {
  slug: string;
  doc: ParsedDocument;
  defaults: RequestDefaults;
}

const presetCache = new WeakMap<object, Map<string, PresetDefinition>>();

/** OpenRouter presets anywhere in the scan, by slug (first definition wins). */
export function scanPresets(ctx: AdapterContext): Map<string, PresetDefinition> {
  const cached = presetCache.get(ctx.index);
  if (cached) return cached;
  const presets = new Map<string, PresetDefinition>();
  for (const doc of ctx.index.documents) {
    for (const defaults of findRequestDefaults(doc.value, ctx.settings.catalog)) {
      if (defaults.presetSlug !== null && !presets.has(defaults.presetSlug)) presets.set(defaults.presetSlug, { slug: defaults.presetSlug, doc, defaults });
    }
  }
  presetCache.set(ctx.index, presets);
  return presets;
}

// ---------------------------------------------------------------------------
// Routes

interface ModelEntry {
  raw: string;
  pointer: string;
  doc: ParsedDocument;
}

/**
 * A model as the aggregator reads it. LiteLLM-style `{prefix}/deepseek/deepseek-chat` drops the
 * aggregator's own prefix; `{prefix}/auto` (OpenRouter's auto router) and `@preset/...` are chosen
 * at run time.
 */
export function openRouterModel(raw: string, aggregator: OperatorView | null): ModelRef {
  const text = raw.trim();
  if (text === "" || INDIRECTION.test(text)) return { id: null, raw, resolved: false };
  let id = text;
  const lower = text.toLowerCase();
  const own = aggregator?.routingFormat === "provider-preferences" ? aggregator.sdkPrefixes.find((prefix) => lower.startsWith(`${prefix}/`)) : undefined;
  if (own !== undefined && /^[^/]+\/.+/.test(text.slice(own.length + 1))) id = text.slice(own.length + 1);
  const auto = aggregator?.sdkPrefixes.some((prefix) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/auto(:.*)?$`, "i").test(id)) ?? false;
  if (auto || /^@preset\//i.test(id)) return { id: null, raw, resolved: false };
  return { id, raw, resolved: true };
}

class AppConfigReader {
  readonly problems: Problem[] = [];
  readonly routes: Route[] = [];

  constructor(
    private readonly doc: ParsedDocument,
    private readonly ctx: AdapterContext,
  ) {}

  report(doc: ParsedDocument): Report {
    return (message, pointer) => this.problems.push({ message, source: sourceAt(doc, pointer) });
  }

  private models(defaults: RequestDefaults, doc: ParsedDocument, report: Report, extra: Array<{ id: string; pointer: string }>): ModelEntry[] {
    const entries: ModelEntry[] = [];
    const add = (value: unknown, pointer: string, label: string): void => {
      if (typeof value === "string" && value.trim() !== "") {
        if (!entries.some((e) => e.raw.trim() === value.trim())) entries.push({ raw: value, pointer, doc });
      } else report(`${label} must be a model id such as "anthropic/claude-sonnet-4.6", got ${describeValue(value)}`, pointer);
    };
    for (const key of ["model", "default_model", "defaultModel"]) {
      if (defaults.value[key] !== undefined && defaults.value[key] !== null) {
        add(defaults.value[key], child(defaults.pointer, key), key);
        break;
      }
    }
    const list = defaults.value.models;
    if (list !== undefined && list !== null) {
      if (Array.isArray(list)) list.forEach((item, i) => add(item, child(child(defaults.pointer, "models"), i), `models[${i}]`));
      else report(`models must be a list of fallback model ids, got ${describeValue(list)}`, child(defaults.pointer, "models"));
    }
    for (const item of extra) add(item.id, item.pointer, "gateway.models");
    return entries;
  }

  private endpoint(defaults: RequestDefaults): EndpointFields {
    for (const holder of [{ value: defaults.value, pointer: defaults.pointer }, ...defaults.ancestors]) {
      for (const key of BASE_URL_KEYS) {
        const value = holder.value[key];
        if (typeof value === "string" && value.trim() !== "") return endpointFields(value, this.ctx.settings);
      }
    }
    const fallback = defaults.aggregator?.defaultEndpoint ?? null;
    if (fallback === null) {
      return {
        endpoint: null,
        unresolvedEndpoint: { raw: "", reason: `the catalogue names no aggregator with a default endpoint for ${defaults.kind} routing` },
      };
    }
    return endpointFields(fallback, this.ctx.settings);
  }

  private routing(defaults: RequestDefaults, report: Report): { routing: AggregatorRouting; fallbackModels: Array<{ id: string; pointer: string }> } {
    if (defaults.routing === null) return { routing: {}, fallbackModels: [] };
    const { value, pointer, label } = defaults.routing;
    if (defaults.kind === "gateway-options") {
      if (!isRecord(value)) {
        report(`${label} must be a map of AI Gateway options, got ${describeValue(value)}`, pointer);
        return { routing: {}, fallbackModels: [] };
      }
      const options = readVercelGatewayOptions(value, pointer, label, report);
      return { routing: options.routing, fallbackModels: options.models };
    }
    return { routing: readProviderRouting(value, pointer, label, report), fallbackModels: [] };
  }

  add(defaults: RequestDefaults): void {
    const report = this.report(this.doc);
    const { routing, fallbackModels } = this.routing(defaults, report);
    let entries = this.models(defaults, this.doc, report, fallbackModels);
    let effectiveRouting = routing;
    let presetNote: string | null = null;
    let maxTokensHolder = { value: defaults.value, pointer: defaults.pointer, doc: this.doc };

    // `@preset/{slug}` as the model: the preset supplies models and routing; the request's own fields win.
    const presetRef = entries.length > 0 ? /^@preset\/(.+)$/i.exec(entries[0].raw.trim()) : null;
    // Findings on models a preset supplies point at the request's `@preset/...` model.
    const presetUse = presetRef ? entries[0].pointer : null;
    if (presetRef) {
      const preset = scanPresets(this.ctx).get(presetRef[1]);
      if (preset) {
        const presetReport = this.report(preset.doc);
        const presetRouting = this.routing(preset.defaults, presetReport);
        const presetModels = this.models(preset.defaults, preset.doc, presetReport, presetRouting.fallbackModels);
        const requestFallbacks = entries.slice(1);
        entries = requestFallbacks.length > 0 && presetModels.length > 0 ? [presetModels[0], ...requestFallbacks] : presetModels;
        effectiveRouting = mergeRouting(presetRouting.routing, routing);
        presetNote = `preset ${preset.slug} (${preset.doc.file})`;
        if (field(defaults.value, "max_tokens") === null) {
          maxTokensHolder = { value: preset.defaults.value, pointer: preset.defaults.pointer, doc: preset.doc };
        }
      }
    }
    if (presetNote !== null) effectiveRouting = { ...effectiveRouting, constraintSource: presetNote };
    if (defaults.presetSlug !== null) effectiveRouting = { ...effectiveRouting, constraintSource: `preset ${defaults.presetSlug}` };

    const maxTokens = field(maxTokensHolder.value, "max_tokens");
    const maxTokensPerRequest =
      maxTokens === null ? null : numberField(maxTokens.value, child(maxTokensHolder.pointer, maxTokens.key), maxTokens.key, this.report(maxTokensHolder.doc));
    const endpoint = this.endpoint(defaults);
    const service = defaults.aggregator?.name ?? "aggregator";
    const what = defaults.presetSlug !== null ? `OpenRouter preset ${defaults.presetSlug}` : `${service} config ${pointerLabel(defaults.pointer)}`;

    if (entries.length === 0) {
      const id = defaults.pointer === "" ? "model" : `${defaults.pointer.slice(1)}/model`;
      this.routes.push(
        newRoute({
          id,
          via: `${what} (no model: chosen at run time)`,
          source: sourceAt(this.doc, defaults.pointer),
          endpoint,
          model: { id: null, raw: null, resolved: false },
          routing: effectiveRouting,
          limits: maxTokensPerRequest !== null ? { maxTokensPerRequest, origin: what } : {},
        }),
      );
      return;
    }
    // A preset's models live in another file: their ids name the request defaults and the preset.
    const base = defaults.pointer === "" ? "" : `${defaults.pointer.slice(1)}/`;
    const ids = entries.map((entry) => (entry.doc === this.doc ? entry.pointer.slice(1) : `${base}@preset/${presetRef![1]}${entry.pointer}`));
    entries.forEach((entry, i) => {
      const model = openRouterModel(entry.raw, defaults.aggregator);
      this.routes.push(
        newRoute({
          id: ids[i],
          via: `${entry.doc === this.doc && defaults.presetSlug === null ? `${service} config ${pointerLabel(entry.pointer)}` : `OpenRouter preset ${defaults.presetSlug ?? presetRef![1]} ${pointerLabel(/\/models?(\/\d+)?$/.exec(entry.pointer)?.[0] ?? "")}`}${i > 0 ? " (fallback)" : ""} ${entry.raw.trim()}`,
          source: entry.doc === this.doc ? sourceAt(entry.doc, entry.pointer) : sourceAt(this.doc, presetUse ?? defaults.pointer),
          endpoint,
          model,
          routing: { ...effectiveRouting },
          limits: maxTokensPerRequest !== null ? { maxTokensPerRequest, origin: what } : {},
          fallbacks: ids.slice(i + 1),
        }),
      );
    });
  }
}

/** The canonical document of one parsed document holding request defaults. */
export function adaptAppConfig(doc: ParsedDocument, ctx: AdapterContext, found: RequestDefaults[]): LlmUsageDocument {
  const reader = new AppConfigReader(doc, ctx);
  for (const defaults of found) reader.add(defaults);
  const file = doc.file.split(path.sep).join("/");
  const kind = found.every((d) => d.kind === "gateway-options")
    ? "VercelAIGatewayConfig"
    : found.every((d) => d.presetSlug !== null)
      ? "OpenRouterPreset"
      : "OpenRouterConfig";
  const resource = `${kind}/${file}${doc.index > 0 ? `#${doc.index}` : ""}`;
  const classification = resolveClassification([], doc.file, resource, ctx);
  return {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload: { kind, name: path.posix.basename(file), namespace: null, resource, source: sourceAt(doc, "") },
    classification: classification.classification,
    classificationSource: classification.classificationSource,
    classificationErrors: classification.classificationErrors,
    classificationConflicts: classification.classificationConflicts,
    routes: reader.routes,
    servers: [],
    limits: emptyLimits(),
    problems: reader.problems,
  };
}
