/**
 * github.com/PalenaAI/litellm-operator (also published as bitkaio/litellm-operator, API group
 * `litellm.palena.ai`): the operator deploys a DB-backed proxy and registers everything through its
 * admin API.
 *   - `LiteLLMInstance`: typed `routerSettings` (camelCase) and `fallbacks` (`defaultFallbacks`,
 *     `modelFallbacks` / `contentPolicyFallbacks` / `contextWindowFallbacks` as `{model, fallbacks}`);
 *     its models live in the proxy's database, so models can be added there at run time;
 *   - `LiteLLMModel`: `instanceRef.name`, `modelName`, `litellmParams` (`model`, `apiBase`,
 *     `apiKeySecretRef`, `credentialRef`, `rpm`, `tpm`, `timeout`, `streamTimeout`, `maxRetries`),
 *     `modelInfo` (camelCase), `tags`;
 *   - `LiteLLMCredential`: `credentialName`, `apiBase`, `apiKeySecretRef`, rendered into
 *     `credential_list` (a model with `credentialRef` takes the credential's endpoint and key);
 *   - `LiteLLMTeam` (`maxBudgetMonthly`), `LiteLLMVirtualKey` and `LiteLLMUser` (`maxBudget`), each
 *     with `budgetDuration`, `tpmLimit`, `rpmLimit`.
 */

import { isRecord, listOf, objectName, objectNamespace, type KubeObject } from "../core/objects";
import type { KubeEntry } from "../core/scan-index";
import type { AdapterContext } from "../core/types";
import {
  copyFields,
  inGroup,
  keyReference,
  type PointerMap,
  renderModelInfo,
  specOf,
  text,
  type Dialect,
  type Rendered,
  type UnreadEndpoint,
  startRender,
  startModelEntry,
} from "./operator-render";

const GROUP = "litellm.palena.ai";
const CREDENTIAL = "LiteLLMCredential";

const ROUTER_FIELDS: ReadonlyArray<[string, string]> = [
  ["routingStrategy", "routing_strategy"],
  ["numRetries", "num_retries"],
  ["timeout", "timeout"],
  ["retryAfter", "retry_after"],
  ["allowedFails", "allowed_fails"],
  ["cooldownTime", "cooldown_time"],
  ["enableTagFiltering", "enable_tag_filtering"],
];

const FALLBACK_LISTS: ReadonlyArray<[string, string]> = [
  ["modelFallbacks", "fallbacks"],
  ["contentPolicyFallbacks", "content_policy_fallbacks"],
  ["contextWindowFallbacks", "context_window_fallbacks"],
];

const PARAMS: ReadonlyArray<[string, string]> = [
  ["model", "model"],
  ["rpm", "rpm"],
  ["tpm", "tpm"],
  ["timeout", "timeout"],
  ["streamTimeout", "stream_timeout"],
  ["maxRetries", "max_retries"],
];

function instanceRefOf(spec: Record<string, unknown>): string | null {
  return isRecord(spec.instanceRef) ? text(spec.instanceRef.name) : null;
}

function renderInstance(proxy: KubeEntry, config: Record<string, unknown>, map: PointerMap): string {
  const spec = specOf(proxy.object);
  const router: Record<string, unknown> = {};
  map.add(["router_settings"], proxy.doc, ["spec", "routerSettings"]);
  if (isRecord(spec.routerSettings)) copyFields(spec.routerSettings, ROUTER_FIELDS, router, ["router_settings"], proxy.doc, ["spec", "routerSettings"], map);
  const fallbacks = spec.fallbacks;
  if (isRecord(fallbacks)) {
    if (fallbacks.defaultFallbacks !== undefined && fallbacks.defaultFallbacks !== null) {
      router.default_fallbacks = fallbacks.defaultFallbacks;
      map.add(["router_settings", "default_fallbacks"], proxy.doc, ["spec", "fallbacks", "defaultFallbacks"]);
    }
    for (const [field, key] of FALLBACK_LISTS) {
      const written = fallbacks[field];
      if (written === undefined || written === null) continue;
      map.add(["router_settings", key], proxy.doc, ["spec", "fallbacks", field]);
      if (!Array.isArray(written)) {
        router[key] = written;
        continue;
      }
      router[key] = listOf(written).map((item: unknown, i): unknown => {
        map.add(["router_settings", key, i], proxy.doc, ["spec", "fallbacks", field, i]);
        // {model, fallbacks} is LiteLLM's {model: [fallbacks]}; anything else is passed on for the reader to report
        if (!isRecord(item) || typeof item.model !== "string") return item;
        map.add(["router_settings", key, i, item.model], proxy.doc, ["spec", "fallbacks", field, i, "fallbacks"]);
        return { [item.model]: item.fallbacks };
      });
    }
  }
  config.router_settings = router;
  // every model is registered through the admin API: the proxy keeps them in its database
  config.general_settings = { store_model_in_db: true };
  map.add(["general_settings", "store_model_in_db"], proxy.doc, Object.hasOwn(spec, "database") ? ["spec", "database"] : ["spec"]);
  return `${proxy.object.kind} ${objectNamespace(proxy.object)}/${objectName(proxy.object)} registers its models through the proxy's admin API into its database, where the admin UI and API can add more`;
}

