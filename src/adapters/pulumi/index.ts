/**
 * Pulumi resources → canonical documents. Kubernetes objects (`kubernetes:*`) are the same objects
 * as YAML manifests and go through the same adapters, joined across the whole stack (a Deployment
 * with the ConfigMaps, Secrets and Namespace it reads). Cloud resources are read one at a time by
 * type token; a component is read by its own token or the built-in type it is mapped to.
 */

import { CANONICAL_API_VERSION, emptyLimits, type Budget, type LlmUsageDocument, type SourceLocation } from "../../model/canonical";
import { positionlessDocument, type ParsedDocument } from "../../parse/document";
import { adaptDocuments } from "../core/adapt";
import type { Adapter, AdapterOutput, AdapterSettings } from "../core/types";
import { withStackClassification } from "./workload";
import { adaptEcsTaskDefinition, adaptIamPolicy, adaptLambda, adaptSageMakerModel } from "./aws";
import { adaptCognitiveServicesDeployment, adaptContainerApp } from "./azure";
import { adaptCloudRun, adaptVertexDeployment } from "./gcp";
import {
  effectiveType,
  isKubernetesType,
  kubernetesGroupVersionKind,
  resourceSource,
  typeKey,
  type ClaimedResource,
  type PulumiAdapterOptions,
  type PulumiResource,
  type ResourceAdapter,
} from "./resource";

export * from "./resource";

type ReadResource = (resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions) => AdapterOutput;

/** A resource adapter for the resources of some type keys (`typeKey` of the token). */
function byType(name: string, typeKeys: readonly string[], read: ReadResource): ResourceAdapter {
  const keys = new Set(typeKeys);
  return {
    name,
    claim(resource, options) {
      const key = typeKey(effectiveType(resource, options));
      return keys.has(key) ? { resource, typeKey: key } : null;
    },
    adapt: ({ resource }, ctx) => read(resource, ctx.settings, ctx.options),
  };
}

/** Cloud resource adapters, in claim order. */
export const RESOURCE_ADAPTERS: readonly ResourceAdapter[] = [
  byType("aws-lambda", ["aws:lambda:Function"], adaptLambda),
  byType("aws-ecs-task-definition", ["aws:ecs:TaskDefinition"], adaptEcsTaskDefinition),
  byType("aws-sagemaker-model", ["aws:sagemaker:Model"], adaptSageMakerModel),
  byType("aws-iam-policy", ["aws:iam:Policy", "aws:iam:RolePolicy", "aws:iam:UserPolicy", "aws:iam:GroupPolicy"], adaptIamPolicy),
  byType("gcp-cloud-run-service", ["gcp:cloudrunv2:Service"], (r, s, o) => adaptCloudRun(r, s, o, false)),
  byType("gcp-cloud-run-job", ["gcp:cloudrunv2:Job"], (r, s, o) => adaptCloudRun(r, s, o, true)),
  byType("gcp-vertex-model-garden", ["gcp:vertex:AiEndpointWithModelGardenDeployment"], adaptVertexDeployment),
  byType("azure-cognitive-services-deployment", ["azure-native:cognitiveservices:Deployment"], adaptCognitiveServicesDeployment),
  byType("azure-container-app", ["azure-native:app:ContainerApp"], adaptContainerApp),
];

function claimResource(resource: PulumiResource, options: PulumiAdapterOptions): { adapter: ResourceAdapter; claimed: ClaimedResource } | null {
  for (const adapter of RESOURCE_ADAPTERS) {
    const claimed = adapter.claim(resource, options);
    if (claimed !== null) return { adapter, claimed };
  }
  return null;
}

/** Every type token (or component mapped to one) the Pulumi adapters read. */
export function isRecognised(type: string, options: PulumiAdapterOptions): boolean {
  const token = options.componentTypes[type] ?? type;
  if (isKubernetesType(token)) return true;
  const probe: PulumiResource = { urn: "", type, name: "", props: {}, unknownCollections: [], file: "", document: 0, pointerPrefix: "" };
  return claimResource(probe, options) !== null;
}

