import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ValidateFunction } from "ajv";
import { CatalogError, type Catalogs } from "../catalog/load";
import type { Operator, OrgPolicy, PricingCatalog, PriceEntry, ProviderCatalog } from "../catalog/types";
import { describeSchemaErrors, schemaRegistry, SCHEMA_BASE, validator } from "../schemas";
import { buildRuleIndex } from "./index-data";

/**
 * An organisation pack's data overrides, merged over the built-in catalogues:
 * - `policy`: organisation-policy keys, each replacing the built-in value (as `policy:` in
 *   modelgate.yaml does), e.g. `deniedJurisdictions` with RU added, `internalDomains` (the built-in
 *   lists are empty: the private ranges and special-use names they add to are built into the rules);
 * - `pricing`: a pricing catalogue (schemas/pricing-catalog.schema.json, e.g. written by
 *   `modelgate catalog import`); an entry replaces the built-in one with the same operator and model;
 * - `providers`: operators (replacing the built-in operator with the same id, or added), and
 *   optionally `genericPrefixes` / `localPrefixes` / `unassignedPrefixes` / `forwarders` /
 *   `weightHubs` / `closedModelFamilies` (each replacing the built-in value), `gateways` (by
 *   gateway id) and `servedBy` (by aggregator id: who serves which model there, and data policies).
 * As a directory: `org-policy.json`, `pricing.json`, `providers.json` (the names of policies/data/);
 * as one file: `{"policy": {...}, "pricing": {...}, "providers": {...}}`.
 */
export interface DataOverrides {
  policy?: Partial<OrgPolicy> & Record<string, unknown>;
  pricing?: PricingCatalog;
  providers?: { operators?: Operator[] } & Partial<
    Pick<
      ProviderCatalog,
      "genericPrefixes" | "localPrefixes" | "unassignedPrefixes" | "gateways" | "forwarders" | "weightHubs" | "closedModelFamilies" | "servedBy"
    >
  >;
  /** Every file read, for the revision digest. */
  files: Array<{ name: string; content: string }>;
}

export const DATA_FILES = { "org-policy.json": "policy", "pricing.json": "pricing", "providers.json": "providers" } as const;

const compiled = new Map<string, ValidateFunction>();

function overrideValidator(part: "policy" | "providers" | "file"): ValidateFunction {
  const cached = compiled.get(part);
  if (cached) return cached;
  const ajv = schemaRegistry();
  const policyProps = Object.keys((ajv.getSchema(`${SCHEMA_BASE}org-policy.schema.json`)!.schema as { properties: Record<string, unknown> }).properties);
  const policy = {
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(policyProps.map((key) => [key, { $ref: `${SCHEMA_BASE}org-policy.schema.json#/properties/${key}` }])),
  };
  const providers = {
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      operators: { type: "array", items: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/$defs/operator` } },
      genericPrefixes: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/genericPrefixes` },
      localPrefixes: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/localPrefixes` },
      unassignedPrefixes: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/unassignedPrefixes` },
      gateways: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/gateways` },
      forwarders: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/forwarders` },
      weightHubs: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/weightHubs` },
      closedModelFamilies: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/closedModelFamilies` },
      servedBy: { $ref: `${SCHEMA_BASE}provider-catalog.schema.json#/properties/servedBy` },
    },
  };
  const file = {
    type: "object",
    additionalProperties: false,
    properties: { $schema: { type: "string" }, policy, pricing: { $ref: `${SCHEMA_BASE}pricing-catalog.schema.json` }, providers },
  };
  for (const [name, schema] of Object.entries({ policy, providers, file })) compiled.set(name, ajv.compile(schema));
  return compiled.get(part)!;
}

function validated<T>(value: unknown, validate: ValidateFunction, where: string, what: string): T {
  if (!validate(value)) {
    const details = describeSchemaErrors(validate.errors).map((e) => `  ${e.pointer || "/"}: ${e.message}`);
    throw new CatalogError(`${where} is not a valid ${what}:\n${details.join("\n")}`);
  }
  return value as T;
}

function readJson(file: string): { value: unknown; content: string } {
  const content = readFileSync(file, "utf8");
  try {
    return { value: JSON.parse(content), content };
  } catch (error) {
    throw new CatalogError(`${file}: ${(error as Error).message}`);
  }
}

