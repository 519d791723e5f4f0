/**
 * Portkey gateway configs (portkey.ai/docs/product/ai-gateway/configs; Portkey-AI/gateway):
 * `strategy {mode: single|fallback|loadbalance|conditional, conditions, default}`, nested `targets[]`,
 * and on each target `provider`, `custom_host`, `override_params.model`, `virtual_key`, `api_key`,
 * in snake_case or camelCase. A config may also be a single target at the top level (no strategy, no
 * targets: a `provider` or `virtual_key` next to `override_params`, `custom_host`, `retry`, ...); a
 * `base_url` written in place of `custom_host` is read as one unless it is the Portkey gateway itself.
 * One route per leaf target:
 *   provider.sdkPrefix = the target's provider (as a catalogue prefix), endpoint = custom_host or none,
 *   so `provider: deepseek` is judged by its prefix and `provider: openai` + a Chinese custom_host
 *   by its host. Fields set on a config or strategy node are inherited by its targets.
 * A `fallback` node's targets fall back to the targets after them. A target that names only a
 * virtual key (or a Model Catalog `@integration`) hides its provider in Portkey: it is joined with a
 * virtual key export in the scan (`object: virtual-key`, `provider`/`ai_provider_name`,
 * `usage_limits {credit_limit, periodic_reset}`, `rate_limits [{type, unit, value}]`) when there is
 * one, and is unresolved otherwise. The config format itself carries no budget or rate limit.
 */

import path from "node:path";
import {
  CANONICAL_API_VERSION,
  emptyLimits,
  type Cap,
  type CapWindow,
  type Limits,
  type LlmUsageDocument,
  type ModelRef,
  type Problem,
  type Route,
} from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { resolveClassification } from "../classification/resolve";
import { child, describeValue, field, numberField, type Report } from "../core/fields";
import { catalogPrefix } from "../core/gateway-path";
import { isKubeObject, isRecord } from "../core/objects";
import { cap, days, endpointFields, LIFETIME, months, newRoute, seconds, type EndpointFields } from "../core/route";
import { sourceAt, type AdapterContext } from "../core/types";
import { pointerLabel } from "../openrouter/app-config";

/** The catalogue id (policies/data/providers.json `gateways`) of Portkey's provider names. */
const PORTKEY = "portkey";

