/**
 * The provider catalogue as adapters see it: every prefix, host, key variable, aggregator and
 * gateway name an adapter recognises comes from here, read from the bundle's data at run time
 * (`data.modelgate.catalog.providers`, an organisation pack's additions merged in). Adapters hold
 * no provider data of their own, so a provider added to the catalogue is recognised everywhere
 * without a code change (test/architecture/no-provider-literals.test.ts keeps it so).
 */

import type { ForwarderImages, GatewayNames, Operator, OperatorKind, ProviderCatalog, RoutingFormat } from "../../catalog/types";

const MAX_DNS_NAME = 253;

export type { RoutingFormat };

export interface OperatorView {
  readonly id: string;
  readonly name: string;
  readonly kind: OperatorKind;
  readonly hosts: readonly string[];
  readonly sdkPrefixes: readonly string[];
  readonly defaultEndpoint: string | null;
  readonly routingFormat: RoutingFormat | null;
}

/** How one gateway product names providers; empty tables for a gateway the catalogue does not describe. */
export interface GatewayView {
  readonly providerNames: Readonly<Record<string, string>>;
  readonly closed: boolean;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly regionalUrls: Readonly<Record<string, string>>;
  readonly needsUpstream: Readonly<Record<string, string>>;
  readonly formatNames: ReadonlySet<string>;
  readonly hostRoles: Readonly<Record<string, "gateway-url" | "rest-api">>;
  readonly modelPrefix: string | null;
}

export interface ForwarderView {
  readonly relayImages: ReadonlyMap<string, string>;
  readonly proxyImages: ReadonlyMap<string, string>;
  readonly publicRegistries: ReadonlySet<string>;
}

export interface CatalogView {
  /** Exact API hosts of every operator, lowercase: endpoints in arbitrary values, lookalikes. */
  readonly hosts: ReadonlySet<string>;
  /** Env var names that hold a provider key: presence is the signal. */
  readonly keyVars: ReadonlySet<string>;
  /** Env var names that override a provider's base URL. */
  readonly baseUrlVars: ReadonlySet<string>;
  /** Words of env var names (DEEPSEEK, VOLCES, DASHSCOPE) that hint at an operator when an endpoint is hidden. */
  readonly envWords: ReadonlySet<string>;
  /** Every provider prefix a client may write before a model id (`deepseek/deepseek-chat`). */
  readonly sdkPrefixes: ReadonlySet<string>;
  /** Prefixes that carry no operator of their own (generic and local-server types): the endpoint decides. */
  readonly genericPrefixes: ReadonlySet<string>;
  /** Prefixes as env var names write them (DEEPSEEK, TOGETHER_AI, OLLAMA): a name holding one is about an LLM (DEEPSEEK_URL). */
  readonly providerWords: ReadonlySet<string>;
  readonly forwarders: ForwarderView;
  /** The weights hub a download URL host serves, or null. */
  weightHubOfHost(host: string): "huggingface" | "modelscope" | null;
  operator(id: string): OperatorView | null;
  /**
   * True when a host matches an operator's host pattern (bedrock-runtime.*.amazonaws.com,
   * *.openai.azure.com): regional and per-resource API hosts no exact host list holds.
   */
  matchesHostPattern(host: string): boolean;
  /** The operator of a host, as the rules find it: exact host, registrable domain, then host pattern. */
  operatorOfHost(host: string): OperatorView | null;
  operatorOfPrefix(prefix: string): OperatorView | null;
  /** The operator whose key a provider key variable holds (DEEPSEEK_API_KEY), or null. */
  operatorOfKeyVar(name: string): OperatorView | null;
  /** The prefix routes built for an operator carry (its first SDK prefix), or null. */
  primaryPrefix(operatorId: string): string | null;
  /** Aggregators (they pick the serving operator per request) whose routing preferences take this shape. */
  aggregatorsWithFormat(format: RoutingFormat): readonly OperatorView[];
  /** True for an SDK prefix or a host (or registrable domain) of an aggregator. */
  isAggregatorPrefix(prefix: string): boolean;
  isAggregatorHost(host: string, registrableDomain: string | null): boolean;
  gateway(id: string): GatewayView;
}