/** The LiteLLMCredentials of the namespace by name (metadata.name, what a credentialRef names). */
function credentialsOf(namespace: string, ctx: AdapterContext): Map<string, KubeEntry> {
  const found = new Map<string, KubeEntry>();
  for (const entry of ctx.index.objectsOfKind(CREDENTIAL)) {
    if (inGroup(entry.object, GROUP, new Set([CREDENTIAL])) && objectNamespace(entry.object) === namespace) found.set(objectName(entry.object), entry);
  }
  return found;
}

class CredentialList {
  private readonly list: unknown[] = [];
  readonly labels: string[] = [];
  private readonly indexes = new Map<KubeEntry, string>();

  constructor(
    private readonly map: PointerMap,
    private readonly ctx: AdapterContext,
  ) {}

  /** The credential's name in the rendered credential_list, adding it on first use. */
  add(entry: KubeEntry): string {
    const known = this.indexes.get(entry);
    if (known !== undefined) return known;
    const spec = specOf(entry.object);
    const name = text(spec.credentialName) ?? objectName(entry.object);
    const index = this.list.length;
    const base = ["credential_list", index];
    this.map.add(base, entry.doc, ["spec"]);
    this.map.add([...base, "credential_name"], entry.doc, ["spec", "credentialName"]);
    const values: Record<string, unknown> = {};
    this.map.add([...base, "credential_values"], entry.doc, ["spec"]);
    copyFields(
      spec,
      [
        ["apiBase", "api_base"],
        ["apiVersion", "api_version"],
      ],
      values,
      [...base, "credential_values"],
      entry.doc,
      ["spec"],
      this.map,
    );
    if (isRecord(spec.apiKeySecretRef)) {
      values.api_key = keyReference(spec.apiKeySecretRef, entry.object, "LITELLM_CREDENTIAL_API_KEY", this.ctx);
      this.map.add([...base, "credential_values", "api_key"], entry.doc, ["spec", "apiKeySecretRef"]);
    }
    this.labels.push(`${CREDENTIAL} ${objectNamespace(entry.object)}/${objectName(entry.object)}`);
    this.list.push({ credential_name: name, credential_values: values, ...(isRecord(spec.params) ? { credential_info: spec.params } : {}) });
    this.indexes.set(entry, name);
    return name;
  }

  get entries(): unknown[] {
    return this.list;
  }
}

