/**
 * github.com/home-operations/litellm-operator (API group `litellm.home-operations.com`), the
 * operator Flux homelabs use (kubernetes/apps/ai/litellm/app/litellmproxy.yaml + LiteLLMModels):
 *   - `LiteLLMProxy`: `generalSettings`, `routerSettings`, `litellmSettings`,
 *     `environmentVariables`, `credentialList` and `extraConfig` map verbatim to the config's
 *     blocks; `env` values are the proxy's environment; `applyMode: api` pushes models into the
 *     proxy's database and turns on `store_model_in_db`; `modelSelector` picks the models of its
 *     namespace that name no proxy;
 *   - `LiteLLMModel`: `modelName`, `proxyRef`, `params` (`model`, `apiBase`/`apiBaseRef`,
 *     `apiKey`/`apiKeyRef`, `apiVersion`, `dropParams`, `rpm`, `tpm`, `additional` verbatim under
 *     the typed fields) and `info` (camelCase model_info keys, `extra` verbatim);
 *   - `LiteLLMTeam`, `LiteLLMVirtualKey`: `proxyRef`, `maxBudget` (a decimal string),
 *     `budgetDuration`, `tpmLimit`, `rpmLimit`.
 * As the operator renders them (internal/controller/render.go): a Secret reference becomes an
 * `os.environ/LITELLM_MODEL{BASE,KEY}_<NAME>` variable of the Deployment.
 */

import { decodePointer, type ParsedDocument } from "../../parse/document";
import { describeValue } from "../core/fields";
import { isRecord, listOf, objectName, objectNamespace, stringRecord, type KubeObject } from "../core/objects";
import type { KubeEntry } from "../core/scan-index";
import type { AdapterContext } from "../core/types";
import {
  copyFields,
  keyReference,
  type PointerMap,
  renderModelInfo,
  secretValue,
  specOf,
  text,
  type Dialect,
  type Rendered,
  type UnreadEndpoint,
  startRender,
  startModelEntry,
} from "./operator-render";

const GROUP = "litellm.home-operations.com";

/** The proxy's blocks that map verbatim to a top-level config key (render.go topLevelBlocks). */
const TOP_LEVEL_BLOCKS: ReadonlyArray<[string, string]> = [
  ["generalSettings", "general_settings"],
  ["routerSettings", "router_settings"],
  ["litellmSettings", "litellm_settings"],
  ["environmentVariables", "environment_variables"],
  ["credentialList", "credential_list"],
];

/** Typed `params` fields and the litellm_params key each renders to. */
const TYPED_PARAMS: ReadonlyArray<[string, string]> = [
  ["model", "model"],
  ["apiVersion", "api_version"],
  ["dropParams", "drop_params"],
  ["rpm", "rpm"],
  ["tpm", "tpm"],
];

/** The operator's env var names: upper case, every other character an underscore (sanitizeEnvVar). */
function envName(prefix: string, name: string): string {
  return prefix + name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/** Whether a label selector matches the labels; null when the selector cannot be read. */
export function selectorMatches(selector: Record<string, unknown>, labels: Record<string, string>): boolean | null {
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return null;
    for (const [key, value] of Object.entries(stringRecord(matchLabels))) if (labels[key] !== value) return false;
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return null;
    for (const expression of expressions) {
      if (!isRecord(expression) || typeof expression.key !== "string" || typeof expression.operator !== "string") return null;
      const values = listOf(expression.values).map(String);
      const has = Object.hasOwn(labels, expression.key);
      switch (expression.operator) {
        case "In":
          if (!has || !values.includes(labels[expression.key])) return false;
          break;
        case "NotIn":
          if (has && values.includes(labels[expression.key])) return false;
          break;
        case "Exists":
          if (!has) return false;
          break;
        case "DoesNotExist":
          if (has) return false;
          break;
        default:
          return null;
      }
    }
  }
  return true;
}

/** True when the selector cannot be read (not a map, an unknown operator, a malformed expression). */
function unreadableSelector(selector: unknown): boolean {
  return !isRecord(selector) || selectorMatches(selector, {}) === null;
}