/** The part of the bundle data a catalogue view is built from. */
interface BundleDataView {
  modelgate?: { catalog?: { providers?: Partial<ProviderCatalog> } };
}

function freezeAll<T>(values: T[]): readonly T[] {
  return Object.freeze(values);
}

function operatorView(op: Operator): OperatorView {
  return Object.freeze({
    id: op.id,
    name: op.name,
    kind: op.kind,
    hosts: freezeAll(op.hosts.map((h) => h.toLowerCase())),
    sdkPrefixes: freezeAll((op.sdkPrefixes ?? []).map((p) => p.toLowerCase())),
    defaultEndpoint: op.defaultEndpoint ?? null,
    routingFormat: op.routingFormat ?? null,
  });
}

/** OPA `glob.match(pattern, ["."], host)`: `*` within one label, `**` across labels. */
function globRegex(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^.]*" : part.replace(/[.+?^${}()|[\]\\-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

function suffixes(host: string): string[] {
  const labels = host.split(".");
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
}

const EMPTY_GATEWAY: GatewayView = Object.freeze({
  providerNames: {},
  closed: false,
  endpoints: {},
  regionalUrls: {},
  needsUpstream: {},
  formatNames: new Set<string>(),
  hostRoles: {},
  modelPrefix: null,
});

function gatewayView(entry: GatewayNames): GatewayView {
  return Object.freeze({
    providerNames: Object.freeze({ ...entry.providerNames }),
    closed: entry.closed === true,
    endpoints: Object.freeze({ ...entry.endpoints }),
    regionalUrls: Object.freeze({ ...entry.regionalUrls }),
    needsUpstream: Object.freeze({ ...entry.needsUpstream }),
    formatNames: new Set(entry.formatNames ?? []),
    hostRoles: Object.freeze({ ...entry.hostRoles }),
    modelPrefix: entry.modelPrefix ?? null,
  });
}

function forwarderView(entry: ForwarderImages | undefined): ForwarderView {
  return Object.freeze({
    relayImages: new Map(Object.entries(entry?.relayImages ?? {})),
    proxyImages: new Map(Object.entries(entry?.proxyImages ?? {})),
    publicRegistries: new Set(entry?.publicRegistries ?? []),
  });
}

