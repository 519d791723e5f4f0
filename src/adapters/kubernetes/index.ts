/**
 * Kubernetes readers: containers, env resolution, model servers and weights, used by the workload
 * adapter (../workloads, which also follows in-cluster names through ../egress) and the KServe
 * InferenceService adapter. ConfigMaps, Secrets and Namespaces anywhere in the scan are joined
 * through the ScanIndex.
 */

export { kserveAdapter } from "./kserve";
export { llmkubeAdapter } from "./llmkube";
export { nimOperatorAdapter } from "./nim-operator";
export { expandReferences, resolveContainerEnv, type ContainerEnv, type EnvVar } from "./env";
export { classifyWeights, parseImage, type WeightHints } from "./weights";
