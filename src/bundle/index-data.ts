import { normalizeProviderName } from "../catalog/provider-names";

export { normalizeProviderName };
import { CatalogError, type Catalogs } from "../catalog/load";
import type { RuleCatalog } from "../catalog/rules";
import type { Operator } from "../catalog/types";

export interface OperatorSummary {
  name: string;
  label: string;
  jurisdiction: string;
  kind: string;
  parent: string;
}

export interface OperatorPrice {
  input: number;
  output: number;
  cachedInput: number | null;
}

/** The worst case over every operator that prices a model, and each operator's own price when they differ. */
export interface PriceSummary extends OperatorPrice {
  operators: string[];
  byOperator?: Record<string, OperatorPrice>;
}

export interface ServedByIndex {
  /** model id (lower case) → the operators serving it and the published names without an operator. */
  models: Record<string, { operators: string[]; unknownProviders: string[]; complete: boolean }>;
  /** closedFamilies entries this aggregator serves by author prefix. */
  families: string[];
  /** operator id → its data policy there; only verified policies, so an unverified one counts as unknown. */
  dataPolicies: Record<string, { training: boolean; retainsPrompts: boolean }>;
}

/** Lookup tables derived from the catalogues, so rules find an operator or price by key, not by scan. */
export interface RuleIndex {
  operators: Record<string, OperatorSummary>;
  hosts: Record<string, string>;
  domains: Record<string, string>;
  /** Host patterns grouped by the registrable domain they sit under. */
  patternsByDomain: Record<string, Array<{ pattern: string; operator: string }>>;
  prefixes: Record<string, string>;
  localPrefixes: Record<string, string | null>;
  keyVars: Record<string, string>;
  aggregatorNames: Record<string, Record<string, string>>;
  /** Every provider name, slug and id the catalogue knows, normalised, for routing lists of any aggregator. */
  providerNames: Record<string, string>;
  modelPrefixes: Record<string, string>;
  openWeightOrgs: Record<string, string>;
  closedModels: Record<string, string>;
  /** Closed-weight model id globs (delimiter `/`), each with the operator that alone serves it. */
  closedModelPatterns: Array<{ pattern: string; operator: string }>;
  /** Closed-weight families of labs outside the denied jurisdictions: name patterns and every operator serving them. */
  closedFamilies: Array<{ id: string; lab: string; authors: string[]; patterns: string[]; operators: string[] }>;
  /** Per aggregator: who serves which model there (imported ids, closed families by author), and provider data policies. */
  servedBy: Record<string, ServedByIndex>;
  /** Words of env var names that hint at an operator (DEEPSEEK, VOLCES). */
  envWords: Record<string, string>;
  prices: Record<string, PriceSummary>;
}

function claim(table: Record<string, string>, key: string, operator: string, what: string): void {
  const existing = table[key];
  if (existing !== undefined && existing !== operator) {
    throw new CatalogError(`${what} "${key}" is claimed by both ${existing} and ${operator} in the provider catalogue`);
  }
  table[key] = operator;
}

function label(operator: Operator, byId: Map<string, Operator>): string {
  const parent = byId.get(operator.parent);
  const group = parent && parent.id !== operator.id ? `, part of ${parent.name}` : "";
  return `${operator.name} (${operator.jurisdiction}${group})`;
}

