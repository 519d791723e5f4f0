/** TypeScript views of the data catalogues in policies/data/; their JSON Schemas live in schemas/. */

export type OperatorKind = "provider" | "cloud" | "aggregator" | "gateway" | "reseller" | "relay";

export interface Operator {
  id: string;
  name: string;
  legalEntity?: string;
  parent: string;
  jurisdiction: string;
  kind: OperatorKind;
  hosts: string[];
  domains?: string[];
  hostPatterns?: string[];
  sdkPrefixes?: string[];
  keyVars?: string[];
  baseUrlVars?: string[];
  defaultEndpoint?: string | null;
  aggregatorNames?: Record<string, string[]>;
  openWeightOrgs?: string[];
  modelPrefixes?: string[];
  closedModels?: string[];
  /** Words of env var names (DEEPSEEK, VOLCES) that hint at this operator when an endpoint is hidden. */
  envWords?: string[];
  /** Closed-weight model id patterns (`qwen-max*`) only this operator's group serves, with the note backing each. */
  closedModelPatterns?: Array<{ pattern: string; note: string }>;
  /** For an aggregator: the shape its routing preferences take in client configs. */
  routingFormat?: RoutingFormat;
  verified?: boolean;
  asOf?: string;
  notes?: string;
}

export type RoutingFormat = "provider-preferences" | "gateway-options";

export interface DatedEntry {
  asOf: string;
  sources: Array<{ title: string; url: string }>;
}

/** How one gateway product names the providers it forwards to (schemas/provider-catalog.schema.json `$defs/gateway`). */
export interface GatewayNames extends DatedEntry {
  providerNames: Record<string, string>;
  closed?: boolean;
  endpoints?: Record<string, string>;
  regionalUrls?: Record<string, string>;
  needsUpstream?: Record<string, string>;
  formatNames?: string[];
  hostRoles?: Record<string, "gateway-url" | "rest-api">;
  modelPrefix?: string;
}

export interface ForwarderImages extends DatedEntry {
  relayImages: Record<string, string>;
  proxyImages: Record<string, string>;
  publicRegistries: string[];
}

/** A closed-weight model family of a lab outside the denied jurisdictions, and every operator that serves it. */
export interface ClosedModelFamily {
  id: string;
  lab: string;
  /** Author prefixes aggregators use for it (`anthropic` in `anthropic/claude-sonnet-4.6`). */
  authors: string[];
  /** Names without an org prefix: a literal, or a literal prefix and a trailing `*`. */
  patterns: string[];
  operators: string[];
  verified?: boolean;
  note: string;
}

/** Who serves one model on an aggregator, as published (provider_name) and mapped to operators. */
export interface ServedByModel {
  providers: string[];
  operators: string[];
  /** Published provider names without an operator in the catalogue: the rules stay strict. */
  unknownProviders?: string[];
  /** True for a full import of the endpoint list; false for a partial observation. */
  complete: boolean;
  verified?: boolean;
  asOf?: string;
  source?: string;
}

export interface DataPolicy {
  training: boolean;
  retainsPrompts: boolean;
  retentionDays?: number;
  verified: boolean;
  source: string;
}

/** One aggregator's served-by facts (schemas/provider-catalog.schema.json `$defs/servedByAggregator`). */
export interface ServedByAggregator extends DatedEntry {
  notes?: string;
  families: string[];
  models: Record<string, ServedByModel>;
  dataPolicies?: DatedEntry & { providers: Record<string, DataPolicy> };
}

export interface ProviderCatalog {
  version: string;
  genericPrefixes: string[];
  localPrefixes: Record<string, string | null>;
  unassignedPrefixes?: DatedEntry & { prefixes: string[] };
  /** LiteLLM's provider list as last read from its source (commit and date). */
  litellmProviders?: DatedEntry & { commit: string; version?: string; providers: string[] };
  gateways?: Record<string, GatewayNames>;
  forwarders?: ForwarderImages;
  weightHubs?: DatedEntry & { hosts: Record<string, "huggingface" | "modelscope"> };
  closedModelFamilies?: DatedEntry & { families: ClosedModelFamily[] };
  servedBy?: Record<string, ServedByAggregator>;
  operators: Operator[];
}

export interface PriceEntry {
  model: string;
  operator: string;
  aliases?: string[];
  input: number;
  output: number;
  cachedInput?: number;
  asOf?: string;
  source?: string;
}

export interface PricingCatalog {
  currency: "USD";
  unit: "per-million-tokens";
  asOf: string;
  models: PriceEntry[];
}

export interface OrgPolicy {
  deniedJurisdictions: { regulated: string[]; dataClasses: Record<string, string[]>; regimes: Record<string, string[]> };
  sensitiveDataClasses: string[];
  /** Added to the built-in special-use names (cluster-local, localhost, *.local). */
  internalDomains: string[];
  /** Added to the built-in networks (RFC 1918, fc00::/7, loopback, link-local). */
  internalNetworks: string[];
  /** Takes addresses back from the built-in and listed networks (not loopback or link-local). */
  internalNetworksExclude?: string[];
  /** Takes hosts back from the special-use names and internalDomains. */
  internalDomainsExclude?: string[];
  defaultClassification: Record<string, unknown> | null;
  budgetPeriodDays: number;
  ownAccountEndpointsSelfHosted: boolean;
  deniedOrigins: string[];
  disabledRules: string[];
}
