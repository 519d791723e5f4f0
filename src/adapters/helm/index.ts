/**
 * Helm inputs. Rendered `helm template` output is ordinary Kubernetes YAML: its `# Source:`
 * comments are read by the parser (src/parse/helm-source.ts) so findings point at the template.
 * Chart values are read directly for the charts Modelgate knows: the vLLM production-stack, Open
 * WebUI, the Ollama chart and the LiteLLM chart, in a values file or in a Flux HelmRelease / Argo CD Application;
 * and containers written as values (the bjw-s app-template chart's controllers, a chart's main container).
 */

export { vllmStackValuesAdapter, VLLM_STACK_KIND } from "./vllm-stack";
export { ollamaChartValuesAdapter, OLLAMA_CHART_KIND } from "./ollama-chart";
export { litellmChartValuesAdapter } from "./litellm-chart";
export { openWebUIChartValuesAdapter, OPEN_WEBUI_CHART_KIND } from "./open-webui-chart";
export { helmReleaseValuesAdapter, HELM_VALUE_ADAPTERS } from "./releases";
export { chartContainerValuesAdapter, APP_TEMPLATE_KIND, CHART_CONTAINER_KIND } from "./app-template";
