/**
 * Helm inputs. Rendered `helm template` output is ordinary Kubernetes YAML: its `# Source:`
 * comments are read by the parser (src/parse/helm-source.ts) so findings point at the template.
 * Chart values are read directly for the charts Modelgate knows: the vLLM production-stack.
 */

export { vllmStackValuesAdapter, VLLM_STACK_KIND } from "./vllm-stack";
