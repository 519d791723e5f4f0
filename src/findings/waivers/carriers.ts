import { isKubeObject, isRecord, objectName, objectNamespace } from "../../adapters/kubernetes/objects";
import { isKubernetesType, kubernetesGroupVersionKind } from "../../adapters/pulumi/resource";
import type { SourceLocation } from "../../model/canonical";

/**
 * An object that may carry inline waivers: a Kubernetes-style object (a manifest, a
 * WorkloadClassification document, a Pulumi Kubernetes resource in the pack or in a plan file).
 */
export interface WaiverCarrier {
  /** The object as written; only its `metadata.annotations` (and misplaced labels) are read. */
  value: unknown;
  /** The resource its invalid-waiver findings name. */
  resource: string;
  /** Where a JSON pointer into `value` is, for findings and the waiver's `source`. */
  locate(pointer: string): SourceLocation;
}

/** The resource name of a Kubernetes-style object, as adapters name workloads; `fallback` for anything else. */
export function objectResource(value: unknown, fallback: string): string {
  if (!isKubeObject(value)) return fallback;
  if (value.kind === "WorkloadClassification") return `WorkloadClassification/${objectName(value) || fallback}`;
  return `${value.kind}/${objectNamespace(value)}/${objectName(value)}`;
}

/**
 * The carrier of a Pulumi resource, the same whether the pack receives it or a plan file holds
 * it: a Kubernetes resource carries `modelgate.dev/waivers` in its annotations, with apiVersion and
 * kind from the type token when its properties lack them. Cloud resources carry none (null): their
 * tags and labels cannot hold a list of waivers on every cloud (AWS tag values allow no quotes or
 * brackets, GCP labels no upper case or spaces), so they are waived centrally, by resource.
 */
export function pulumiResourceCarrier(type: string, props: unknown, fallback: string, locate: (pointer: string) => SourceLocation): WaiverCarrier | null {
  if (!isKubernetesType(type) || !isRecord(props)) return null;
  const value = { ...kubernetesGroupVersionKind(type), ...props };
  return { value, resource: objectResource(value, fallback), locate };
}
