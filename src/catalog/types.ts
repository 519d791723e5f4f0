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
  verified?: boolean;
  asOf?: string;
  notes?: string;
}

export interface ProviderCatalog {
  version: string;
  genericPrefixes: string[];
  localPrefixes: Record<string, string | null>;
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
  internalDomains: string[];
  internalNetworks: string[];
  defaultClassification: Record<string, unknown> | null;
  budgetPeriodDays: number;
  ownAccountEndpointsSelfHosted: boolean;
  deniedOrigins: string[];
  disabledRules: string[];
}