function renderProxy(proxy: KubeEntry, config: Record<string, unknown>, map: PointerMap, ctx: AdapterContext): string | null {
  const spec = specOf(proxy.object);
  if (isRecord(spec.extraConfig)) {
    for (const [key, value] of Object.entries(spec.extraConfig)) {
      config[key] = value;
      map.add([key], proxy.doc, ["spec", "extraConfig", key]);
    }
  }
  for (const [field, key] of TOP_LEVEL_BLOCKS) {
    if (spec[field] === undefined || spec[field] === null) continue;
    config[key] = spec[field];
    map.add([key], proxy.doc, ["spec", field]);
  }
  // the proxy's environment, for os.environ/VAR references: LiteLLM's own environment_variables
  // win, then `env` (literal values and Secret or ConfigMap keys), then `envFrom`, as Kubernetes sets them
  const env = isRecord(config.environment_variables) ? { ...config.environment_variables } : {};
  const set = (name: string, value: string, doc: ParsedDocument, pointer: ReadonlyArray<string | number>): void => {
    if (Object.hasOwn(env, name)) return;
    env[name] = value;
    map.add(["environment_variables", name], doc, pointer);
  };
  const namespace = objectNamespace(proxy.object);
  const fromSource = (
    kind: "Secret" | "ConfigMap",
    ref: unknown,
    key: string | null,
  ): Array<{ key: string; value: string; doc: ParsedDocument; pointer: string }> => {
    const name = isRecord(ref) ? text(ref.name) : null;
    const source = name !== null ? ctx.index.keyValueSource(kind, namespace, name) : undefined;
    if (source === undefined) return [];
    const keys = key !== null ? [key] : [...source.data.keys()];
    return keys.flatMap((each) => {
      const value = source.data.get(each);
      return value === undefined ? [] : [{ key: each, value, doc: source.doc, pointer: source.pointers.get(each) ?? "" }];
    });
  };
  listOf(spec.env).forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== "string") return;
    if (typeof entry.value === "string") {
      set(entry.name, entry.value, proxy.doc, ["spec", "env", i, "value"]);
      return;
    }
    const from = isRecord(entry.valueFrom) ? entry.valueFrom : {};
    for (const [field, kind] of [
      ["secretKeyRef", "Secret"],
      ["configMapKeyRef", "ConfigMap"],
    ] as const) {
      const ref = from[field];
      const key = isRecord(ref) ? text(ref.key) : null;
      if (key === null) continue;
      for (const found of fromSource(kind, ref, key)) set(entry.name, found.value, found.doc, decodePointer(found.pointer));
    }
  });
  for (const entry of listOf(spec.envFrom)) {
    if (!isRecord(entry)) continue;
    const prefix = typeof entry.prefix === "string" ? entry.prefix : "";
    for (const [field, kind] of [
      ["secretRef", "Secret"],
      ["configMapRef", "ConfigMap"],
    ] as const) {
      for (const found of fromSource(kind, entry[field], null)) set(`${prefix}${found.key}`, found.value, found.doc, decodePointer(found.pointer));
    }
  }
  if (Object.keys(env).length > 0) config.environment_variables = env;
  if (text(spec.applyMode)?.toLowerCase() !== "api") return null;
  // api mode pushes models to the proxy's database and turns on its model store
  const general = isRecord(config.general_settings) ? { ...config.general_settings } : {};
  general.store_model_in_db = true;
  config.general_settings = general;
  map.add(["general_settings", "store_model_in_db"], proxy.doc, ["spec", "applyMode"]);
  return `${proxy.object.kind} ${objectNamespace(proxy.object)}/${objectName(proxy.object)} spec.applyMode: api pushes models into the proxy's database (store_model_in_db), where the admin UI and API can add more`;
}

