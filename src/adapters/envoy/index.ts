/**
 * Envoy AI Gateway (aigateway.envoyproxy.io, github.com/envoyproxy/ai-gateway): an AIGatewayRoute is
 * the workload; each `rules[].backendRefs[]` is a route, joined across the documents of the scan:
 * AIGatewayRoute → AIServiceBackend (`spec.schema.name`, `spec.backendRef`) → Envoy Gateway Backend
 * (`spec.endpoints[].fqdn.hostname` / `ip.address`), which is where the provider identity lives:
 * `schema: OpenAI` + `fqdn.hostname: api.deepseek.com` is DeepSeek. A reference to an object that is
 * not in the scan is an unresolved endpoint naming it. An InferencePool reference is the
 * organisation's own model servers (an in-cluster endpoint).
 *   - Model: the rule's `x-ai-eg-model` header match (Exact), or the backendRef's `modelNameOverride`.
 *   - Credentials: BackendSecurityPolicies targeting the AIServiceBackend are named in `via`.
 *   - Limits: see ./limits.ts (BackendTrafficPolicy rate limits costed by `llmRequestCosts`), plus
 *     `bodyMutation.set` of `max_tokens` (the gateway overwrites what the client sent).
 *   - Classification: the AIGatewayRoute's labels and annotations, then its Namespace.
 */

