import { readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";
import { describeSchemaErrors, validator } from "../schemas";
import type { OrgPolicy, PricingCatalog, ProviderCatalog } from "./types";
import { ModelgateError } from "../errors";

export interface Catalogs {
  providers: ProviderCatalog;
  pricing: PricingCatalog;
  policy: OrgPolicy;
}

export class CatalogError extends ModelgateError {
  constructor(message: string) {
    super("catalog", message);
  }
}

function readValidated<T>(file: string, schema: string): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CatalogError(`${file}: ${(error as Error).message}`);
  }
  const validate = validator(schema);
  if (!validate(value)) {
    const details = describeSchemaErrors(validate.errors).map((e) => `  ${e.pointer || "/"}: ${e.message}`);
    throw new CatalogError(`${file} does not match schemas/${schema}.schema.json:\n${details.join("\n")}`);
  }
  return value as T;
}

/** The catalogues shipped with the rules, each validated against its schema before use. */
export function loadCatalogs(dataDir: string = paths.data): Catalogs {
  return {
    providers: readValidated<ProviderCatalog>(path.join(dataDir, "providers.json"), "provider-catalog"),
    pricing: readValidated<PricingCatalog>(path.join(dataDir, "pricing.json"), "pricing-catalog"),
    policy: readValidated<OrgPolicy>(path.join(dataDir, "org-policy.json"), "org-policy"),
  };
}