/** A prefix as env var names write it (`together_ai` → TOGETHER_AI). */
function envWord(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** A view of one provider catalogue (the schema of policies/data/providers.json). */
export function catalogView(catalog: Partial<ProviderCatalog>): CatalogView {
  const operators = (catalog.operators ?? []).map((op) => ({ op, view: operatorView(op) }));
  const byId = new Map(operators.map(({ view }) => [view.id, view]));
  const byHost = new Map<string, OperatorView>();
  const byDomain = new Map<string, OperatorView>();
  const byPrefix = new Map<string, OperatorView>();
  const patterns: Array<{ regex: RegExp; view: OperatorView }> = [];
  const keyVars = new Set<string>();
  const byKeyVar = new Map<string, OperatorView>();
  const baseUrlVars = new Set<string>();
  const envWords = new Set<string>();
  for (const { op, view } of operators) {
    for (const word of op.envWords ?? []) envWords.add(word.toUpperCase());
    for (const host of view.hosts) if (!byHost.has(host)) byHost.set(host, view);
    for (const domain of op.domains ?? []) if (!byDomain.has(domain.toLowerCase())) byDomain.set(domain.toLowerCase(), view);
    for (const prefix of view.sdkPrefixes) if (!byPrefix.has(prefix)) byPrefix.set(prefix, view);
    for (const pattern of op.hostPatterns ?? []) patterns.push({ regex: globRegex(pattern), view });
    for (const name of op.keyVars ?? []) {
      keyVars.add(name);
      if (!byKeyVar.has(name)) byKeyVar.set(name, view);
    }
    for (const name of op.baseUrlVars ?? []) baseUrlVars.add(name);
  }
  const localPrefixes = Object.keys(catalog.localPrefixes ?? {}).map((p) => p.toLowerCase());
  const genericPrefixes = new Set([...(catalog.genericPrefixes ?? []).map((p) => p.toLowerCase()), ...localPrefixes]);
  const sdkPrefixes = new Set([...byPrefix.keys(), ...genericPrefixes, ...(catalog.unassignedPrefixes?.prefixes ?? []).map((p) => p.toLowerCase())]);
  // Cloud platforms' prefixes (azure, bedrock) also name their other services in env names: not LLM words.
  const llmPrefixes = [...byPrefix.entries()].filter(([, view]) => view.kind !== "cloud").map(([prefix]) => prefix);
  const providerWords = new Set([...llmPrefixes, ...genericPrefixes].map(envWord));
  const aggregators = operators.map(({ view }) => view).filter((view) => view.kind === "aggregator");
  const aggregatorNames = new Set(aggregators.flatMap((view) => [...view.hosts, ...(operators.find((o) => o.view === view)!.op.domains ?? [])]));
  const hubs = new Map(Object.entries(catalog.weightHubs?.hosts ?? {}));
  const gateways = new Map(Object.entries(catalog.gateways ?? {}).map(([id, entry]) => [id, gatewayView(entry)]));

  const patternOperator = (host: string): OperatorView | null => patterns.find(({ regex }) => regex.test(host))?.view ?? null;
  const operatorOfHost = (raw: string): OperatorView | null => {
    // No DNS name is longer than 253 characters; the suffix walk of a longer one (150,000 dots in a
    // value a file controls) would build gigabytes of suffixes for a name no operator has.
    if (raw.length > MAX_DNS_NAME) return null;
    const host = raw.toLowerCase();
    const exact = byHost.get(host);
    if (exact) return exact;
    for (const suffix of suffixes(host)) {
      const found = byDomain.get(suffix);
      if (found) return found;
    }
    return patternOperator(host);
  };

  return Object.freeze({
    hosts: new Set(byHost.keys()),
    keyVars,
    baseUrlVars,
    envWords,
    sdkPrefixes,
    genericPrefixes,
    providerWords,
    forwarders: forwarderView(catalog.forwarders),
    weightHubOfHost: (host: string) => hubs.get(host.toLowerCase()) ?? null,
    operator: (id: string) => byId.get(id) ?? null,
    matchesHostPattern: (host: string) => patternOperator(host.toLowerCase()) !== null,
    operatorOfHost,
    operatorOfPrefix: (prefix: string) => byPrefix.get(prefix.toLowerCase()) ?? null,
    operatorOfKeyVar: (name: string) => byKeyVar.get(name) ?? null,
    primaryPrefix: (operatorId: string) => byId.get(operatorId)?.sdkPrefixes[0] ?? null,
    aggregatorsWithFormat: (format: RoutingFormat) => aggregators.filter((view) => view.routingFormat === format),
    isAggregatorPrefix: (prefix: string) => byPrefix.get(prefix.toLowerCase())?.kind === "aggregator",
    isAggregatorHost: (host: string, registrableDomain: string | null) =>
      operatorOfHost(host)?.kind === "aggregator" || (registrableDomain !== null && aggregatorNames.has(registrableDomain.toLowerCase())),
    gateway: (id: string) => gateways.get(id) ?? EMPTY_GATEWAY,
  });
}

/** The catalogue view of a bundle's data.json (`data.modelgate.catalog.providers`). */
export function catalogFromBundleData(data: unknown): CatalogView {
  const providers = (data as BundleDataView | null)?.modelgate?.catalog?.providers;
  if (providers === undefined) return catalogView({});
  const cached = views.get(providers);
  if (cached) return cached;
  const view = catalogView(providers);
  views.set(providers, view);
  return view;
}

/** One view per bundle: settings are built per scan shard and per Pulumi stack. */
const views = new WeakMap<object, CatalogView>();
