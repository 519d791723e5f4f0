import { classificationDocumentAdapter } from "./classification/document-adapter";
import { kserveAdapter, kubernetesWorkloadAdapter } from "./kubernetes";
import { litellmConfigAdapter, litellmConfigMapAdapter } from "./litellm";
import type { Adapter } from "./types";

/**
 * Every input format Modelgate understands, most specific first: the first adapter whose
 * `matches` accepts a document handles it. A new format is a new adapter here, never a rule change.
 */
export const ADAPTERS: readonly Adapter[] = [
  classificationDocumentAdapter,
  litellmConfigMapAdapter,
  kserveAdapter,
  kubernetesWorkloadAdapter,
  litellmConfigAdapter,
];
