import { isKubeObject, isRecord, objectName, objectNamespace } from "../../adapters/kubernetes/objects";
import { isKubernetesType, kubernetesGroupVersionKind, typeKey } from "../../adapters/pulumi/resource";
import type { SourceLocation } from "../../model/canonical";
import { encodePointer } from "../../parse/document";
import { WAIVER_ANNOTATION } from "./inline";

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
  /** Waivers written where they are not read (pointer into `value`): each is an invalid-waiver finding. */
  misplaced?: Array<{ pointer: string; message: string }>;
}

/** The resource name of a Kubernetes-style object, as adapters name workloads; `fallback` for anything else. */
export function objectResource(value: unknown, fallback: string): string {
  if (!isKubeObject(value)) return fallback;
  if (value.kind === "WorkloadClassification") return `WorkloadClassification/${objectName(value) || fallback}`;
  return `${value.kind}/${objectNamespace(value)}/${objectName(value)}`;
}

/** A Pulumi resource as both front doors see it: the pack's arguments, or a plan file's entry. */
export interface PulumiResourceView {
  /** The type token as registered. */
  type: string;
  /** The type it is read as (a component mapped to a built-in type). */
  readAs: string;
  /** Logical name (the last URN segment). */
  name: string;
  props: unknown;
}

/** Tag and label maps of cloud resources, and the spellings of the waiver key there (GCP labels allow neither `.` nor `/`). */
const CLOUD_MAPS = ["tags", "labels"];
const CLOUD_KEYS = [WAIVER_ANNOTATION, "modelgate_waivers"];

/**
 * The carrier of a Pulumi resource, the same whether the pack receives it or a plan file holds
 * it. A Kubernetes resource carries `modelgate.dev/waivers` in its annotations, with apiVersion
 * and kind from the type token when its properties lack them. Cloud resources carry none: their
 * tags and labels cannot hold a list of waivers on every cloud (AWS tag values allow no quotes or
 * brackets, GCP labels no upper case or spaces), so they are waived centrally by resource, and a
 * waiver written in a tag is reported instead of silently ignored. Null when there is nothing to read.
 */
export function pulumiResourceCarrier(resource: PulumiResourceView, locate: (pointer: string) => SourceLocation): WaiverCarrier | null {
  if (!isRecord(resource.props)) return null;
  if (isKubernetesType(resource.readAs)) {
    const value = { ...kubernetesGroupVersionKind(resource.readAs), ...resource.props };
    return { value, resource: objectResource(value, resource.name), locate };
  }
  const name = `${typeKey(resource.type)}/${resource.name}`;
  const misplaced: NonNullable<WaiverCarrier["misplaced"]> = [];
  for (const map of CLOUD_MAPS) {
    const entries = resource.props[map];
    if (!isRecord(entries)) continue;
    for (const key of CLOUD_KEYS) {
      if (!(key in entries)) continue;
      misplaced.push({
        pointer: `/${map}${encodePointer([key])}`,
        message: `${key} in ${map} is not read: only Kubernetes resources carry inline waivers; waive ${name} centrally (a waivers entry with resource: ${name})`,
      });
    }
  }
  return misplaced.length > 0 ? { value: {}, resource: name, locate, misplaced } : null;
}