/** Reads and validates a data-override directory or file; every problem names the file and pointer. */
export function loadDataOverrides(location: string): DataOverrides {
  if (!existsSync(location)) throw new CatalogError(`data overrides ${location} do not exist`);
  const overrides: DataOverrides = { files: [] };
  if (statSync(location).isDirectory()) {
    for (const name of readdirSync(location).sort()) {
      if (!/\.(json|ya?ml)$/.test(name)) continue;
      const part = DATA_FILES[name as keyof typeof DATA_FILES];
      const file = path.join(location, name);
      if (!part) throw new CatalogError(`${file}: unknown data file (expected ${Object.keys(DATA_FILES).join(", ")})`);
      const { value, content } = readJson(file);
      overrides.files.push({ name, content });
      if (part === "policy")
        overrides.policy = validated(value, overrideValidator("policy"), file, "organisation-policy override (keys of schemas/org-policy.schema.json)");
      if (part === "pricing")
        overrides.pricing = validated(value, validator("pricing-catalog"), file, "pricing catalogue (schemas/pricing-catalog.schema.json)");
      if (part === "providers")
        overrides.providers = validated(
          value,
          overrideValidator("providers"),
          file,
          "provider override ({operators: [...]} of schemas/provider-catalog.schema.json)",
        );
    }
    return overrides;
  }
  const { value, content } = readJson(location);
  const doc = validated<{ policy?: DataOverrides["policy"]; pricing?: PricingCatalog; providers?: DataOverrides["providers"] }>(
    value,
    overrideValidator("file"),
    location,
    "data-override file ({policy, pricing, providers})",
  );
  overrides.files.push({ name: path.basename(location), content });
  if (doc.policy) overrides.policy = doc.policy;
  if (doc.pricing) overrides.pricing = doc.pricing;
  if (doc.providers) overrides.providers = doc.providers;
  return overrides;
}

export interface MergedData {
  catalogs: Catalogs;
  /** One line per change, for the build summary. */
  changes: string[];
}

const priceKey = (entry: Pick<PriceEntry, "operator" | "model">): string => `${entry.operator}\u0000${entry.model}`;

/** The built-in catalogues with the overrides applied, validated as a whole and indexable. */
export function mergeData(base: Catalogs, overrides: DataOverrides): MergedData {
  const changes: string[] = [];
  let policy: OrgPolicy = base.policy;
  if (overrides.policy) {
    const { $schema: _schema, ...keys } = overrides.policy;
    void _schema;
    policy = { ...base.policy, ...keys };
    const replaced = Object.keys(keys).sort();
    if (replaced.length > 0) changes.push(`policy: ${replaced.join(", ")} replaced`);
  }
  let providers: ProviderCatalog = base.providers;
  if (overrides.providers) {
    const operators = [...base.providers.operators];
    const added: string[] = [];
    const replaced: string[] = [];
    for (const op of overrides.providers.operators ?? []) {
      const at = operators.findIndex((existing) => existing.id === op.id);
      if (at >= 0) {
        operators[at] = op;
        replaced.push(op.id);
      } else {
        operators.push(op);
        added.push(op.id);
      }
    }
    providers = {
      ...base.providers,
      operators,
      ...(overrides.providers.genericPrefixes ? { genericPrefixes: overrides.providers.genericPrefixes } : {}),
      ...(overrides.providers.localPrefixes ? { localPrefixes: overrides.providers.localPrefixes } : {}),
      ...(overrides.providers.unassignedPrefixes ? { unassignedPrefixes: overrides.providers.unassignedPrefixes } : {}),
      ...(overrides.providers.forwarders ? { forwarders: overrides.providers.forwarders } : {}),
      ...(overrides.providers.weightHubs ? { weightHubs: overrides.providers.weightHubs } : {}),
      ...(overrides.providers.gateways ? { gateways: { ...base.providers.gateways, ...overrides.providers.gateways } } : {}),
      ...(overrides.providers.closedModelFamilies ? { closedModelFamilies: overrides.providers.closedModelFamilies } : {}),
      ...(overrides.providers.servedBy ? { servedBy: { ...base.providers.servedBy, ...overrides.providers.servedBy } } : {}),
    };
    if (added.length > 0) changes.push(`providers: added ${added.join(", ")}`);
    if (replaced.length > 0) changes.push(`providers: replaced ${replaced.join(", ")}`);
  }
  let pricing: PricingCatalog = base.pricing;
  if (overrides.pricing) {
    const models = [...base.pricing.models];
    const index = new Map(models.map((entry, i) => [priceKey(entry), i]));
    let added = 0;
    let replaced = 0;
    for (const entry of overrides.pricing.models) {
      const at = index.get(priceKey(entry));
      if (at === undefined) {
        index.set(priceKey(entry), models.length);
        models.push(entry);
        added++;
      } else {
        models[at] = entry;
        replaced++;
      }
    }
    const asOf = [base.pricing.asOf, overrides.pricing.asOf].sort().at(-1)!;
    pricing = { ...base.pricing, asOf, models };
    changes.push(`pricing: ${replaced} price${replaced === 1 ? "" : "s"} replaced, ${added} added`);
  }
  const catalogs: Catalogs = { providers, pricing, policy };
  validated(policy, validator("org-policy"), "the merged organisation policy", "organisation policy");
  validated(providers, validator("provider-catalog"), "the merged provider catalogue", "provider catalogue");
  validated(pricing, validator("pricing-catalog"), "the merged pricing catalogue", "pricing catalogue");
  const operatorIds = new Set(providers.operators.map((op) => op.id));
  const unknown = [...new Set(pricing.models.map((m) => m.operator).filter((id) => !operatorIds.has(id)))];
  if (unknown.length > 0) throw new CatalogError(`the pricing catalogue names operators the provider catalogue does not have: ${unknown.join(", ")}`);
  try {
    buildRuleIndex(catalogs);
  } catch (error) {
    throw new CatalogError(`the merged catalogues conflict: ${(error as Error).message}`);
  }
  return { catalogs, changes };
}
