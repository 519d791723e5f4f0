/**
 * LiteLLM proxy adapters: a raw `config.yaml` / `config.json`, and the same config embedded in a
 * Kubernetes ConfigMap value. Both produce one `LiteLLMProxy` workload per config with one route
 * per `model_list[]` deployment; see ./config.ts for the field mapping.
 */

import path from "node:path";
import type { LlmUsageDocument, Problem } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { isKubeObject, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { joinsKinds } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { adaptLiteLLMConfig } from "./config";
import { embeddedConfigs, type EmbeddedConfig } from "./embedded";
import { mountingWorkloadLayers, readsSomeConfigMap } from "./mounts";

const joinsConfigMaps = joinsKinds("ConfigMap");

/** A ConfigMap and the LiteLLM configs in its data values. */
interface EmbeddingConfigMap {
  object: KubeObject;
  configs: EmbeddedConfig[];
}
import { isLiteLLMConfig } from "./recognise";

export { adaptLiteLLMConfig, type ConfigInput } from "./config";
export { embeddedConfigs, type EmbeddedConfig } from "./embedded";
export { isLiteLLMConfig } from "./recognise";

export const LITELLM_WORKLOAD_KIND = "LiteLLMProxy";

/** A LiteLLM proxy config file: a top-level `model_list` (plus litellm_settings, router_settings, ...). */
export const litellmConfigAdapter: Adapter<Record<string, unknown>> = {
  name: "litellm-config",
  claim: (doc: ParsedDocument) => (isLiteLLMConfig(doc.value) ? { doc, value: doc.value } : null),
  adapt({ doc, value }: Claimed<Record<string, unknown>>, ctx: AdapterContext): AdapterOutput {
    const file = doc.file.split(path.sep).join("/");
    // A second config in one multi-document file gets its own id; LiteLLM itself reads only one.
    const resource = `${LITELLM_WORKLOAD_KIND}/${file}${doc.index > 0 ? `#${doc.index}` : ""}`;
    const document = adaptLiteLLMConfig({
      config: value,
      at: (pointer) => sourceAt(doc, pointer),
      // a config a kustomize generator packs is deployed where its kustomization deploys the ConfigMap
      workload: { kind: LITELLM_WORKLOAD_KIND, name: path.posix.basename(file), namespace: doc.deployedNamespace ?? null, resource, source: sourceAt(doc, "") },
      classification: resolveClassification(doc.deployedNamespace !== undefined ? namespaceLayers(doc.deployedNamespace, ctx) : [], doc.file, resource, ctx),
      settings: ctx.settings,
    });
    return { documents: [document], problems: [] };
  },
};

/**
 * The ConfigMap's labels, every other definition of it in the scan and the workloads that mount
 * it stand at the resource level (the stricter value of any of them applies), then its Namespace.
 */
function classificationLayers(doc: ParsedDocument, object: KubeObject, ctx: AdapterContext): LabelLayer[] {
  const namespace = objectNamespace(object);
  const name = objectName(object);
  const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }];
  for (const other of ctx.index.objectsOfKind("ConfigMap")) {
    if (other.doc === doc || objectNamespace(other.object) !== namespace || objectName(other.object) !== name) continue;
    layers.push({ origin: "resource", doc: other.doc, metadataPointer: "/metadata", metadata: other.object.metadata });
  }
  layers.push(...mountingWorkloadLayers(namespace, name, ctx), ...namespaceLayers(namespace, ctx));
  return layers;
}

/**
 * A ConfigMap with a LiteLLM config in a data value. Only such ConfigMaps are claimed: every other
 * ConfigMap stays with the Kubernetes adapter (through the ScanIndex).
 */
export const litellmConfigMapAdapter: Adapter<EmbeddingConfigMap> = {
  name: "litellm-configmap",
  claim: (doc: ParsedDocument) => {
    if (!isKubeObject(doc.value)) return null;
    const configs = embeddedConfigs(doc);
    return configs.length > 0 ? { doc, value: { object: doc.value, configs } } : null;
  },
  adapt({ doc, value: { object, configs } }: Claimed<EmbeddingConfigMap>, ctx: AdapterContext): AdapterOutput {
    const namespace = objectNamespace(object);
    const name = objectName(object);
    const layers = classificationLayers(doc, object, ctx);
    const documents: LlmUsageDocument[] = [];
    const problems: Problem[] = [];
    for (const embedded of configs) {
      const label = `ConfigMap ${namespace}/${name} data.${embedded.key}`;
      if (embedded.config === null) {
        for (const error of embedded.errors) {
          problems.push({
            message: `${label} looks like a LiteLLM config but cannot be read: ${error.message}`,
            source: embedded.atPosition({ line: error.line, column: error.column }, ""),
          });
        }
        continue;
      }
      // Two configs in one ConfigMap would otherwise share an id.
      const resource = `${LITELLM_WORKLOAD_KIND}/${namespace}/${name}${configs.length > 1 ? `/${embedded.key}` : ""}`;
      const document = adaptLiteLLMConfig({
        config: embedded.config,
        at: embedded.at,
        workload: { kind: LITELLM_WORKLOAD_KIND, name, namespace, resource, source: sourceAt(doc, embedded.valuePointer) },
        classification: resolveClassification(layers, doc.file, resource, ctx),
        settings: ctx.settings,
      });
      if (embedded.documentCount > 1) {
        document.problems.unshift({
          message: `${label} holds ${embedded.documentCount} YAML documents; LiteLLM reads a single document, so the proxy will not load this config`,
          source: embedded.at(""),
        });
      }
      documents.push(document);
    }
    return { documents, problems };
  },
  // the workloads that mount the ConfigMap give it their classification; a duplicate definition its labels
  joins: (value) => joinsConfigMaps(value) || readsSomeConfigMap(value),
};