import type { Limits, ModelRef, Problem, Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { objectWorkloadOutput } from "../egress/document";
import { joinsClusterNames, seeThroughClusterNames } from "../egress/resolve";
import { joinsKinds } from "../core/scan-index";
import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { endpointFields, newRoute, numberValue, type EndpointFields } from "../core/route";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { AI_GATEWAY_GROUP, gatewayIndex, targetRefsOf, type GatewayIndex } from "./gateway-index";
import { routeCaps } from "./limits";

const MODEL_HEADER = "x-ai-eg-model";
const MAX_TOKEN_FIELDS: ReadonlySet<string> = new Set(["max_tokens", "max_completion_tokens", "max_output_tokens"]);

function isAIGatewayRoute(value: unknown): value is KubeObject {
  return isKubeObject(value) && value.kind === "AIGatewayRoute" && value.apiVersion.startsWith(AI_GATEWAY_GROUP);
}

function models(rule: Record<string, unknown>): ModelRef[] {
  const found: ModelRef[] = [];
  for (const match of Array.isArray(rule.matches) ? rule.matches : []) {
    if (!isRecord(match)) continue;
    for (const header of Array.isArray(match.headers) ? match.headers : []) {
      if (!isRecord(header) || typeof header.name !== "string" || header.name.toLowerCase() !== MODEL_HEADER) continue;
      if (typeof header.value !== "string") continue;
      const exact = header.type === undefined || header.type === "Exact";
      const model: ModelRef = exact ? { id: header.value, raw: header.value, resolved: true } : { id: null, raw: header.value, resolved: false };
      if (!found.some((m) => m.raw === model.raw)) found.push(model);
    }
  }
  return found.length > 0 ? found : [{ id: null, raw: null, resolved: false }];
}

/** `bodyMutation.set[{path: max_tokens, value: "1024"}]`: a per-request cap the gateway enforces. */
function maxTokensOf(...mutations: unknown[]): number | null {
  let best: number | null = null;
  for (const mutation of mutations) {
    if (!isRecord(mutation) || !Array.isArray(mutation.set)) continue;
    for (const field of mutation.set) {
      if (!isRecord(field) || typeof field.path !== "string" || !MAX_TOKEN_FIELDS.has(field.path)) continue;
      const value = numberValue(typeof field.value === "string" ? field.value.trim() : field.value);
      if (value !== null && (best === null || value < best)) best = value;
    }
  }
  return best;
}

interface Target {
  fields: EndpointFields;
  via: string;
  source: { doc: ParsedDocument; pointer: string };
}

class RouteReader {
  readonly routes: Route[] = [];
  readonly problems: Problem[] = [];
  private readonly namespace: string;
  private readonly name: string;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly route: KubeObject,
    private readonly gateways: GatewayIndex,
    private readonly ctx: AdapterContext,
  ) {
    this.namespace = objectNamespace(route);
    this.name = objectName(route);
  }

  private unresolved(raw: string, reason: string): EndpointFields {
    return { endpoint: null, unresolvedEndpoint: { raw, reason } };
  }

  read(limits: Partial<Limits>, notes: string[]): void {
    const spec = isRecord(this.route.spec) ? this.route.spec : {};
    if (!Array.isArray(spec.rules)) {
      this.problems.push({ message: "spec.rules must be a list of routing rules", source: sourceAt(this.doc, "/spec/rules") });
      return;
    }
    spec.rules.forEach((rule, i) => {
      if (!isRecord(rule) || !Array.isArray(rule.backendRefs)) return;
      const ruleModels = models(rule);
      rule.backendRefs.forEach((ref, j) => {
        if (!isRecord(ref) || typeof ref.name !== "string") return;
        const pointer = `/spec/rules/${i}/backendRefs/${j}`;
        const head = `AIGatewayRoute ${this.namespace}/${this.name} rule[${i}]`;
        const { targets, type, maxTokens } = this.targets(ref, pointer, head);
        const override = typeof ref.modelNameOverride === "string" && ref.modelNameOverride !== "" ? ref.modelNameOverride : null;
        const routeModels: ModelRef[] = override !== null ? [{ id: override, raw: override, resolved: true }] : ruleModels;
        targets.forEach((target, k) => {
          routeModels.forEach((model, m) => {
            let id = `rules/${i}/backendRefs/${j}`;
            if (targets.length > 1) id += `/endpoints/${k}`;
            if (routeModels.length > 1) id += `/models/${m}`;
            const via = `${target.via}${model.raw !== null ? ` (model ${model.raw})` : ""}${notes.length > 0 ? ` [${notes.join("; ")}]` : ""}`;
            this.routes.push(
              newRoute({
                id,
                via,
                source: sourceAt(target.source.doc, target.source.pointer),
                endpoint: target.fields,
                provider: { type },
                model,
                limits: maxTokens !== null ? { ...limits, maxTokensPerRequest: maxTokens, origin: "bodyMutation max_tokens" } : limits,
              }),
            );
          });
        });
      });
    });
  }

  /** Where one backendRef sends traffic: one target per Backend endpoint, or an unresolved one. */
  private targets(ref: Record<string, unknown>, pointer: string, head: string): { targets: Target[]; type: string | null; maxTokens: number | null } {
    const here = { doc: this.doc, pointer };
    const refNamespace = typeof ref.namespace === "string" && ref.namespace !== "" ? ref.namespace : this.namespace;
    const name = ref.name as string;
    if (ref.kind === "InferencePool") {
      const fields = endpointFields(`http://${name}.${refNamespace}.svc.cluster.local`, this.ctx.settings);
      return { targets: [{ fields, via: `${head} → InferencePool ${refNamespace}/${name}`, source: here }], type: null, maxTokens: null };
    }
    const serviceBackend = this.gateways.serviceBackend(refNamespace, name);
    const asbLabel = `AIServiceBackend ${refNamespace}/${name}`;
    if (!serviceBackend) {
      return {
        targets: [{ fields: this.unresolved(asbLabel, `${asbLabel} is not in the scanned files`), via: `${head} → ${asbLabel}`, source: here }],
        type: null,
        maxTokens: maxTokensOf(ref.bodyMutation),
      };
    }
    const asb = serviceBackend.object;
    const asbSpec = isRecord(asb.spec) ? asb.spec : {};
    const schema = isRecord(asbSpec.schema) && typeof asbSpec.schema.name === "string" ? asbSpec.schema.name : null;
    const type = schema !== null ? schema.toLowerCase() : null;
    const maxTokens = maxTokensOf(ref.bodyMutation, asbSpec.bodyMutation);
    const credentials = this.credentials(asb);
    const asbText = `${asbLabel}${schema !== null ? ` (schema ${schema})` : ""}${credentials}`;
    const backendRef = isRecord(asbSpec.backendRef) ? asbSpec.backendRef : null;
    const asbHere = { doc: serviceBackend.doc, pointer: "/spec/backendRef" };
    if (backendRef === null || typeof backendRef.name !== "string") {
      return {
        targets: [{ fields: this.unresolved(asbLabel, `${asbLabel} has no spec.backendRef`), via: `${head} → ${asbText}`, source: asbHere }],
        type,
        maxTokens,
      };
    }
    const backendNamespace = typeof backendRef.namespace === "string" && backendRef.namespace !== "" ? backendRef.namespace : objectNamespace(asb);
    if (backendRef.kind === "Service" || (backendRef.kind === undefined && backendRef.group === "")) {
      const port = typeof backendRef.port === "number" ? `:${backendRef.port}` : "";
      const fields = endpointFields(`http://${backendRef.name}.${backendNamespace}.svc.cluster.local${port}`, this.ctx.settings);
      return { targets: [{ fields, via: `${head} → ${asbText} → Service ${backendNamespace}/${backendRef.name}`, source: asbHere }], type, maxTokens };
    }
    const backendLabel = `Backend ${backendNamespace}/${backendRef.name}`;
    const backend = this.gateways.backend(backendNamespace, backendRef.name);
    if (!backend) {
      return {
        targets: [
          {
            fields: this.unresolved(backendLabel, `${backendLabel} is not in the scanned files`),
            via: `${head} → ${asbText} → ${backendLabel}`,
            source: asbHere,
          },
        ],
        type,
        maxTokens,
      };
    }
    const endpoints = isRecord(backend.object.spec) && Array.isArray(backend.object.spec.endpoints) ? backend.object.spec.endpoints : [];
    const tls = this.hasTlsPolicy(backendNamespace, backendRef.name);
    const targets: Target[] = [];
    endpoints.forEach((endpoint, k) => {
      if (!isRecord(endpoint)) return;
      const base = `/spec/endpoints/${k}`;
      let host: string | null = null;
      let port: number | null = null;
      let at = base;
      if (isRecord(endpoint.fqdn) && typeof endpoint.fqdn.hostname === "string") {
        host = endpoint.fqdn.hostname;
        port = typeof endpoint.fqdn.port === "number" ? endpoint.fqdn.port : null;
        at = `${base}/fqdn/hostname`;
      } else if (isRecord(endpoint.ip) && typeof endpoint.ip.address === "string") {
        host = endpoint.ip.address.includes(":") ? `[${endpoint.ip.address}]` : endpoint.ip.address;
        port = typeof endpoint.ip.port === "number" ? endpoint.ip.port : null;
        at = `${base}/ip/address`;
      } else if (isRecord(endpoint.unix) && typeof endpoint.unix.path === "string") {
        host = "localhost";
        at = `${base}/unix/path`;
      }
      if (host === null) return;
      const scheme = tls || port === 443 ? "https" : "http";
      const portText = port !== null && !(scheme === "https" && port === 443) && !(scheme === "http" && port === 80) ? `:${port}` : "";
      targets.push({
        fields: endpointFields(`${scheme}://${host}${portText}`, this.ctx.settings),
        via: `${head} → ${asbText} → ${backendLabel}`,
        source: { doc: backend.doc, pointer: at },
      });
    });
    if (targets.length === 0) {
      targets.push({
        fields: this.unresolved(backendLabel, `${backendLabel} has no endpoints`),
        via: `${head} → ${asbText} → ${backendLabel}`,
        source: { doc: backend.doc, pointer: "/spec" },
      });
    }
    return { targets, type, maxTokens };
  }

  private credentials(asb: KubeObject): string {
    const namespace = objectNamespace(asb);
    const name = objectName(asb);
    const names: string[] = [];
    for (const { object } of this.gateways.securityPolicies) {
      if (targetRefsOf(object).some((ref) => ref.kind === "AIServiceBackend" && ref.name === name && ref.namespace === namespace)) {
        const type = isRecord(object.spec) && typeof object.spec.type === "string" ? ` (${object.spec.type})` : "";
        names.push(`BackendSecurityPolicy ${objectNamespace(object)}/${objectName(object)}${type}`);
      }
    }
    const spec = isRecord(asb.spec) ? asb.spec : {};
    const legacy = isRecord(spec.backendRef) && isRecord(spec.backendRef.backendSecurityPolicyRef) ? spec.backendRef.backendSecurityPolicyRef : null;
    if (legacy !== null && typeof legacy.name === "string") names.push(`BackendSecurityPolicy ${namespace}/${legacy.name}`);
    return names.length > 0 ? `, credentials from ${names.join(", ")}` : "";
  }

  private hasTlsPolicy(namespace: string, backend: string): boolean {
    return this.gateways.tlsPolicies.some(
      ({ object }) => objectNamespace(object) === namespace && targetRefsOf(object).some((ref) => ref.kind === "Backend" && ref.name === backend),
    );
  }
}

function adaptRoute({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const gateways = gatewayIndex(ctx.index);
  const reader = new RouteReader(doc, object, gateways, ctx);
  const caps = routeCaps(object, gateways);
  reader.read({ caps: caps.caps }, caps.notes);
  const namespace = objectNamespace(object);
  // a Backend naming an in-cluster Service is followed like a client's URL (ExternalName, ServiceEntry, relays)
  const routes = seeThroughClusterNames(reader.routes, namespace, ctx);
  return objectWorkloadOutput({ doc, object, namespace, routes, problems: reader.problems }, ctx);
}

export const envoyAIGatewayAdapter: Adapter<KubeObject> = {
  name: "envoy-ai-gateway",
  claim: (doc) => (isAIGatewayRoute(doc.value) ? { doc, value: doc.value } : null),
  adapt: adaptRoute,
  // the backends a route names, their policies, and in-cluster names behind a Backend
  joins: (value, catalog) => joinsBackends(value) || joinsClusterNames(value, catalog),
};

const joinsBackends = joinsKinds("AIServiceBackend", "BackendSecurityPolicy", "Backend", "BackendTrafficPolicy", "BackendTLSPolicy", "Secret");