function renderModel(model: KubeEntry, index: number, map: PointerMap, unread: UnreadEndpoint[], ctx: AdapterContext): Record<string, unknown> {
  const { doc, object } = model;
  const spec = specOf(object);
  const { entry, params: written, base } = startModelEntry(model, index, map, "params");
  if (written === null) return entry;
  const params: Record<string, unknown> = {};
  if (isRecord(written.additional)) {
    for (const [key, value] of Object.entries(written.additional)) {
      params[key] = value;
      map.add([...base, "litellm_params", key], doc, ["spec", "params", "additional", key]);
    }
  }
  copyFields(written, TYPED_PARAMS, params, [...base, "litellm_params"], doc, ["spec", "params"], map);
  const name = objectName(object);
  if (isRecord(written.apiBaseRef)) {
    const found = secretValue("apiBaseRef", written.apiBaseRef, objectNamespace(object), ctx);
    if (typeof found === "string") {
      const raw = `os.environ/${envName("LITELLM_MODELBASE_", name)}`;
      params.api_base = raw;
      unread.push({ index, raw, reason: found });
      map.add([...base, "litellm_params", "api_base"], doc, ["spec", "params", "apiBaseRef"]);
    } else {
      params.api_base = found.value;
      map.add([...base, "litellm_params", "api_base"], found.doc, decodePointer(found.pointer));
    }
  } else if (written.apiBase !== undefined && written.apiBase !== null && written.apiBase !== "") {
    params.api_base = written.apiBase;
    map.add([...base, "litellm_params", "api_base"], doc, ["spec", "params", "apiBase"]);
  }
  if (isRecord(written.apiKeyRef)) {
    params.api_key = keyReference(written.apiKeyRef, object, envName("LITELLM_MODELKEY_", name), ctx);
    map.add([...base, "litellm_params", "api_key"], doc, ["spec", "params", "apiKeyRef"]);
  } else if (written.apiKey !== undefined && written.apiKey !== null && written.apiKey !== "") {
    params.api_key = written.apiKey;
    map.add([...base, "litellm_params", "api_key"], doc, ["spec", "params", "apiKey"]);
  }
  entry.litellm_params = params;
  const info = renderModelInfo(spec.info, base, doc, "info", map);
  if (info !== null) entry.model_info = info;
  return entry;
}

export const homeOperationsDialect: Dialect = {
  group: GROUP,
  proxyKind: "LiteLLMProxy",
  modelKind: "LiteLLMModel",
  kinds: new Set(["LiteLLMProxy", "LiteLLMModel", "LiteLLMTeam", "LiteLLMVirtualKey"]),
  paramsField: "params",
  sectionLabels: TOP_LEVEL_BLOCKS.map(([field, key]): [string, string] => [key, field]),
  modelNamePointer: "/spec/modelName",
  proxyRefOf: (model: KubeObject) => text(specOf(model).proxyRef),
  // the operator's proxyAdopts: an explicit proxyRef wins, else the selector, else every model
  adopts(proxy: KubeObject, model: KubeObject): boolean | null {
    const ref = text(specOf(model).proxyRef);
    if (ref !== null) return ref === objectName(proxy);
    const selector = specOf(proxy).modelSelector;
    if (selector === undefined || selector === null) return true;
    if (!isRecord(selector)) return null;
    return selectorMatches(selector, stringRecord(model.metadata?.labels));
  },
  proxyProblems({ object }: KubeEntry) {
    const selector = specOf(object).modelSelector;
    if (selector === undefined || selector === null || !unreadableSelector(selector)) return [];
    return [
      {
        message: `${object.kind} ${objectNamespace(object)}/${objectName(object)} spec.modelSelector cannot be read (${describeValue(selector)}): the models it serves are unknown`,
        pointer: "/spec/modelSelector",
      },
    ];
  },
  render(proxy: KubeEntry | null, models: readonly KubeEntry[], ctx: AdapterContext): Rendered {
    const { map, config, unread } = startRender(proxy, models);
    const runtimeVia = proxy ? renderProxy(proxy, config, map, ctx) : null;
    config.model_list = models.map((model, index) => renderModel(model, index, map, unread, ctx));
    return { config, map, unread, runtimeVia, credentialLabels: [] };
  },
  callers: [
    {
      kind: "LiteLLMTeam",
      scope: "team",
      word: "team",
      proxyRefOf: (spec) => text(spec.proxyRef),
      idFields: ["teamID"],
      budgetField: "maxBudget",
      durationField: "budgetDuration",
      tpmField: "tpmLimit",
      rpmField: "rpmLimit",
    },
    {
      kind: "LiteLLMVirtualKey",
      scope: "key",
      word: "virtual key",
      proxyRefOf: (spec) => text(spec.proxyRef),
      idFields: ["keyAlias"],
      budgetField: "maxBudget",
      durationField: "budgetDuration",
      tpmField: "tpmLimit",
      rpmField: "rpmLimit",
    },
  ],
};