function renderModel(
  model: KubeEntry,
  index: number,
  map: PointerMap,
  unread: UnreadEndpoint[],
  credentials: { known: Map<string, KubeEntry>; list: CredentialList },
  ctx: AdapterContext,
): Record<string, unknown> {
  const { doc, object } = model;
  const spec = specOf(object);
  const { entry, params: written, base } = startModelEntry(model, index, map, "litellmParams");
  if (written === null) return entry;
  const params: Record<string, unknown> = {};
  copyFields(written, PARAMS, params, [...base, "litellm_params"], doc, ["spec", "litellmParams"], map);
  if (Array.isArray(spec.tags)) params.tags = listOf(spec.tags);
  const credentialRef = isRecord(written.credentialRef) ? text(written.credentialRef.name) : null;
  if (credentialRef !== null) {
    // the credential's endpoint and key replace the model's own
    map.add([...base, "litellm_params", "litellm_credential_name"], doc, ["spec", "litellmParams", "credentialRef"]);
    const credential = credentials.known.get(credentialRef);
    if (credential === undefined) {
      params.litellm_credential_name = credentialRef;
      unread.push({
        index,
        raw: credentialRef,
        reason: `credentialRef: ${CREDENTIAL} ${objectNamespace(object)}/${credentialRef} is not in the scan, so the endpoint is unknown`,
      });
    } else {
      params.litellm_credential_name = credentials.list.add(credential);
    }
  } else {
    copyFields(written, [["apiBase", "api_base"]], params, [...base, "litellm_params"], doc, ["spec", "litellmParams"], map);
    if (isRecord(written.apiKeySecretRef)) {
      params.api_key = keyReference(written.apiKeySecretRef, object, "LITELLM_MODEL_API_KEY", ctx);
      map.add([...base, "litellm_params", "api_key"], doc, ["spec", "litellmParams", "apiKeySecretRef"]);
    }
  }
  entry.litellm_params = params;
  const info = renderModelInfo(spec.modelInfo, base, doc, "modelInfo", map);
  if (info !== null) entry.model_info = info;
  return entry;
}

export const palenaDialect: Dialect = {
  group: GROUP,
  proxyKind: "LiteLLMInstance",
  modelKind: "LiteLLMModel",
  kinds: new Set(["LiteLLMInstance", "LiteLLMModel", CREDENTIAL, "LiteLLMTeam", "LiteLLMVirtualKey", "LiteLLMUser"]),
  paramsField: "litellmParams",
  sectionLabels: [
    ["router_settings.default_fallbacks", "fallbacks.defaultFallbacks"],
    ...FALLBACK_LISTS.map(([field, key]): [string, string] => [`router_settings.${key}`, `fallbacks.${field}`]),
    ["router_settings", "routerSettings"],
  ],
  modelNamePointer: "/spec/modelName",
  proxyRefOf: (model: KubeObject) => instanceRefOf(specOf(model)),
  adopts: (proxy: KubeObject, model: KubeObject) => instanceRefOf(specOf(model)) === objectName(proxy),
  proxyProblems: () => [],
  render(proxy: KubeEntry | null, models: readonly KubeEntry[], ctx: AdapterContext): Rendered {
    const { map, config, unread, anchor } = startRender(proxy, models);
    const runtimeVia = proxy ? renderInstance(proxy, config, map) : null;
    const known = credentialsOf(objectNamespace(anchor.object), ctx);
    const list = new CredentialList(map, ctx);
    config.model_list = models.map((model, index) => renderModel(model, index, map, unread, { known, list }, ctx));
    // the instance's credentials no model names can still be used by models added at run time
    if (proxy) for (const credential of known.values()) if (instanceRefOf(specOf(credential.object)) === objectName(proxy.object)) list.add(credential);
    if (list.entries.length > 0) config.credential_list = list.entries;
    return { config, map, unread, runtimeVia, credentialLabels: list.labels };
  },
  callers: [
    {
      kind: "LiteLLMTeam",
      scope: "team",
      word: "team",
      proxyRefOf: instanceRefOf,
      idFields: ["teamAlias"],
      budgetField: "maxBudgetMonthly",
      durationField: "budgetDuration",
      tpmField: "tpmLimit",
      rpmField: "rpmLimit",
    },
    {
      kind: "LiteLLMVirtualKey",
      scope: "key",
      word: "virtual key",
      proxyRefOf: instanceRefOf,
      idFields: ["keyAlias"],
      budgetField: "maxBudget",
      durationField: "budgetDuration",
      tpmField: "tpmLimit",
      rpmField: "rpmLimit",
    },
    {
      kind: "LiteLLMUser",
      scope: "internal-user",
      word: "internal user",
      proxyRefOf: instanceRefOf,
      idFields: ["userId"],
      budgetField: "maxBudget",
      durationField: "budgetDuration",
      tpmField: "tpmLimit",
      rpmField: "rpmLimit",
    },
  ],
};
