/**
 * OpenRouter adapters:
 *  - `openrouter-iac`: keys, guardrails and workspace budgets in a Pulumi YAML program or a
 *    Terraform JSON module, joined to the resources that use the keys (./keys.ts);
 *  - `aggregator-app-config`: request defaults and presets of OpenRouter and Vercel AI Gateway in
 *    application configs (./app-config.ts).
 */

import type { ParsedDocument } from "../../parse/document";
import type { Adapter, AdapterContext, AdapterOutput } from "../types";
import { adaptAppConfig, findRequestDefaults } from "./app-config";
import { isPulumiProgram, isTerraformJson, moduleOf, pulumiResources, terraformResources, type IacResource } from "./iac";
import { OpenRouterProgram } from "./keys";

export { findRequestDefaults, openRouterModel, OPENROUTER_DEFAULT_ENDPOINT, VERCEL_DEFAULT_ENDPOINT } from "./app-config";
export { openrouterTypeOfToken, OPENROUTER_TYPES } from "./iac";
export { isRoutingObject, readProviderRouting } from "./routing";

function mentionsOpenRouterKey(value: unknown): boolean {
  return JSON.stringify(value)?.includes("openrouter_api_key.") ?? false;
}

function claimsIac(doc: ParsedDocument): boolean {
  if (isPulumiProgram(doc.value)) return pulumiResources(doc).some((r) => r.openrouterType !== null);
  if (isTerraformJson(doc)) return terraformResources(doc).some((r) => r.openrouterType !== null) || mentionsOpenRouterKey(doc.value);
  return false;
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

export const openrouterIacAdapter: Adapter = {
  name: "openrouter-iac",
  matches: claimsIac,
  adapt(doc: ParsedDocument, ctx: AdapterContext): AdapterOutput {
    const resources = isPulumiProgram(doc.value) ? pulumiResources(doc) : moduleResources(doc, ctx);
    return new OpenRouterProgram(resources, ctx).adapt(doc);
  },
};

export const aggregatorAppConfigAdapter: Adapter = {
  name: "aggregator-app-config",
  matches: (doc: ParsedDocument) => findRequestDefaults(doc.value).length > 0,
  adapt(doc: ParsedDocument, ctx: AdapterContext): AdapterOutput {
    return { documents: [adaptAppConfig(doc, ctx, findRequestDefaults(doc.value))], problems: [] };
  },
};
