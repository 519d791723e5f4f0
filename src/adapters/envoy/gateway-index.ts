/**
 * The Envoy AI Gateway and Envoy Gateway objects an AIGatewayRoute is joined with, read once per
 * scan: AIServiceBackends, Backends, BackendSecurityPolicies, BackendTrafficPolicies and
 * BackendTLSPolicies, by namespace and name.
 */

import { isRecord, listOf, objectName, objectNamespace, type KubeObject } from "../core/objects";
import type { KubeEntry, ScanIndex } from "../core/scan-index";

export const AI_GATEWAY_GROUP = "aigateway.envoyproxy.io/";
export const ENVOY_GATEWAY_GROUP = "gateway.envoyproxy.io/";

export interface TargetRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

export class GatewayIndex {
  private readonly serviceBackends = new Map<string, KubeEntry>();
  private readonly backends = new Map<string, KubeEntry>();
  readonly securityPolicies: KubeEntry[] = [];
  readonly trafficPolicies: KubeEntry[] = [];
  readonly tlsPolicies: KubeEntry[] = [];

  constructor(index: ScanIndex) {
    for (const entry of index.objectsOfKind("AIServiceBackend")) {
      if (entry.object.apiVersion.startsWith(AI_GATEWAY_GROUP)) this.serviceBackends.set(key(entry.object), entry);
    }
    for (const entry of index.objectsOfKind("Backend")) {
      if (entry.object.apiVersion.startsWith(ENVOY_GATEWAY_GROUP)) this.backends.set(key(entry.object), entry);
    }
    for (const entry of index.objectsOfKind("BackendSecurityPolicy")) {
      if (entry.object.apiVersion.startsWith(AI_GATEWAY_GROUP)) this.securityPolicies.push(entry);
    }
    for (const entry of index.objectsOfKind("BackendTrafficPolicy")) {
      if (entry.object.apiVersion.startsWith(ENVOY_GATEWAY_GROUP)) this.trafficPolicies.push(entry);
    }
    this.tlsPolicies.push(...index.objectsOfKind("BackendTLSPolicy"));
  }

  serviceBackend(namespace: string, name: string): KubeEntry | undefined {
    return this.serviceBackends.get(`${namespace}/${name}`);
  }

  backend(namespace: string, name: string): KubeEntry | undefined {
    return this.backends.get(`${namespace}/${name}`);
  }
}

function key(object: KubeObject): string {
  return `${objectNamespace(object)}/${objectName(object)}`;
}

const caches = new WeakMap<ScanIndex, GatewayIndex>();

export function gatewayIndex(index: ScanIndex): GatewayIndex {
  let found = caches.get(index);
  if (!found) {
    found = new GatewayIndex(index);
    caches.set(index, found);
  }
  return found;
}

/** `targetRefs[]` and the older single `targetRef` of a policy, namespaces defaulted to the policy's. */
export function targetRefsOf(policy: KubeObject): TargetRef[] {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const refs = [...listOf(spec.targetRefs), ...(isRecord(spec.targetRef) ? [spec.targetRef] : [])];
  const namespace = objectNamespace(policy);
  return refs.filter(isRecord).flatMap((ref) =>
    typeof ref.name === "string"
      ? [
          {
            group: typeof ref.group === "string" ? ref.group : "",
            kind: typeof ref.kind === "string" ? ref.kind : "",
            name: ref.name,
            namespace: typeof ref.namespace === "string" && ref.namespace !== "" ? ref.namespace : namespace,
          },
        ]
      : [],
  );
}
