import { appConfigFileAdapter, appConfigMapAdapter, llmConfigResourceAdapter } from "./app-configs";
import { classificationDocumentAdapter } from "./classification/document-adapter";
import { ciliumEgressAdapter, forwardingRoutesAdapter, serviceEntryAdapter } from "./egress";
import { envoyAIGatewayAdapter } from "./envoy";
import {
  chartContainerValuesAdapter,
  helmReleaseValuesAdapter,
  litellmChartValuesAdapter,
  ollamaChartValuesAdapter,
  openWebUIChartValuesAdapter,
  vllmStackValuesAdapter,
} from "./helm";
import { kongDeckAdapter, kongPluginAdapter } from "./kong";
import { kserveAdapter, llmkubeAdapter, nimOperatorAdapter } from "./kubernetes";
import { kubernetesWorkloadAdapter, podShapeWorkloadAdapter } from "./workloads";
import { litellmConfigAdapter, litellmConfigMapAdapter } from "./litellm";
import { litellmOperatorAdapter } from "./litellm/operator";
import { aggregatorAppConfigAdapter, openrouterIacAdapter } from "./openrouter";
import { portkeyConfigAdapter } from "./portkey";
import { pulumiPlanAdapter } from "./pulumi/plan";
import { secretTemplatesAdapter } from "./secrets";
import type { Adapter } from "./core/types";

/**
 * Every input format Modelgate understands, most specific first: the first adapter whose
 * `matches` accepts a document handles it. A new format is a new adapter here, never a rule change.
 */
export const ADAPTERS: readonly Adapter[] = [
  // a Pulumi plan (preview --json, stack export) holds whole stacks of resources
  pulumiPlanAdapter,
  classificationDocumentAdapter,
  // ExternalSecrets, SealedSecrets, Kustomize generators: what they produce joins the workloads loading it
  secretTemplatesAdapter,
  litellmConfigMapAdapter,
  // a known app's config (librechat.yaml, config.toml) in a ConfigMap no workload of the scan mounts
  appConfigMapAdapter,
  // the LiteLLM operator's LiteLLMProxy / LiteLLMModel resources, rendered as the config they become
  litellmOperatorAdapter,
  kserveAdapter,
  nimOperatorAdapter,
  llmkubeAdapter,
  // chart values inside a Flux HelmRelease or an Argo CD Application, read by the values adapters below
  helmReleaseValuesAdapter,
  kubernetesWorkloadAdapter,
  envoyAIGatewayAdapter,
  serviceEntryAdapter,
  ciliumEgressAdapter,
  forwardingRoutesAdapter,
  kongPluginAdapter,
  kongDeckAdapter,
  vllmStackValuesAdapter,
  openWebUIChartValuesAdapter,
  ollamaChartValuesAdapter,
  litellmChartValuesAdapter,
  litellmConfigAdapter,
  openrouterIacAdapter,
  portkeyConfigAdapter,
  // a known app's config file in the repository (librechat.yaml, Continue config.yaml, .aider.conf.yml)
  appConfigFileAdapter,
  // containers written as chart values (app-template controllers, a main container's image and env)
  chartContainerValuesAdapter,
  // custom resources that configure an LLM client in their spec (LLMKube foreman Agent)
  llmConfigResourceAdapter,
  // containers of any other kind (Argo, Knative, Tekton...): after every adapter that knows a kind
  podShapeWorkloadAdapter,
  // request defaults can sit anywhere in an app config: the least specific format goes last
  aggregatorAppConfigAdapter,
];
