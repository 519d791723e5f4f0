/**
 * The namespace an object is deployed to in a GitOps repository, where manifests seldom say it
 * themselves: Kustomize's `namespace:` in a kustomization.yaml sets the namespace of every
 * namespaced resource it (or a kustomization above it that includes it) builds, and a Flux
 * `Kustomization` with `spec.targetNamespace` sets it for everything under its `spec.path` (relative
 * to the repository root). Both overwrite `metadata.namespace`, so joins by namespace (a Deployment
 * and its Secret, a client and the gateway's Service, a workload and its Namespace's labels) see what
 * the cluster sees. The outermost kustomization wins, as kustomize applies it last; a Flux target
 * namespace wins over both.
 */

import { existsSync } from "node:fs";
import path from "node:path";
import { isRecord } from "../adapters/core/objects";
import type { ParsedDocument } from "../parse/document";

export interface NamespaceRule {
  origin: "kustomize" | "flux";
  /** The display path of the file the rule comes from. */
  file: string;
  /** Absolute directory the rule covers: the kustomization's folder, or the Flux Kustomization's path. */
  dir: string;
  /** Null for a kustomization without `namespace:`: it still decides which files are built. */
  namespace: string | null;
  /** Kustomize only: the absolute paths of the resources it builds (files and folders). */
  resources: string[];
  /** Kustomize: it has `replacements` (the cluster template copies its Namespace's name into each Flux Kustomization's `spec.targetNamespace` so). */
  replaces?: boolean;
  /** Flux without `spec.targetNamespace`: the file that defines it, whose kustomization may fill it in. */
  definedIn?: string;
}

const KUSTOMIZATION_FILES: ReadonlySet<string> = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

