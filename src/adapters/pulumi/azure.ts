/** Azure resources: model deployments of Azure OpenAI / Foundry accounts, and Container Apps. */

import type { Route } from "../../model/canonical";
import { cap, newRoute, PER_MINUTE } from "../core/route";
import type { AdapterOutput, AdapterSettings } from "../core/types";
import { isUnknownText } from "./unknowns";
import { resourceSource, type PulumiAdapterOptions, type PulumiResource } from "./resource";
import { adaptWorkload, containerSpec, labelsFrom, type ContainerSpec, type EnvEntry } from "./workload";

/** The catalogue operator of Azure OpenAI / AI Foundry model deployments. */
const AZURE_OPENAI = "azure-openai";

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** SKUs whose capacity is thousands of tokens per minute; provisioned SKUs count throughput units instead. */
const TOKEN_SKUS = new Set(["standard", "globalstandard", "datazonestandard", "globalbatch", "datazonebatch", "developertier"]);

/**
 * `azure-native:cognitiveservices:Deployment`: a model (format = publisher, name, version) served by
 * Microsoft in the organisation's Azure OpenAI / Foundry account: a hosted route whose operator is
 * Microsoft, capped at `sku.capacity` thousand tokens per minute on the standard SKUs.
 */
export function adaptCognitiveServicesDeployment(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const model = record(record(props.properties).model);
  const sku = record(props.sku);
  const name = text(model.name);
  const format = text(model.format);
  const deployment = text(props.deploymentName) ?? resource.name;
  const capacity = typeof sku.capacity === "number" ? sku.capacity : null;
  const skuName = (text(sku.name) ?? "").toLowerCase();
  const route: Route = newRoute({
    id: `deployment/${deployment}`,
    via: `Azure deployment ${deployment} of ${format ? `${format} ` : ""}model ${name ?? "(not set)"}${text(props.accountName) ? ` in account ${text(props.accountName)}` : ""}`,
    source: resourceSource(resource, "/properties/model"),
    provider: { sdkPrefix: settings.catalog.primaryPrefix(AZURE_OPENAI) },
    model: name !== null ? { id: name, raw: format ? `${format}/${name}` : name, resolved: !isUnknownText(name) } : { id: null, raw: null, resolved: false },
    limits:
      capacity !== null && TOKEN_SKUS.has(skuName) ? { caps: [cap("tokens", capacity * 1000, PER_MINUTE, `sku ${text(sku.name)} capacity ${capacity}`)] } : {},
  });
  return adaptWorkload(
    { kind: "AzureModelDeployment", resource, containers: [], labels: labelsFrom(resource, "/tags", props.tags), labelsPointer: "/tags", routes: [route] },
    settings,
    options,
  );
}

/** `azure-native:app:ContainerApp`: containers whose env may name a secret of the app's configuration. */
export function adaptContainerApp(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const secrets = new Map<string, Record<string, unknown>>();
  for (const entry of Array.isArray(record(props.configuration).secrets) ? (record(props.configuration).secrets as unknown[]) : []) {
    const secret = record(entry);
    if (typeof secret.name === "string") secrets.set(secret.name, secret);
  }
  const list = record(props.template).containers;
  const containers: ContainerSpec[] = (Array.isArray(list) ? list : []).map((entry, index) => {
    const container = record(entry);
    const at = `/template/containers/${index}`;
    const env: EnvEntry[] = [];
    (Array.isArray(container.env) ? container.env : []).forEach((item, envIndex) => {
      const variable = record(item);
      if (typeof variable.name !== "string") return;
      const pointer = `${at}/env/${envIndex}`;
      if (typeof variable.value === "string") env.push({ name: variable.name, value: variable.value, pointer });
      else if (typeof variable.secretRef === "string") {
        const secret = secrets.get(variable.secretRef);
        if (secret && typeof secret.value === "string") env.push({ name: variable.name, value: secret.value, pointer });
        else {
          const vault = secret ? text(secret.keyVaultUrl) : null;
          env.push({
            name: variable.name,
            value: null,
            reference: {
              raw: `secretRef ${variable.secretRef}`,
              reason: vault ? `read from Key Vault ${vault} when the app starts` : `secret ${variable.secretRef} is not defined in configuration.secrets`,
            },
            pointer,
          });
        }
      } else env.push({ name: variable.name, value: "", pointer });
    });
    return containerSpec(container, index, at, env, "command");
  });
  return adaptWorkload(
    {
      kind: "ContainerApp",
      resource,
      containers,
      labels: labelsFrom(resource, "/tags", props.tags),
      labelsPointer: "/tags",
      unknownInputs: resource.unknownCollections.filter((at) => at.startsWith("/template/containers")),
    },
    settings,
    options,
  );
}
