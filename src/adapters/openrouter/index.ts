/**
 * OpenRouter adapters:
 *  - `openrouter-iac`: keys, guardrails and workspace budgets in a Pulumi YAML program or a
 *    Terraform JSON module, joined to the resources that use the keys (./keys.ts);
 *  - `aggregator-app-config`: request defaults and presets of OpenRouter and Vercel AI Gateway in
 *    application configs (./app-config.ts).
 */

import type { ParsedDocument } from "../../parse/document";
import type { CatalogView } from "../core/catalog";
import { isRecord } from "../core/objects";
import type { Adapter, AdapterContext, AdapterOutput, Claimed } from "../core/types";
import { adaptAppConfig, findRequestDefaults, type RequestDefaults } from "./app-config";
import { isPulumiProgram, isTerraformJson, moduleOf, pulumiResources, terraformResources, type IacResource } from "./iac";
import { OpenRouterProgram } from "./keys";

export { findRequestDefaults, openRouterModel } from "./app-config";
export { openrouterTypeOfToken, OPENROUTER_TYPES } from "./iac";
export { isRoutingObject, readProviderRouting } from "./routing";

function mentionsOpenRouterKey(value: unknown): boolean {
  return JSON.stringify(value)?.includes("openrouter_api_key.") ?? false;
}

/** A Pulumi YAML program with its resources, or a Terraform JSON file read with the rest of its module. */
type IacProgram = { form: "pulumi-yaml"; resources: IacResource[] } | { form: "terraform-json" };

function claimIac(doc: ParsedDocument): Claimed<IacProgram> | null {
  if (isPulumiProgram(doc.value)) {
    const resources = pulumiResources(doc);
    return resources.some((r) => r.openrouterType !== null) ? { doc, value: { form: "pulumi-yaml", resources } } : null;
  }
  if (isTerraformJson(doc) && (terraformResources(doc).some((r) => r.openrouterType !== null) || mentionsOpenRouterKey(doc.value))) {
    return { doc, value: { form: "terraform-json" } };
  }
  return null;
}

/** Terraform JSON that declares or uses OpenRouter resources: a module spans the .tf.json files of a directory. */
function isOpenRouterTerraform(value: unknown): boolean {
  if (!isRecord(value) || !(isRecord(value.resource) || Array.isArray(value.resource))) return false;
  const text = JSON.stringify(value.resource) ?? "";
  return text.includes('"openrouter_') || mentionsOpenRouterKey(value.resource);
}

const moduleCache = new WeakMap<object, Map<string, IacResource[]>>();

/** Every resource of the Terraform module (directory) of a file, across its .tf.json files in the scan. */
function moduleResources(doc: ParsedDocument, ctx: AdapterContext): IacResource[] {
  let byModule = moduleCache.get(ctx.index);
  if (!byModule) {
    byModule = new Map();
    for (const other of ctx.index.documents) {
      if (!isTerraformJson(other)) continue;
      const module = moduleOf(other.file);
      byModule.set(module, [...(byModule.get(module) ?? []), ...terraformResources(other)]);
    }
    moduleCache.set(ctx.index, byModule);
  }
  return byModule.get(moduleOf(doc.file)) ?? terraformResources(doc);
}

export const openrouterIacAdapter: Adapter<IacProgram> = {
  name: "openrouter-iac",
  claim: claimIac,
  adapt({ doc, value }: Claimed<IacProgram>, ctx: AdapterContext): AdapterOutput {
    const resources = value.form === "pulumi-yaml" ? value.resources : moduleResources(doc, ctx);
    return new OpenRouterProgram(resources, ctx).adapt(doc);
  },
  // the other .tf.json files of a module declare the keys and guardrails a file uses
  joins: isOpenRouterTerraform,
};

export const aggregatorAppConfigAdapter: Adapter<RequestDefaults[]> = {
  name: "aggregator-app-config",
  claim: (doc: ParsedDocument, catalog: CatalogView) => {
    const found = findRequestDefaults(doc.value, catalog);
    return found.length > 0 ? { doc, value: found } : null;
  },
  adapt({ doc, value }: Claimed<RequestDefaults[]>, ctx: AdapterContext): AdapterOutput {
    return { documents: [adaptAppConfig(doc, ctx, value)], problems: [] };
  },
  // OpenRouter preset exports, for configs that name `@preset/{slug}`
  joins: (value, catalog) => findRequestDefaults(value, catalog).some((found) => found.presetSlug !== null),
};
