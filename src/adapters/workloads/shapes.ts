/**
 * Pod specs found by their shape, in an object of any kind: an Argo Rollout or Workflow, a Knative
 * Service, a Tekton Task, a KEDA ScaledJob, a Kubeflow training job, a Crossplane object wrapping
 * a manifest. No kind list: whatever runs containers is a workload (fail closed), and a kind this
 * file never heard of is read the same way. A container is recognised in a list (`containers`,
 * `initContainers`, `sidecars`, `steps`), alone (Argo's `container`, `script`), or as any record
 * carrying a Kubernetes `env` list (a Tekton stepTemplate, a Spark driver).
 */

import type { ParsedDocument } from "../../parse/document";
import type { ContainerSlot } from "../kubernetes/containers";
import { seg } from "../kubernetes/location";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";

/** Lists of containers: a pod spec's, Argo's containerSet and sidecars, Tekton's steps and sidecars. */
const CONTAINER_LISTS: ReadonlyArray<{ field: string; init: boolean }> = [
  { field: "containers", init: false },
  { field: "initContainers", init: true },
  { field: "sidecars", init: false },
  { field: "steps", init: false },
];

/** One container held directly: an Argo Workflow template's `container` or `script`, Tekton's `stepTemplate` (merged into every step). */
const SINGLE_CONTAINERS = ["container", "script", "stepTemplate"] as const;

/** Subtrees that describe pod specs rather than hold them: a CRD's schema names `containers` as a property. */
const SCHEMA_KEYS = new Set(["openAPIV3Schema"]);

/** Kinds whose content is a schema of other objects, never objects that run. */
const SCHEMA_KINDS = new Set(["CustomResourceDefinition"]);

const CONTAINER_FIELDS = ["image", "env", "envFrom", "command", "args", "source"] as const;

export interface PodTemplateMetadata {
  pointer: string;
  metadata: Record<string, unknown>;
}

export interface FoundPodSpec {
  /** Pointer of the object holding the containers (the pod spec, an Argo template, a Tekton Task spec). */
  pointer: string;
  slots: ContainerSlot[];
  /** The nearest enclosing pod template's metadata (labels and annotations that classify the pod). */
  template: PodTemplateMetadata | null;
  /** Metadata of manifests embedded between the object and the pod spec (a Crossplane Object's manifest), outermost first. */
  embedded: PodTemplateMetadata[];
  /** Namespace of the nearest object that names one (an embedded manifest's, else the object's). */
  namespace: string;
  /** The name of the nearest named entry around the pod spec (an Argo template, a Tekton pipeline task), if any. */
  name: string | null;
}

function isContainerLike(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && (typeof value.image === "string" || typeof value.name === "string");
}

/** A list of containers: every entry one, and at least one entry saying what it runs. */
function isContainerList(value: unknown): value is Array<Record<string, unknown>> {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isContainerLike)) return false;
  return value.some((entry) => CONTAINER_FIELDS.some((field) => entry[field] !== undefined));
}

/** A Kubernetes `env` list (`[{name, value | valueFrom}]`): what only a container carries. */
function hasEnvVars(node: Record<string, unknown>): boolean {
  const env = node.env;
  return Array.isArray(env) && env.length > 0 && env.every((entry) => isRecord(entry) && typeof entry.name === "string");
}

function containerSlots(doc: ParsedDocument, node: Record<string, unknown>, pointer: string, key: string): ContainerSlot[] {
  const slots: ContainerSlot[] = [];
  for (const { field, init } of CONTAINER_LISTS) {
    const list = node[field];
    if (!isContainerList(list)) continue;
    list.forEach((container, index) => {
      // many formats default a container's name (Knative, Tekton): its position names it then
      const name = typeof container.name === "string" && container.name !== "" ? container.name : `${field}[${index}]`;
      slots.push({ container, loc: { doc, pointer: `${pointer}/${field}/${index}` }, name, init });
    });
  }
  for (const field of SINGLE_CONTAINERS) {
    const container = node[field];
    if (!isRecord(container) || (typeof container.image !== "string" && !hasEnvVars(container))) continue;
    const name =
      typeof container.name === "string" && container.name !== "" ? container.name : typeof node.name === "string" && node.name !== "" ? node.name : field;
    slots.push({ container, loc: { doc, pointer: `${pointer}/${field}` }, name, init: false });
  }
  // container settings kept apart from any list: a Tekton stepTemplate, a Spark driver or executor
  if (slots.length === 0 && hasEnvVars(node)) {
    const name = typeof node.name === "string" && node.name !== "" ? node.name : key;
    slots.push({ container: node, loc: { doc, pointer }, name, init: false });
  }
  return slots;
}

interface Frame {
  node: Record<string, unknown>;
  pointer: string;
}

/** What the enclosing frames say about a pod spec found in `self`. */
function describe(object: KubeObject, frames: readonly Frame[], self: Frame): Omit<FoundPodSpec, "pointer" | "slots"> {
  let template: PodTemplateMetadata | null = null;
  let name: string | null = null;
  let namespace = objectNamespace(object);
  const embedded: PodTemplateMetadata[] = [];
  const chain = [...frames, self];
  // nearest first: the pod spec itself (an Argo template carries its pod's metadata), then its parents
  for (let i = chain.length - 1; i >= 1; i--) {
    const { node, pointer } = chain[i];
    if (isKubeObject(node)) {
      // an embedded manifest: its metadata is a resource's, and a template further out is not this pod's
      if (isRecord(node.metadata)) embedded.unshift({ pointer: `${pointer}/metadata`, metadata: node.metadata });
      if (embedded.length === 1) namespace = objectNamespace(node);
      continue;
    }
    if (template === null && embedded.length === 0 && isRecord(node.metadata)) template = { pointer: `${pointer}/metadata`, metadata: node.metadata };
    if (name === null && embedded.length === 0 && typeof node.name === "string" && node.name !== "") name = node.name;
  }
  return { template, embedded, namespace, name };
}

/**
 * Every pod spec of `object`, in document order. A node holding containers is one pod spec (its
 * container lists and single containers together); the walk does not descend into it.
 */
export function findPodSpecs(doc: ParsedDocument, object: KubeObject): FoundPodSpec[] {
  if (SCHEMA_KINDS.has(object.kind)) return [];
  const found: FoundPodSpec[] = [];
  const frames: Frame[] = [{ node: object, pointer: "" }];
  // no depth cap of its own: parsing already refuses documents nested deeper than maxDepth
  // (src/parse/limits.ts), and a cap here would skip a deeper pod spec without a word
  const visit = (value: unknown, pointer: string, key: string, depth: number): void => {
    if (Array.isArray(value)) {
      value.forEach((entry, index) => visit(entry, `${pointer}/${index}`, `${key}[${index}]`, depth + 1));
      return;
    }
    if (!isRecord(value)) return;
    const self: Frame = { node: value, pointer };
    if (depth > 0) {
      const slots = containerSlots(doc, value, pointer, key);
      if (slots.length > 0) {
        found.push({ pointer, slots, ...describe(object, frames, self) });
        return;
      }
      frames.push(self);
    }
    for (const [key, child] of Object.entries(value)) {
      if (SCHEMA_KEYS.has(key) || key === "metadata") continue;
      visit(child, `${pointer}/${seg(key)}`, key, depth + 1);
    }
    if (depth > 0) frames.pop();
  };
  visit(object, "", "", 0);
  return found;
}