/** The fixed tail of a host pattern ("dashscope*.aliyuncs.com" → "aliyuncs.com"), its lookup key. */
function patternDomain(pattern: string): string {
  const labels = pattern.toLowerCase().split(".");
  const firstWild = labels.findLastIndex((label) => /[*?[{]/.test(label));
  const fixed = labels.slice(firstWild + 1);
  if (fixed.length < 2) throw new CatalogError(`host pattern "${pattern}" must end in a fixed registrable domain`);
  return fixed.slice(-2).join(".");
}

function worst(prices: OperatorPrice[]): OperatorPrice {
  return {
    input: Math.max(...prices.map((p) => p.input)),
    output: Math.max(...prices.map((p) => p.output)),
    cachedInput: Math.max(...prices.map((p) => p.cachedInput ?? 0)) || null,
  };
}

export function buildRuleIndex(catalogs: Catalogs): RuleIndex {
  const index: RuleIndex = {
    operators: {},
    hosts: {},
    domains: {},
    patternsByDomain: {},
    prefixes: {},
    localPrefixes: { ...catalogs.providers.localPrefixes },
    keyVars: {},
    aggregatorNames: {},
    providerNames: {},
    modelPrefixes: {},
    openWeightOrgs: {},
    closedModels: {},
    closedModelPatterns: [],
    closedFamilies: [],
    servedBy: {},
    envWords: {},
    prices: {},
  };
  const byId = new Map(catalogs.providers.operators.map((op) => [op.id, op]));
  for (const op of catalogs.providers.operators) {
    index.operators[op.id] = { name: op.name, label: label(op, byId), jurisdiction: op.jurisdiction, kind: op.kind, parent: op.parent };
    for (const host of op.hosts) claim(index.hosts, host.toLowerCase(), op.id, "host");
    for (const domain of op.domains ?? []) claim(index.domains, domain.toLowerCase(), op.id, "domain");
    for (const pattern of op.hostPatterns ?? []) {
      const domain = patternDomain(pattern);
      (index.patternsByDomain[domain] ??= []).push({ pattern: pattern.toLowerCase(), operator: op.id });
    }
    for (const prefix of op.sdkPrefixes ?? []) claim(index.prefixes, prefix.toLowerCase(), op.id, "SDK prefix");
    for (const variable of op.keyVars ?? []) claim(index.keyVars, variable, op.id, "key variable");
    for (const [aggregator, names] of Object.entries(op.aggregatorNames ?? {})) {
      const table = (index.aggregatorNames[aggregator] ??= {});
      for (const name of names) claim(table, normalizeProviderName(name), op.id, `${aggregator} provider name`);
    }
    for (const name of [op.id, op.name, ...Object.values(op.aggregatorNames ?? {}).flat()]) {
      // First claim wins: names are hints for routing lists, not identities, and may be shared.
      index.providerNames[normalizeProviderName(name)] ??= op.id;
    }
    for (const prefix of op.modelPrefixes ?? []) claim(index.modelPrefixes, prefix.toLowerCase(), op.id, "model prefix");
    for (const org of op.openWeightOrgs ?? []) claim(index.openWeightOrgs, org.toLowerCase(), op.id, "open-weight org");
    for (const model of op.closedModels ?? []) claim(index.closedModels, model.toLowerCase(), op.id, "closed model");
    for (const entry of op.closedModelPatterns ?? []) index.closedModelPatterns.push({ pattern: entry.pattern.toLowerCase(), operator: op.id });
    for (const word of op.envWords ?? []) claim(index.envWords, word.toUpperCase(), op.id, "env name word");
  }
  const families = catalogs.providers.closedModelFamilies?.families ?? [];
  for (const family of families) {
    for (const op of family.operators) {
      if (!byId.has(op)) throw new CatalogError(`closed-model family ${family.id} names operator ${op}, which the provider catalogue does not define`);
    }
    index.closedFamilies.push({
      id: family.id,
      lab: family.lab,
      authors: family.authors.map((a) => a.toLowerCase()),
      patterns: family.patterns.map((p) => p.toLowerCase()),
      operators: [...family.operators].sort(),
    });
  }
  for (const [aggregator, section] of Object.entries(catalogs.providers.servedBy ?? {})) {
    if (byId.get(aggregator)?.kind !== "aggregator") throw new CatalogError(`servedBy.${aggregator} is not an aggregator of the provider catalogue`);
    const entry: ServedByIndex = { models: {}, families: [], dataPolicies: {} };
    for (const id of section.families) {
      if (!families.some((f) => f.id === id))
        throw new CatalogError(`servedBy.${aggregator} names closed-model family ${id}, which closedModelFamilies does not define`);
      entry.families.push(id);
    }
    for (const [model, served] of Object.entries(section.models)) {
      for (const op of served.operators) {
        if (!byId.has(op))
          throw new CatalogError(`servedBy.${aggregator}.models["${model}"] names operator ${op}, which the provider catalogue does not define`);
      }
      entry.models[model.toLowerCase()] = {
        operators: [...served.operators].sort(),
        unknownProviders: served.unknownProviders ?? [],
        complete: served.complete,
      };
    }
    for (const [op, policy] of Object.entries(section.dataPolicies?.providers ?? {})) {
      if (!byId.has(op)) throw new CatalogError(`servedBy.${aggregator}.dataPolicies names operator ${op}, which the provider catalogue does not define`);
      if (policy.verified) entry.dataPolicies[op] = { training: policy.training, retainsPrompts: policy.retainsPrompts };
    }
    index.servedBy[aggregator] = entry;
  }
  const byKey = new Map<string, Map<string, OperatorPrice>>();
  for (const entry of catalogs.pricing.models) {
    for (const key of new Set([entry.model, ...(entry.aliases ?? [])].map((k) => k.toLowerCase()))) {
      const operators = byKey.get(key) ?? new Map<string, OperatorPrice>();
      const own = operators.get(entry.operator);
      const price = { input: entry.input, output: entry.output, cachedInput: entry.cachedInput ?? null };
      // Within one operator an id names one entry; should two claim it, the dearer one counts.
      operators.set(entry.operator, own ? worst([own, price]) : price);
      byKey.set(key, operators);
    }
  }
  for (const [key, operators] of byKey) {
    const prices = [...operators.values()];
    // A model several operators serve is priced at the highest of them (the worst case) for a
    // route whose operator is chosen per request, and at its operator's own price otherwise.
    const summary: PriceSummary = { ...worst(prices), operators: [...operators.keys()].sort() };
    if (prices.some((p) => p.input !== prices[0].input || p.output !== prices[0].output || p.cachedInput !== prices[0].cachedInput)) {
      summary.byOperator = Object.fromEntries([...operators].sort(([a], [b]) => a.localeCompare(b)));
    }
    index.prices[key] = summary;
  }
  return index;
}

/** The bundle's data.json: catalogues as written plus the derived index, under data.modelgate. */
export function bundleData(catalogs: Catalogs, rules: RuleCatalog): unknown {
  return {
    modelgate: {
      catalog: { providers: catalogs.providers, pricing: catalogs.pricing, rules: rules.rules },
      policy: catalogs.policy,
      index: buildRuleIndex(catalogs),
    },
  };
}