const MODES = new Set(["single", "fallback", "loadbalance", "conditional"]);
const TARGET_KEYS = [
  "provider",
  "virtual_key",
  "virtualKey",
  "custom_host",
  "customHost",
  "override_params",
  "overrideParams",
  "targets",
  "strategy",
  "api_key",
  "apiKey",
];
/** Fields only a Portkey target carries: with a `provider`, they mark a single-target config. */
const PORTKEY_ONLY = ["override_params", "virtual_key", "custom_host", "retry", "cache", "request_timeout", "forward_headers", "strict_open_ai_compliance"];
/** The port of a self-hosted Portkey gateway (`npx @portkey-ai/gateway`): a base_url there is the gateway, not the upstream. */
const GATEWAY_PORT = 8787;
const HEADER = /^x-portkey-config$/i;
const MAX_DEPTH = 8;
const INDIRECTION = /\$\{|\$\(|\{\{|^\s*os\.environ\//;

export interface FoundConfig {
  value: Record<string, unknown>;
  pointer: string;
  /** Set when the config was JSON text inside a string (an `x-portkey-config` header value). */
  embeddedIn: string | null;
}

function looksLikeTarget(value: unknown): boolean {
  return isRecord(value) && TARGET_KEYS.some((key) => Object.hasOwn(value, key));
}

/** A Portkey config: a strategy with a known mode, targets that look like targets, or a virtual key / custom host target. */
export function isPortkeyConfig(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || isKubeObject(value)) return false;
  const strategy = value.strategy;
  if (isRecord(strategy) && typeof strategy.mode === "string" && MODES.has(strategy.mode.trim().toLowerCase())) return true;
  if (Array.isArray(value.targets) && value.targets.length > 0 && value.targets.some(looksLikeTarget) && !Object.hasOwn(value, "apiVersion")) return true;
  if (Object.hasOwn(value, "model_list") || Object.hasOwn(value, "apiVersion")) return false;
  // a config with a single top-level target (no strategy, no targets): a provider (or virtual key)
  // next to a field only Portkey targets carry
  const provider = field(value, "provider")?.value;
  if (field(value, "virtual_key") !== null) return true;
  if (typeof provider !== "string") return false;
  const overrides = field(value, "override_params")?.value;
  return PORTKEY_ONLY.some((key) => (key === "override_params" ? isRecord(overrides) : field(value, key) !== null));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Portkey configs in a document: the document itself, `config`/`data.config` wrappers, and `x-portkey-config` values. */
export function findPortkeyConfigs(root: unknown): FoundConfig[] {
  const found: FoundConfig[] = [];
  if (isKubeObject(root)) return found;
  const visit = (node: unknown, pointer: string, depth: number, key: string | null): void => {
    if (depth > MAX_DEPTH) return;
    if (typeof node === "string") {
      if (key !== null && HEADER.test(key)) {
        const parsed = parseJson(node);
        if (isPortkeyConfig(parsed)) found.push({ value: parsed, pointer, embeddedIn: key });
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, child(pointer, i), depth + 1, null));
      return;
    }
    if (!isRecord(node)) return;
    if (isPortkeyConfig(node)) {
      found.push({ value: node, pointer, embeddedIn: null });
      return;
    }
    for (const [name, value] of Object.entries(node)) visit(value, child(pointer, name), depth + 1, name);
  };
  visit(root, "", 0, null);
  return found;
}

// ---------------------------------------------------------------------------
// Virtual keys across the scan

interface VirtualKey {
  slug: string;
  provider: string | null;
  value: Record<string, unknown>;
  pointer: string;
  doc: ParsedDocument;
}

const virtualKeyCache = new WeakMap<object, Map<string, VirtualKey>>();

function scanVirtualKeys(ctx: AdapterContext): Map<string, VirtualKey> {
  const cached = virtualKeyCache.get(ctx.index);
  if (cached) return cached;
  const keys = new Map<string, VirtualKey>();
  const add = (doc: ParsedDocument, value: unknown, pointer: string): void => {
    if (!isRecord(value) || value.object !== "virtual-key" || typeof value.slug !== "string") return;
    const provider = typeof value.provider === "string" ? value.provider : typeof value.ai_provider_name === "string" ? value.ai_provider_name : null;
    if (!keys.has(value.slug)) keys.set(value.slug, { slug: value.slug, provider, value, pointer, doc });
  };
  for (const doc of ctx.index.documents) {
    const value = doc.value;
    if (!isRecord(value)) continue;
    add(doc, value, "");
    if (Array.isArray(value.data)) value.data.forEach((item, i) => add(doc, item, child("/data", i)));
    else add(doc, value.data, "/data");
  }
  virtualKeyCache.set(ctx.index, keys);
  return keys;
}

const RATE_WINDOWS: Readonly<Record<string, CapWindow>> = { rpm: seconds(60), rph: seconds(3_600), rpd: days(1) };
const RESETS: Readonly<Record<string, CapWindow>> = { weekly: days(7), monthly: months(1) };

function virtualKeyLimits(key: VirtualKey, report: Report): Partial<Limits> {
  const caps: Cap[] = [];
  const origin = `Portkey virtual key ${key.slug}`;
  const usage = key.value.usage_limits;
  if (isRecord(usage) && usage.credit_limit !== undefined && usage.credit_limit !== null) {
    const usd = numberField(usage.credit_limit, child(child(key.pointer, "usage_limits"), "credit_limit"), `${origin} usage_limits.credit_limit`, report);
    if (usd !== null) {
      const reset = typeof usage.periodic_reset === "string" ? usage.periodic_reset.trim().toLowerCase() : null;
      if (reset !== null && !(reset in RESETS))
        report(
          `${origin} usage_limits.periodic_reset must be weekly or monthly, got ${describeValue(usage.periodic_reset)}`,
          child(child(key.pointer, "usage_limits"), "periodic_reset"),
        );
      // a credit limit without a (readable) reset never resets
      caps.push(cap("usd", usd, reset !== null && reset in RESETS ? RESETS[reset] : LIFETIME, `${origin} usage_limits.credit_limit`));
    }
  }
  if (Array.isArray(key.value.rate_limits)) {
    key.value.rate_limits.forEach((limit, i) => {
      if (!isRecord(limit)) return;
      const window = typeof limit.unit === "string" ? RATE_WINDOWS[limit.unit.trim().toLowerCase()] : undefined;
      const value = typeof limit.value === "number" && limit.value >= 0 ? limit.value : null;
      if (window === undefined || value === null) {
        report(`${origin} rate_limits[${i}] must have unit rpm, rph or rpd and a numeric value`, child(child(key.pointer, "rate_limits"), i));
        return;
      }
      const metric = limit.type === "tokens" ? "tokens" : limit.type === "requests" ? "requests" : null;
      if (metric !== null) caps.push(cap(metric, value, window, `${origin} rate_limits[${i}]`));
    });
  }
  return caps.length > 0 ? { caps } : {};
}

// ---------------------------------------------------------------------------
// Targets

interface Inherited {
  provider: { value: string; pointer: string } | null;
  customHost: { value: string; pointer: string } | null;
  virtualKey: { value: string; pointer: string } | null;
  model: { value: string; pointer: string } | null;
}

interface Leaf {
  route: Route;
}

class PortkeyReader {
  readonly problems: Problem[] = [];
  readonly routes: Route[] = [];

  constructor(
    private readonly doc: ParsedDocument,
    private readonly ctx: AdapterContext,
    private readonly found: FoundConfig,
  ) {}

  /** Problems inside a config held in a string point at the string. */
  private at(pointer: string): string {
    return this.found.embeddedIn !== null ? this.found.pointer : pointer;
  }

  private readonly report: Report = (message, pointer) => this.problems.push({ message, source: sourceAt(this.doc, this.at(pointer)) });

  private stringField(node: Record<string, unknown>, snake: string, pointer: string, label: string): { value: string; pointer: string } | null {
    const found = field(node, snake);
    if (!found) return null;
    if (typeof found.value === "string" && found.value.trim() !== "") return { value: found.value.trim(), pointer: child(pointer, found.key) };
    this.report(`${label}.${found.key} must be a string, got ${describeValue(found.value)}`, child(pointer, found.key));
    return null;
  }

  private inherit(node: Record<string, unknown>, pointer: string, label: string, parent: Inherited): Inherited {
    const overrides = field(node, "override_params");
    let model = parent.model;
    if (overrides) {
      if (isRecord(overrides.value)) model = this.stringField(overrides.value, "model", child(pointer, overrides.key), `${label}.${overrides.key}`) ?? model;
      else this.report(`${label}.${overrides.key} must be a map, got ${describeValue(overrides.value)}`, child(pointer, overrides.key));
    }
    return {
      provider: this.stringField(node, "provider", pointer, label) ?? parent.provider,
      customHost: this.stringField(node, "custom_host", pointer, label) ?? this.baseUrl(node, pointer, label) ?? parent.customHost,
      virtualKey: this.stringField(node, "virtual_key", pointer, label) ?? parent.virtualKey,
      model,
    };
  }

  /**
   * `base_url` written where `custom_host` belongs: the upstream, unless it is the Portkey gateway
   * itself (its hosted API, or a self-hosted gateway on its default port), which the client calls.
   */
  private baseUrl(node: Record<string, unknown>, pointer: string, label: string): { value: string; pointer: string } | null {
    const found = this.stringField(node, "base_url", pointer, label) ?? this.stringField(node, "baseURL", pointer, label);
    if (found === null) return null;
    const endpoint = endpointFields(found.value, this.ctx.settings).endpoint;
    if (endpoint === null) return found;
    if (this.ctx.settings.catalog.operatorOfHost(endpoint.host)?.id === PORTKEY || endpoint.port === GATEWAY_PORT) return null;
    return found;
  }

  /** Reads a node and returns the leaves under it, in order. */
  node(node: unknown, pointer: string, label: string, parent: Inherited): Leaf[] {
    if (!isRecord(node)) {
      this.report(`${label} must be a map describing a target, got ${describeValue(node)}`, pointer);
      return [];
    }
    const inherited = this.inherit(node, pointer, label, parent);
    let mode = "single";
    const strategy = node.strategy;
    if (strategy !== undefined && strategy !== null) {
      if (isRecord(strategy) && typeof strategy.mode === "string" && MODES.has(strategy.mode.trim().toLowerCase())) mode = strategy.mode.trim().toLowerCase();
      else
        this.report(
          `${label}.strategy.mode must be one of single, fallback, loadbalance, conditional, got ${describeValue(isRecord(strategy) ? strategy.mode : strategy)}`,
          child(pointer, "strategy"),
        );
    }
    const targets = node.targets;
    if (targets === undefined || targets === null) return [this.leaf(node, pointer, label, inherited)];
    if (!Array.isArray(targets) || targets.length === 0) {
      this.report(`${label}.targets must be a non-empty list of targets, got ${describeValue(targets)}`, child(pointer, "targets"));
      return [];
    }
    const groups = targets.map((target, i) => {
      const name = isRecord(target) && typeof target.name === "string" ? ` (${target.name})` : "";
      return this.node(
        target,
        child(child(pointer, "targets"), i),
        `${label === "config" ? "" : `${label}.`}targets[${i}]${name}`.replace(/^\./, ""),
        inherited,
      );
    });
    if (mode === "fallback") {
      groups.forEach((group, i) => {
        const later = groups
          .slice(i + 1)
          .flat()
          .map((leaf) => leaf.route.id);
        for (const leaf of group) for (const id of later) if (!leaf.route.fallbacks.includes(id)) leaf.route.fallbacks.push(id);
      });
    }
    return groups.flat();
  }

  private leaf(node: Record<string, unknown>, pointer: string, label: string, inherited: Inherited): Leaf {
    const base = this.found.embeddedIn !== null ? `${this.found.embeddedIn}` : "";
    const id = [base, pointer === this.found.pointer ? "config" : pointer.slice(this.found.pointer.length + 1)].filter(Boolean).join("/");
    let endpoint: EndpointFields = { endpoint: null, unresolvedEndpoint: null };
    if (inherited.customHost !== null) endpoint = endpointFields(inherited.customHost.value, this.ctx.settings);
    let providerName = inherited.provider?.value ?? null;
    let limits: Partial<Limits> = {};
    const virtualKey = inherited.virtualKey;
    if (virtualKey !== null) {
      const exported = scanVirtualKeys(this.ctx).get(virtualKey.value);
      if (exported) {
        providerName ??= exported.provider;
        limits = virtualKeyLimits(exported, (message, at) => this.problems.push({ message, source: sourceAt(exported.doc, at) }));
      }
    }
    let sdkPrefix: string | null = null;
    let type: string | null = null;
    if (providerName !== null && INDIRECTION.test(providerName)) providerName = null;
    if (providerName?.startsWith("@")) {
      if (endpoint.endpoint === null && endpoint.unresolvedEndpoint === null) {
        endpoint = {
          endpoint: null,
          unresolvedEndpoint: { raw: providerName, reason: `Portkey integration ${providerName}: its provider is stored in Portkey, not in the config` },
        };
      }
    } else if (providerName !== null) {
      sdkPrefix = catalogPrefix(providerName, this.ctx.settings.catalog.gateway(PORTKEY));
      if (this.ctx.settings.catalog.genericPrefixes.has(sdkPrefix)) type = sdkPrefix;
    } else if (endpoint.endpoint === null && endpoint.unresolvedEndpoint === null) {
      const reason =
        virtualKey !== null
          ? `Portkey virtual key ${virtualKey.value}: its provider is stored in Portkey and no virtual key export with that slug is in the scan`
          : `${label} names no provider, virtual key or custom_host`;
      endpoint = { endpoint: null, unresolvedEndpoint: { raw: virtualKey?.value ?? "", reason } };
    }
    const model = this.model(inherited.model?.value ?? null);
    const name = typeof node.name === "string" ? node.name : null;
    const route = newRoute({
      id,
      via: `Portkey ${label}${name !== null && !label.includes(`(${name})`) ? ` (${name})` : ""}${providerName !== null ? ` provider ${providerName}` : ""}`,
      source: sourceAt(this.doc, this.at(pointer)),
      endpoint,
      provider: { sdkPrefix, type },
      model,
      limits,
    });
    this.routes.push(route);
    return { route };
  }

  private model(raw: string | null): ModelRef {
    if (raw === null || INDIRECTION.test(raw)) return { id: null, raw, resolved: false };
    // Model Catalog ids "@integration/model" name the model after the integration slug.
    const id = raw.startsWith("@") && raw.includes("/") ? raw.slice(raw.indexOf("/") + 1) : raw;
    return { id, raw, resolved: true };
  }

  read(): void {
    const empty: Inherited = { provider: null, customHost: null, virtualKey: null, model: null };
    this.node(this.found.value, this.found.pointer, "config", empty);
  }
}

export function adaptPortkeyConfig(doc: ParsedDocument, ctx: AdapterContext, found: FoundConfig, many: boolean): LlmUsageDocument {
  const reader = new PortkeyReader(doc, ctx, found);
  reader.read();
  const file = doc.file.split(path.sep).join("/");
  const suffix = many ? `#${found.pointer === "" ? "/" : found.pointer}` : doc.index > 0 ? `#${doc.index}` : "";
  const resource = `PortkeyConfig/${file}${suffix}`;
  const classification = resolveClassification([], doc.file, resource, ctx);
  return {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload: {
      kind: "PortkeyConfig",
      name: many ? `${path.posix.basename(file)} ${pointerLabel(found.pointer)}` : path.posix.basename(file),
      namespace: null,
      resource,
      source: sourceAt(doc, found.pointer),
    },
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
