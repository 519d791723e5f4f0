/**
 * Kubernetes adapters: workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * Pod) and KServe InferenceServices. ConfigMaps, Secrets and Namespaces anywhere in the scan are
 * joined through the ScanIndex.
 */

export { kubernetesWorkloadAdapter } from "./workload-adapter";
export { kserveAdapter } from "./kserve";
export { expandReferences, resolveContainerEnv, type ContainerEnv, type EnvVar } from "./env";
export { classifyWeights, parseImage, type WeightHints } from "./weights";