/**
 * Kinds kustomize leaves without a namespace (cluster-scoped): the common ones, and any `Cluster*`
 * kind. An unknown custom kind is taken as namespaced, as most are.
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  "Namespace",
  "CustomResourceDefinition",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
  "IngressClass",
  "GatewayClass",
  "RuntimeClass",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "Node",
  "CSIDriver",
  "VolumeSnapshotClass",
]);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function kustomizeRule(value: Record<string, unknown>, file: string, absolute: string): NamespaceRule | null {
  // a namespace that is no DNS label (`${NAMESPACE}`, substituted later) sets nothing the scan can know
  const namespace = typeof value.namespace === "string" && DNS_LABEL.test(value.namespace) ? value.namespace : null;
  const dir = path.dirname(absolute);
  // the files a generator packs into a ConfigMap or Secret (`key=path` or `path`) are built here too
  const listed = (list: unknown): unknown[] => (Array.isArray(list) ? (list as unknown[]) : []);
  const generated: unknown[] = ["configMapGenerator", "secretGenerator"].flatMap((field) =>
    listed(value[field]).flatMap((generator) =>
      isRecord(generator) ? listed(generator.files).map((entry) => (typeof entry === "string" ? entry.slice(entry.indexOf("=") + 1) : entry)) : [],
    ),
  );
  const entries: unknown[] = [...listed(value.resources), ...generated];
  const resources = entries
    .filter((entry): entry is string => typeof entry === "string" && entry.trim() !== "" && !entry.includes("://") && !entry.startsWith("github.com/"))
    .map((entry) => path.resolve(dir, entry.trim()));
  return { origin: "kustomize", file, dir, namespace, resources, replaces: listed(value.replacements).length > 0 };
}

/** Whether a document says where others are deployed (read by every shard of a scan). */
export function isNamespaceSource(value: unknown, file: string): boolean {
  if (!isRecord(value)) return false;
  if (typeof value.apiVersion === "string" && value.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")) return value.kind === "Kustomization";
  if (typeof value.apiVersion === "string" && value.apiVersion.startsWith("kustomize.config.k8s.io/")) return value.kind === "Kustomization";
  return (
    value.apiVersion === undefined && KUSTOMIZATION_FILES.has(path.basename(file)) && (typeof value.namespace === "string" || Array.isArray(value.resources))
  );
}

/** The rule a namespace source sets, or null when it sets none (a Flux Kustomization without a target namespace). */
/**
 * `roots`: where a Flux Kustomization's `spec.path` is resolved, first that exists wins (the git
 * work tree, as Flux reads its GitRepository; then the folder the scan runs in, for a repository
 * copied without its .git).
 */
export function namespaceRuleOf(value: unknown, file: string, absolute: string, roots: readonly string[]): NamespaceRule | null {
  if (!isRecord(value) || !isNamespaceSource(value, file)) return null;
  if (typeof value.apiVersion === "string" && value.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")) {
    const spec = isRecord(value.spec) ? value.spec : {};
    if (typeof spec.path !== "string") return null;
    const candidates = roots.map((root) => path.resolve(root, spec.path as string));
    const dir = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
    if (spec.targetNamespace === undefined) return { origin: "flux", file, dir, namespace: null, resources: [], definedIn: absolute };
    if (typeof spec.targetNamespace !== "string" || !DNS_LABEL.test(spec.targetNamespace)) return null;
    return { origin: "flux", file, dir, namespace: spec.targetNamespace, resources: [] };
  }
  return KUSTOMIZATION_FILES.has(path.basename(file)) ? kustomizeRule(value, file, absolute) : null;
}

const within = (dir: string, target: string): boolean => target === dir || target.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

export class DeployedNamespaces {
  private readonly memo = new Map<string, string | null>();
  /** The kustomization of each folder that has one (a folder holds one kustomization file). */
  private readonly kustomizations: Map<string, NamespaceRule>;
  private readonly flux: NamespaceRule[];

  constructor(rules: readonly NamespaceRule[]) {
    this.kustomizations = new Map();
    for (const rule of rules) if (rule.origin === "kustomize" && !this.kustomizations.has(rule.dir)) this.kustomizations.set(rule.dir, rule);
    // the deepest path first: a Kustomization for a sub-folder is the one that applies its files
    // a Flux Kustomization without a target namespace gets one only from a kustomization that sets
    // its namespace and carries replacements (the cluster template's `spec.targetNamespace` copy)
    this.flux = rules
      .filter((rule) => rule.origin === "flux")
      .map((rule) => (rule.namespace === null && rule.definedIn !== undefined ? { ...rule, namespace: this.replacedTarget(rule.definedIn) } : rule))
      .filter((rule) => rule.namespace !== null)
      .sort((a, b) => b.dir.length - a.dir.length);
  }

  private replacedTarget(definedIn: string): string | null {
    const { namespace, replaces } = this.kustomizeWalk(definedIn);
    return replaces ? namespace : null;
  }

  get empty(): boolean {
    return this.flux.length === 0 && [...this.kustomizations.values()].every((rule) => rule.namespace === null);
  }

  /** The namespace the object of `absolute` is deployed to, or null when nothing in the scan sets one. */
  namespaceOf(absolute: string): string | null {
    if (this.memo.has(absolute)) return this.memo.get(absolute)!;
    const flux = this.flux.find((rule) => within(rule.dir, absolute));
    const namespace = flux?.namespace ?? this.kustomizeNamespace(absolute);
    this.memo.set(absolute, namespace);
    return namespace;
  }

  /**
   * Up from the file: a kustomization builds the file when it lists it, or a folder holding it; the
   * kustomization above builds that one when it lists its folder. The outermost namespace wins.
   */
  private kustomizeNamespace(absolute: string): string | null {
    return this.kustomizeWalk(absolute).namespace;
  }

  private kustomizeWalk(absolute: string): { namespace: string | null; replaces: boolean } {
    let namespace: string | null = null;
    let replaces = false;
    let built = absolute;
    for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
      const rule = this.kustomizations.get(dir);
      if (rule !== undefined) {
        if (!rule.resources.some((resource) => within(resource, built))) break;
        if (rule.namespace !== null) {
          namespace = rule.namespace;
          replaces = rule.replaces === true;
        }
        built = dir;
      }
      if (path.dirname(dir) === dir) break;
    }
    return { namespace, replaces };
  }
}

/**
 * Sets the deployed namespace on a namespaced object, as kustomize and Flux do when they apply it;
 * a document that is no object (a config file a generator packs) carries it beside its value.
 */
export function applyNamespace(doc: ParsedDocument, namespace: string): void {
  const value = doc.value;
  if (isRecord(value) && (typeof value.kind !== "string" || typeof value.apiVersion !== "string")) {
    doc.deployedNamespace = namespace;
    return;
  }
  if (!isRecord(value) || typeof value.kind !== "string" || typeof value.apiVersion !== "string") return;
  if (CLUSTER_SCOPED.has(value.kind) || value.kind.startsWith("Cluster")) return;
  if (value.apiVersion.startsWith("kustomize.")) return;
  if (!isRecord(value.metadata)) value.metadata = {};
  (value.metadata as Record<string, unknown>).namespace = namespace;
}
