/**
 * github.com/ackstorm/alitellm-operator (API group `litellm.ackstorm.ai`): the operator drives an
 * existing LiteLLM proxy through its admin API.
 *   - `LiteLLMConnection` named `default` (in the operator's watch namespace) names the proxy
 *     (`spec.endpoint`); every other resource binds to it implicitly. The proxy keeps the models
 *     the operator registers in its database, where more can be added at run time;
 *   - `LiteLLMModel`: clients call it by its resource name; `spec.params` is `litellm_params` and
 *     `spec.info` is `model_info`, verbatim, with `{{NAME}}` placeholders in string values filled
 *     from `spec.secrets[]` (`{as, secretRef: {name, key}}`);
 *   - `LiteLLMTeam`: the team alias is its name, `spec.budget.{limit, period}` and
 *     `spec.rateLimits.{rpm, tpm}` its budget and rate limits.
 */

import { decodePointer } from "../../parse/document";
import { isRecord, listOf, objectName, objectNamespace, type KubeObject } from "../core/objects";
import type { KubeEntry } from "../core/scan-index";
import type { AdapterContext } from "../core/types";
import { type PointerMap, secretValue, specOf, text, type Dialect, type Rendered, type UnreadEndpoint, startRender } from "./operator-render";

const CONNECTION = "LiteLLMConnection";
/** The one connection every resource binds to in v1alpha1. */
const DEFAULT = "default";
const PLACEHOLDER = /\{\{\s*([A-Z_][A-Z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\s*\{\{\s*([A-Z_][A-Z0-9_]*)\s*\}\}\s*$/;

/** The model's `{{NAME}}` substitutions: NAME → its Secret reference. */
function substitutions(spec: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const entry of listOf(spec.secrets)) {
    if (isRecord(entry) && typeof entry.as === "string" && isRecord(entry.secretRef)) found.set(entry.as, entry.secretRef);
  }
  return found;
}

function renderModel(model: KubeEntry, index: number, map: PointerMap, unread: UnreadEndpoint[], ctx: AdapterContext): Record<string, unknown> {
  const { doc, object } = model;
  const spec = specOf(object);
  const base = ["model_list", index];
  map.add(base, doc, Object.hasOwn(object, "spec") ? ["spec"] : []);
  // clients call the model by the resource's name
  const entry: Record<string, unknown> = { model_name: objectName(object) };
  map.add([...base, "model_name"], doc, ["metadata", "name"]);
  map.add([...base, "litellm_params"], doc, ["spec", "params"]);
  if (isRecord(spec.info)) {
    entry.model_info = spec.info;
    map.add([...base, "model_info"], doc, ["spec", "info"]);
  }
  const written = spec.params;
  if (!isRecord(written)) {
    if (written !== undefined) entry.litellm_params = written;
    return entry;
  }
  const secrets = substitutions(spec);
  const namespace = objectNamespace(object);
  const params: Record<string, unknown> = { ...written };
  for (const [key, value] of Object.entries(written)) {
    if (typeof value !== "string" || !value.includes("{{")) continue;
    const whole = WHOLE_PLACEHOLDER.exec(value)?.[1];
    // a key's own placeholder name says which provider it is for (ANTHROPIC_API_KEY)
    if (key === "api_key") {
      if (whole !== undefined) params.api_key = `os.environ/${whole}`;
      continue;
    }
    const reasons: string[] = [];
    let source: { doc: typeof doc; pointer: string } | null = null;
    const filled = value.replace(PLACEHOLDER, (placeholder, name: string) => {
      const ref = secrets.get(name);
      if (ref === undefined) {
        reasons.push(`{{${name}}} has no spec.secrets entry`);
        return placeholder;
      }
      const found = secretValue(`spec.secrets ${name}`, ref, namespace, ctx);
      if (typeof found === "string") {
        reasons.push(found);
        return placeholder;
      }
      if (whole !== undefined) source = { doc: found.doc, pointer: found.pointer };
      return found.value;
    });
    if (reasons.length > 0 && (key === "api_base" || key === "base_url")) {
      // unread: the config reader sees a reference it cannot resolve, and the reason is ours
      params[key] = whole !== undefined ? `os.environ/${whole}` : filled;
      unread.push({ index, raw: value, reason: reasons.join("; ") });
    } else {
      params[key] = filled;
    }
    const filledFrom = source as { doc: typeof doc; pointer: string } | null;
    if (filledFrom !== null) map.add([...base, "litellm_params", key], filledFrom.doc, decodePointer(filledFrom.pointer));
  }
  entry.litellm_params = params;
  return entry;
}

export const ackstormDialect: Dialect = {
  group: "litellm.ackstorm.ai",
  proxyKind: CONNECTION,
  modelKind: "LiteLLMModel",
  kinds: new Set([CONNECTION, "LiteLLMModel", "LiteLLMTeam"]),
  paramsField: "params",
  sectionLabels: [],
  modelNamePointer: "/metadata/name",
  // v1alpha1 has no reference: everything binds to LiteLLMConnection/default
  proxyRefOf: () => DEFAULT,
  adopts: (proxy: KubeObject) => objectName(proxy) === DEFAULT,
  proxyProblems: () => [],
  render(proxy: KubeEntry | null, models: readonly KubeEntry[], ctx: AdapterContext): Rendered {
    const { map, config, unread } = startRender(proxy, models);
    let runtimeVia: string | null = null;
    if (proxy) {
      const spec = specOf(proxy.object);
      config.general_settings = { store_model_in_db: true };
      map.add(["general_settings", "store_model_in_db"], proxy.doc, Object.hasOwn(spec, "endpoint") ? ["spec", "endpoint"] : ["spec"]);
      const endpoint = text(spec.endpoint);
      runtimeVia = `${CONNECTION} ${objectNamespace(proxy.object)}/${objectName(proxy.object)} registers its models through the admin API of ${endpoint ?? "a LiteLLM proxy"}, which keeps them in its database, where the admin UI and API can add more`;
    }
    config.model_list = models.map((model, index) => renderModel(model, index, map, unread, ctx));
    return { config, map, unread, runtimeVia, credentialLabels: [] };
  },
  callers: [
    {
      kind: "LiteLLMTeam",
      scope: "team",
      word: "team",
      proxyRefOf: () => DEFAULT,
      idFields: [],
      budgetField: "budget/limit",
      durationField: "budget/period",
      tpmField: "rateLimits/tpm",
      rpmField: "rateLimits/rpm",
    },
  ],
};
