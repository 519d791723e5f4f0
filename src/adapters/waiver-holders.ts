/**
 * Where inline waivers are written, as facts of the input formats: which object of a document
 * may carry `modelgate.dev/waivers`, the resource it names, and waivers written where they are
 * not read. Judging the waivers is the post-engine step's (src/findings/post-engine.ts); this only
 * says where to look, the same for a plan file in `modelgate check` and for the policy pack.
 */

import { encodePointer } from "../parse/document";
import { LABEL_PREFIX } from "./classification/labels";
import { isKubeObject, isRecord, objectName, objectNamespace } from "./core/objects";
import { planResourceProps, planResources } from "./pulumi/plan";
import { isKubernetesType, kubernetesGroupVersionKind, typeKey, urnName } from "./pulumi/resource";

/** An object that may carry inline waivers in its `metadata.annotations`. */
export interface WaiverHolder {
  /** The object as written (a Kubernetes-style object; anything else carries none). */
  value: unknown;
  /** The resource its invalid-waiver findings name. */
  resource: string;
  /** Waivers written where they are not read (JSON pointers into `value`): each is reported. */
  misplaced: Array<{ pointer: string; message: string }>;
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
const CLOUD_KEYS = [`${LABEL_PREFIX}waivers`, "modelgate_waivers"];

/**
 * The waiver holder of a Pulumi resource, the same whether the pack receives it or a plan file
 * holds it. A Kubernetes resource carries `modelgate.dev/waivers` in its annotations, with
 * apiVersion and kind from the type token when its properties lack them. Cloud resources carry
 * none: their tags and labels cannot hold a list of waivers on every cloud (AWS tag values allow
 * no quotes or brackets, GCP labels no upper case or spaces), so they are waived centrally by
 * resource, and a waiver written in a tag is reported instead of silently ignored. Null when
 * there is nothing to read.
 */
export function pulumiWaiverHolder(resource: PulumiResourceView): WaiverHolder | null {
  if (!isRecord(resource.props)) return null;
  if (isKubernetesType(resource.readAs)) {
    const value = { ...kubernetesGroupVersionKind(resource.readAs), ...resource.props };
    return { value, resource: objectResource(value, resource.name), misplaced: [] };
  }
  const name = `${typeKey(resource.type)}/${resource.name}`;
  const misplaced: WaiverHolder["misplaced"] = [];
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
  return misplaced.length > 0 ? { value: {}, resource: name, misplaced } : null;
}

/** A holder inside a parsed document, and the JSON pointer of its object there. */
export interface PlacedHolder {
  /** "" for the document itself; a plan resource's properties (`/steps/3/newState/outputs`) otherwise. */
  prefix: string;
  holder: WaiverHolder;
}

/**
 * The objects of a document that may carry inline waivers: the document itself (a manifest, a
 * WorkloadClassification), or, in a Pulumi plan file, each resource, read from the same properties
 * the plan adapter reads, so a waiver on a resource means the same as in the policy pack.
 */
export function waiverHolders(value: unknown, file: string): PlacedHolder[] {
  const resources = planResources(value);
  if (resources === null) return [{ prefix: "", holder: { value, resource: objectResource(value, file), misplaced: [] } }];
  const out: PlacedHolder[] = [];
  for (const entry of resources) {
    const { props, pointer } = planResourceProps(entry);
    const holder = pulumiWaiverHolder({ type: entry.type, readAs: entry.type, name: urnName(entry.urn), props });
    if (holder) out.push({ prefix: pointer, holder });
  }
  return out;
}

/** The stack config key holding a stack's central waivers (read by src/findings/waivers/stack.ts). */
const STACK_WAIVERS_KEY = "modelgate:waivers";

/**
 * The central waivers a `pulumi preview --json` plan records in its stack config
 * (`modelgate:waivers`, as JSON text or a value) and their pointer in the plan; null for any other
 * document, and for a plan that records none.
 */
export function planStackWaivers(value: unknown): { raw: unknown; pointer: string } | null {
  if (planResources(value) === null || !isRecord(value) || !isRecord(value.config) || !(STACK_WAIVERS_KEY in value.config)) return null;
  return { raw: value.config[STACK_WAIVERS_KEY], pointer: `/config${encodePointer([STACK_WAIVERS_KEY])}` };
}
