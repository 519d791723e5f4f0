/** Pulumi resources as the Pulumi adapters see them, whether they come from the policy pack or a plan file. */

import type { Classification, SourceLocation } from "../../model/canonical";
import type { AdapterOutput, AdapterSettings } from "../core/types";

export interface PulumiResource {
  urn: string;
  /** The type token as registered, e.g. `aws:lambda/function:Function` or `kubernetes:apps/v1:Deployment`. */
  type: string;
  /** The resource's logical name (the last URN segment). */
  name: string;
  /** Plain properties with unknown values replaced (see ./unknowns.ts). */
  props: Record<string, unknown>;
  /** Pointers of arrays and objects that were unknown as a whole during preview. */
  unknownCollections: readonly string[];
  /** What locations name: the URN in the pack, the plan file's path in the CLI. */
  file: string;
  /** Index of the document locations resolve against (a plan file's document, or a per-resource index in the pack). */
  document: number;
  /** JSON pointer of `props` inside that document ("" in the pack). */
  pointerPrefix: string;
}

/** Pack and plan-file options the Pulumi adapters need; never organisation policy. */
export interface PulumiAdapterOptions {
  /** Component type tokens read as a built-in resource type (`acme:ai:ChatService` → `aws:lambda/function:Function`). */
  componentTypes: Readonly<Record<string, string>>;
  /** The stack-wide classification from stack config `modelgate:classification`, already validated. */
  stackClassification: Classification | null;
}

export const DEFAULT_PULUMI_OPTIONS: PulumiAdapterOptions = {
  componentTypes: {},
  stackClassification: null,
};

/** What a resource adapter reads with: the bundle's settings and the pack's or plan's options. */
export interface ResourceContext {
  settings: AdapterSettings;
  options: PulumiAdapterOptions;
}

/** A resource a resource adapter claimed, with the type it is read as. */
export interface ClaimedResource {
  readonly resource: PulumiResource;
  /** The type key the resource is read as (its own, or the one its component type maps to). */
  readonly typeKey: string;
}

/**
 * The adapter contract of src/adapters/core/types.ts for Pulumi cloud resources: `claim` by type
 * token (or the built-in type a component is mapped to), then `adapt` the claimed resource. The
 * first adapter of RESOURCE_ADAPTERS that claims a resource reads it.
 */
export interface ResourceAdapter {
  readonly name: string;
  claim(resource: PulumiResource, options: PulumiAdapterOptions): ClaimedResource | null;
  adapt(claimed: ClaimedResource, ctx: ResourceContext): AdapterOutput;
}

/** The source of a pointer inside the resource's properties. */
export function resourceSource(resource: PulumiResource, pointer: string): SourceLocation {
  return { file: resource.file, line: 0, column: 0, pointer: resource.pointerPrefix + pointer, document: resource.document };
}

/** `aws:lambda/function:Function` → `aws:lambda:Function`: the module's file segment is dropped when it names the type. */
export function typeKey(token: string): string {
  const parts = token.split(":");
  if (parts.length !== 3) return token;
  const [pkg, module, name] = parts as [string, string, string];
  const slash = module.indexOf("/");
  if (slash !== -1 && module.slice(slash + 1).toLowerCase() === name.toLowerCase()) return `${pkg}:${module.slice(0, slash)}:${name}`;
  return token;
}

/** The type a resource is read as: its own, or the built-in type a component token is mapped to. */
export function effectiveType(resource: PulumiResource, options: PulumiAdapterOptions): string {
  return options.componentTypes[resource.type] ?? resource.type;
}

/** Kubernetes objects: `kubernetes:<group>/<version>:<Kind>`, read by the same adapters as YAML manifests. */
export function isKubernetesType(token: string): boolean {
  return /^kubernetes:[^:/]+\/[^:/]+:[A-Za-z0-9]+$/.test(token);
}

/** `apiVersion` and `kind` of a Kubernetes type token (`kubernetes:core/v1:ConfigMap` → v1, ConfigMap). */
export function kubernetesGroupVersionKind(token: string): { apiVersion: string; kind: string } | null {
  const match = /^kubernetes:([^:/]+)\/([^:/]+):([A-Za-z0-9]+)$/.exec(token);
  if (!match) return null;
  const [, group, version, kind] = match as unknown as [string, string, string, string];
  return { apiVersion: group === "core" ? version : `${group}/${version}`, kind };
}

/** The last segment of a URN (its logical name), or the URN itself. */
export function urnName(urn: string): string {
  const index = urn.lastIndexOf("::");
  return index === -1 ? urn : urn.slice(index + 2);
}