/** Whether a resource is read with the whole stack (Kubernetes objects) rather than on its own. */
export function isStackScoped(resource: PulumiResource, options: PulumiAdapterOptions): boolean {
  return isKubernetesType(effectiveType(resource, options));
}

/** One cloud resource on its own; Kubernetes objects and unrecognised types yield nothing. */
export function adaptResource(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const found = claimResource(resource, options);
  if (!found) return { documents: [], problems: [] };
  try {
    return found.adapter.adapt(found.claimed, { settings, options });
  } catch (error) {
    return { documents: [], problems: [{ message: `${resource.type} adapter failed: ${(error as Error).message}`, source: resourceSource(resource, "") }] };
  }
}

/** Kubernetes document indexes are offset so the locations of each object can be told apart and mapped back. */
const KUBE_DOCUMENT_BASE = 1_000_000;

/** The Kubernetes object of a resource, with `apiVersion` and `kind` from the type token when the properties lack them. */
export function kubeObject(resource: PulumiResource, token: string): Record<string, unknown> {
  const gvk = kubernetesGroupVersionKind(token);
  const props = { ...resource.props };
  if (gvk) {
    if (typeof props.apiVersion !== "string") props.apiVersion = gvk.apiVersion;
    if (typeof props.kind !== "string") props.kind = gvk.kind;
  }
  return props;
}

function mapKubeSources(value: unknown, resources: readonly PulumiResource[]): void {
  if (Array.isArray(value)) {
    for (const item of value) mapKubeSources(item, resources);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if (typeof record.file === "string" && typeof record.pointer === "string" && typeof record.document === "number") {
    const resource = resources[record.document - KUBE_DOCUMENT_BASE];
    if (resource) Object.assign(record, resourceSource(resource, record.pointer));
    return;
  }
  for (const child of Object.values(record)) mapKubeSources(child, resources);
}

/**
 * The Kubernetes objects of a stack, adapted together exactly as `modelgate check` adapts a
 * directory of manifests, with the stack's `modelgate:classification` as the default classification.
 */
export function adaptKubernetes(
  resources: readonly PulumiResource[],
  settings: AdapterSettings,
  options: PulumiAdapterOptions,
  adapters: readonly Adapter[],
): AdapterOutput {
  const parsed: ParsedDocument[] = resources.map((resource, index) =>
    positionlessDocument(resource.file, KUBE_DOCUMENT_BASE + index, kubeObject(resource, effectiveType(resource, options))),
  );
  const stackSettings = withStackClassification(settings, options);
  const result = adaptDocuments(parsed, stackSettings, adapters);
  mapKubeSources(result, resources);
  return result;
}

/** Every resource of a stack or plan: Kubernetes objects together, the others one by one. */
export function adaptStack(
  resources: readonly PulumiResource[],
  settings: AdapterSettings,
  options: PulumiAdapterOptions,
  adapters: readonly Adapter[],
): AdapterOutput {
  const kube = resources.filter((resource) => isStackScoped(resource, options));
  const out = adaptKubernetes(kube, settings, options, adapters);
  for (const resource of resources) {
    if (isStackScoped(resource, options)) continue;
    const one = adaptResource(resource, settings, options);
    out.documents.push(...one.documents);
    out.problems.push(...one.problems);
  }
  return out;
}

/**
 * One document holding every route and server of the stack, classified only with the stack's
 * budget (`modelgate:budget`), so the budget rules compute the worst case of the stack as a whole.
 */
export function stackBudgetDocument(documents: readonly LlmUsageDocument[], budget: Budget, stack: string, source: SourceLocation): LlmUsageDocument {
  const routes = documents.flatMap((doc) => doc.routes.map((route) => ({ ...route, id: `${doc.workload.resource}#${route.id}` })));
  return {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload: { kind: "Stack", name: stack, namespace: null, resource: `Stack/${stack}`, source },
    classification: { budget },
    classificationSource: { origin: "config", source },
    classificationErrors: [],
    routes,
    servers: [],
    limits: emptyLimits(),
    problems: [],
  };
}
