/** Where each workload kind keeps its pod spec and pod template metadata. */

import type { ParsedDocument } from "../../parse/document";
import type { Loc, ProblemSink } from "./location";
import { isKubeObject, isRecord, type KubeObject } from "../core/objects";

/** Path from the object to its pod template (`{metadata, spec}`); [] for a Pod, which is its own template. */
const TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ["Deployment", ["spec", "template"]],
  ["StatefulSet", ["spec", "template"]],
  ["DaemonSet", ["spec", "template"]],
  ["ReplicaSet", ["spec", "template"]],
  ["ReplicationController", ["spec", "template"]],
  ["Job", ["spec", "template"]],
  ["CronJob", ["spec", "jobTemplate", "spec", "template"]],
  ["Pod", []],
]);

/** The kinds that run a pod template. */
export const WORKLOAD_KINDS: readonly string[] = [...TEMPLATE_PATHS.keys()];

/** Workload kinds of any API group and version; a Pod only in the core `v1` API. */
export function isWorkloadObject(value: unknown): value is KubeObject {
  if (!isKubeObject(value)) return false;
  if (value.kind === "Pod") return value.apiVersion === "v1";
  return TEMPLATE_PATHS.has(value.kind);
}

export interface PodTemplate {
  spec: Record<string, unknown>;
  specLoc: Loc;
  /** Pointer of the pod template's metadata, or null for a Pod (its metadata is the object's). */
  metadataPointer: string | null;
  metadata: unknown;
}

/**
 * The pod template of a workload, or null when it has none (a partial manifest such as a
 * Kustomize patch). A template or spec of the wrong type is a problem at its position.
 */
export function podTemplateOf(doc: ParsedDocument, object: KubeObject, problems: ProblemSink): PodTemplate | null {
  const path = TEMPLATE_PATHS.get(object.kind) ?? [];
  let node: Record<string, unknown> = object;
  let pointer = "";
  for (const key of path) {
    const next = node[key];
    pointer += `/${key}`;
    if (next === undefined || next === null) return null;
    if (!isRecord(next)) {
      problems.add({ doc, pointer }, `${object.kind} ${pointer} is not an object`);
      return null;
    }
    node = next;
  }
  const spec = node.spec;
  if (spec === undefined || spec === null) return null;
  if (!isRecord(spec)) {
    problems.add({ doc, pointer: `${pointer}/spec` }, `${object.kind} ${pointer}/spec is not an object`);
    return null;
  }
  return {
    spec,
    specLoc: { doc, pointer: `${pointer}/spec` },
    metadataPointer: path.length === 0 ? null : `${pointer}/metadata`,
    metadata: path.length === 0 ? null : node.metadata,
  };
}
