/**
 * LiteLLM proxies declared through the LiteLLM operator's custom resources
 * (github.com/home-operations/litellm-operator, API group `litellm.home-operations.com`):
 *   - `LiteLLMProxy`: `generalSettings`, `routerSettings` (fallbacks, provider budgets),
 *     `litellmSettings`, `environmentVariables`, `credentialList`, `extraConfig`, `env`, `applyMode`
 *     and a `modelSelector` (a label selector over the LiteLLMModels of its namespace);
 *   - `LiteLLMModel`: one `model_list[]` entry, `modelName`, `proxyRef`, `params` (`model`,
 *     `apiBase`/`apiBaseRef`, `apiKey`/`apiKeyRef`, `apiVersion`, `dropParams`, `rpm`, `tpm`,
 *     `additional`) and `info` (typed model_info keys in camelCase, `extra`);
 *   - `LiteLLMTeam` and `LiteLLMVirtualKey`: budgets and rate limits kept per team and per key.
 * The operator renders these into a config.yaml; this adapter renders them the same way (see the
 * operator's internal/controller/render.go) and reads the result with the LiteLLM config reader
 * (./config.ts), so routes, limits and fallbacks are those of the equivalent config file. A
 * pointer into the rendered config maps back to the resource and field it came from.
 *
 * A model binds to a proxy as the operator binds it (proxyAdopts): an explicit `spec.proxyRef` names
 * the proxy of its namespace; otherwise every proxy of the namespace whose `modelSelector` matches
 * its labels (no selector: every model) serves it. Models no proxy of the scan serves are reported
 * as the routes of the proxy they name (or of an unnamed proxy of their namespace), never dropped.
 * An `apiBaseRef` is read from the Secret when the scan holds it; otherwise the endpoint is
 * unresolved (never compliant).
 */

import type { Cap, LlmUsageDocument, Problem, Route, SourceLocation } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { decodePointer, encodePointer } from "../../parse/document";
import { namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { describeValue } from "../core/fields";
import { isKubeObject, isRecord, listOf, objectName, objectNamespace, stringRecord, type KubeObject } from "../core/objects";
import type { KubeEntry } from "../core/scan-index";
import { cap, durationWindow, LIFETIME, numberValue, PER_MINUTE } from "../core/route";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { adaptLiteLLMConfig } from "./config";

export const OPERATOR_GROUP = "litellm.home-operations.com";
const PROXY = "LiteLLMProxy";
const MODEL = "LiteLLMModel";
const TEAM = "LiteLLMTeam";
const KEY = "LiteLLMVirtualKey";
const KINDS = new Set([PROXY, MODEL, TEAM, KEY]);

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

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash > 0 ? apiVersion.slice(0, slash) : "";
}

/** An object of the operator's API group and kinds. */
export function isOperatorObject(value: unknown, kind?: string): value is KubeObject {
  return isKubeObject(value) && groupOf(value.apiVersion) === OPERATOR_GROUP && (kind === undefined ? KINDS.has(value.kind) : value.kind === kind);
}

function specOf(object: KubeObject): Record<string, unknown> {
  return isRecord(object.spec) ? object.spec : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** The operator's env var names: upper case, every other character an underscore (sanitizeEnvVar). */
function envName(prefix: string, name: string): string {
  return prefix + name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

// ---------------------------------------------------------------------------
// Label selectors (metav1.LabelSelector)

/** Whether a label selector matches the labels; null when the selector cannot be read. */
function selectorMatches(selector: Record<string, unknown>, labels: Record<string, string>): boolean | null {
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

// ---------------------------------------------------------------------------
// Rendering a config and mapping its pointers back

/** A prefix of the rendered config and where what it holds is written. */
interface Origin {
  prefix: string[];
  doc: ParsedDocument;
  pointer: string[];
}

class PointerMap {
  private readonly origins: Origin[] = [];

  add(prefix: Array<string | number>, doc: ParsedDocument, pointer: Array<string | number>): void {
    this.origins.push({ prefix: prefix.map(String), doc, pointer: pointer.map(String) });
  }

  /** The longest mapped prefix of the pointer, with the rest of the pointer appended. */
  at(pointer: string): SourceLocation {
    const segments = decodePointer(pointer);
    let best: Origin | null = null;
    for (const origin of this.origins) {
      if (origin.prefix.length > segments.length || (best !== null && origin.prefix.length <= best.prefix.length)) continue;
      if (origin.prefix.every((segment, i) => segments[i] === segment)) best = origin;
    }
    if (best === null) throw new Error(`no origin for ${pointer}`);
    return sourceAt(best.doc, encodePointer([...best.pointer, ...segments.slice(best.prefix.length)]));
  }
}

/** What became of a model's `apiBaseRef` when its Secret is not read. */
interface UnreadBase {
  index: number;
  raw: string;
  reason: string;
}

interface Rendered {
  config: Record<string, unknown>;
  map: PointerMap;
  unreadBases: UnreadBase[];
}

function secretValue(ref: Record<string, unknown>, namespace: string, ctx: AdapterContext): { value: string; doc: ParsedDocument; pointer: string } | string {
  const name = text(ref.name);
  const key = text(ref.key);
  if (name === null || key === null) return `apiBaseRef ${describeValue(ref)} names no Secret key`;
  const secret = ctx.index.keyValueSource("Secret", namespace, name);
  if (secret === undefined) return `apiBaseRef: Secret ${namespace}/${name} (key ${key}) is not in the scan, so the endpoint is unknown`;
  const value = secret.data.get(key);
  if (value === undefined) {
    return secret.undecodable.has(key)
      ? `apiBaseRef: key ${key} of Secret ${namespace}/${name} cannot be decoded`
      : `apiBaseRef: Secret ${namespace}/${name} has no key ${key}`;
  }
  return { value, doc: secret.doc, pointer: secret.pointers.get(key) ?? "" };
}

/** The proxy's config as the operator renders it (render.go renderConfig), with its origins. */
function render(proxy: KubeEntry | null, models: KubeEntry[], ctx: AdapterContext): Rendered {
  const map = new PointerMap();
  const config: Record<string, unknown> = {};
  const unreadBases: UnreadBase[] = [];
  const anchor = proxy ?? models[0];
  map.add([], anchor.doc, proxy ? ["spec"] : []);
  if (proxy) {
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
    // literal `env` values are the proxy's environment: os.environ/VAR references read them
    const env = isRecord(config.environment_variables) ? { ...config.environment_variables } : {};
    listOf(spec.env).forEach((entry, i) => {
      if (!isRecord(entry) || typeof entry.name !== "string" || typeof entry.value !== "string" || Object.hasOwn(env, entry.name)) return;
      env[entry.name] = entry.value;
      map.add(["environment_variables", entry.name], proxy.doc, ["spec", "env", i, "value"]);
    });
    if (Object.keys(env).length > 0) config.environment_variables = env;
    // api mode pushes models to the proxy's database and turns on its model store
    if (text(spec.applyMode)?.toLowerCase() === "api") {
      const general = isRecord(config.general_settings) ? { ...config.general_settings } : {};
      general.store_model_in_db = true;
      config.general_settings = general;
      map.add(["general_settings", "store_model_in_db"], proxy.doc, ["spec", "applyMode"]);
    }
  }

  const list: unknown[] = [];
  models.forEach(({ doc, object }, index) => {
    const spec = specOf(object);
    const base = ["model_list", index];
    map.add(base, doc, Object.hasOwn(object, "spec") ? ["spec"] : []);
    const entry: Record<string, unknown> = {};
    if (spec.modelName !== undefined) {
      entry.model_name = spec.modelName;
      map.add([...base, "model_name"], doc, ["spec", "modelName"]);
      // the public name clients call ("moonshotai/kimi-k2.6"): the route below is what it reaches
      ctx.judged?.(sourceAt(doc, "/spec/modelName"));
    }
    list.push(entry);
    const written = spec.params;
    if (!isRecord(written)) {
      if (written !== undefined) entry.litellm_params = written;
      map.add([...base, "litellm_params"], doc, ["spec", "params"]);
      return;
    }
    const params: Record<string, unknown> = {};
    map.add([...base, "litellm_params"], doc, ["spec", "params"]);
    if (isRecord(written.additional)) {
      for (const [key, value] of Object.entries(written.additional)) {
        params[key] = value;
        map.add([...base, "litellm_params", key], doc, ["spec", "params", "additional", key]);
      }
    }
    for (const [field, key] of TYPED_PARAMS) {
      if (written[field] === undefined || written[field] === null) continue;
      params[key] = written[field];
      map.add([...base, "litellm_params", key], doc, ["spec", "params", field]);
    }
    const name = objectName(object);
    if (isRecord(written.apiBaseRef)) {
      const found = secretValue(written.apiBaseRef, objectNamespace(object), ctx);
      if (typeof found === "string") {
        const raw = `os.environ/${envName("LITELLM_MODELBASE_", name)}`;
        params.api_base = raw;
        unreadBases.push({ index, raw, reason: found });
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
      // rendered as os.environ/LITELLM_MODELKEY_<NAME>; the Secret key's own name says which provider it is for
      const key = text(written.apiKeyRef.key);
      // the Secret's key is this route's key, read with it
      const secretName = text(written.apiKeyRef.name);
      const secret = secretName !== null && key !== null ? ctx.index.keyValueSource("Secret", objectNamespace(object), secretName) : undefined;
      const keyPointer = key !== null ? secret?.pointers.get(key) : undefined;
      if (secret !== undefined && keyPointer !== undefined) ctx.judged?.(sourceAt(secret.doc, keyPointer));
      params.api_key = `os.environ/${key !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : envName("LITELLM_MODELKEY_", name)}`;
      map.add([...base, "litellm_params", "api_key"], doc, ["spec", "params", "apiKeyRef"]);
    } else if (written.apiKey !== undefined && written.apiKey !== null && written.apiKey !== "") {
      params.api_key = written.apiKey;
      map.add([...base, "litellm_params", "api_key"], doc, ["spec", "params", "apiKey"]);
    }
    entry.litellm_params = params;

    const info = spec.info;
    if (isRecord(info)) {
      const modelInfo: Record<string, unknown> = {};
      map.add([...base, "model_info"], doc, ["spec", "info"]);
      if (isRecord(info.extra)) {
        for (const [key, value] of Object.entries(info.extra)) {
          modelInfo[key] = value;
          map.add([...base, "model_info", key], doc, ["spec", "info", "extra", key]);
        }
      }
      for (const [key, value] of Object.entries(info)) {
        if (key === "extra") continue;
        modelInfo[snakeCase(key)] = value;
        map.add([...base, "model_info", snakeCase(key)], doc, ["spec", "info", key]);
      }
      entry.model_info = modelInfo;
    }
  });
  config.model_list = list;
  return { config, map, unreadBases };
}

// ---------------------------------------------------------------------------
// Teams and virtual keys

/** Budgets and rate limits of the teams and keys that name the proxy: each counts for its own callers only. */
function callerCaps(namespace: string, proxyName: string, ctx: AdapterContext, problems: Problem[]): Cap[] {
  const caps: Cap[] = [];
  for (const [kind, scope] of [
    [TEAM, "team"],
    [KEY, "key"],
  ] as const) {
    for (const { doc, object } of ctx.index.objectsOfKind(kind)) {
      if (!isOperatorObject(object, kind) || objectNamespace(object) !== namespace) continue;
      const spec = specOf(object);
      if (text(spec.proxyRef) !== proxyName) continue;
      const name = objectName(object);
      const id = kind === TEAM ? (text(spec.teamID) ?? name) : (text(spec.keyAlias) ?? name);
      const label = `${kind} ${namespace}/${name}`;
      const selector = `${scope === "team" ? "team" : "virtual key"} ${id}`;
      const problem = (message: string, field: string): void => {
        problems.push({ message: `${label}: ${message}`, source: sourceAt(doc, `/spec/${field}`) });
      };
      const amount = (field: string): number | null => {
        const raw = spec[field];
        if (raw === undefined || raw === null || raw === "") return null;
        const value = numberValue(raw);
        if (value === null) problem(`spec.${field} must be a non-negative number, got ${describeValue(raw)}`, field);
        return value;
      };
      const usd = amount("maxBudget");
      if (usd !== null) {
        const written = spec.budgetDuration;
        const window = written === undefined || written === null || written === "" ? LIFETIME : durationWindow(written);
        if (window === null) problem(`spec.budgetDuration is ${describeValue(written)}, not a LiteLLM duration such as 30d, 24h or 1mo`, "budgetDuration");
        else caps.push({ ...cap("usd", usd, window, `${label} spec.maxBudget`, scope), selector });
      }
      const tpm = amount("tpmLimit");
      if (tpm !== null) caps.push({ ...cap("tokens", tpm, PER_MINUTE, `${label} spec.tpmLimit`, scope), selector });
      const rpm = amount("rpmLimit");
      if (rpm !== null) caps.push({ ...cap("requests", rpm, PER_MINUTE, `${label} spec.rpmLimit`, scope), selector });
    }
  }
  return caps;
}

// ---------------------------------------------------------------------------
// Binding models to proxies

function proxiesOf(namespace: string, ctx: AdapterContext): KubeEntry[] {
  return ctx.index.objectsOfKind(PROXY).filter((entry) => isOperatorObject(entry.object, PROXY) && objectNamespace(entry.object) === namespace);
}

function modelsOf(namespace: string, ctx: AdapterContext): KubeEntry[] {
  return ctx.index.objectsOfKind(MODEL).filter((entry) => isOperatorObject(entry.object, MODEL) && objectNamespace(entry.object) === namespace);
}

/** Whether the proxy serves the model (the operator's proxyAdopts); null when its selector cannot be read. */
function adopts(proxy: KubeObject, model: KubeObject): boolean | null {
  const ref = text(specOf(model).proxyRef);
  if (ref !== null) return ref === objectName(proxy);
  const selector = specOf(proxy).modelSelector;
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return null;
  return selectorMatches(selector, stringRecord(model.metadata?.labels));
}

/** A stable order of documents: the operator sorts models by name; file and index break ties. */
function byName(a: KubeEntry, b: KubeEntry): number {
  const name = objectName(a.object).localeCompare(objectName(b.object));
  if (name !== 0) return name;
  const file = a.doc.file.localeCompare(b.doc.file);
  return file !== 0 ? file : a.doc.index - b.doc.index;
}

/** Models of the namespace no proxy of the scan serves, keyed by the proxy they name ("" for none). */
function unservedModels(namespace: string, ctx: AdapterContext): Map<string, KubeEntry[]> {
  const proxies = proxiesOf(namespace, ctx);
  const groups = new Map<string, KubeEntry[]>();
  for (const model of modelsOf(namespace, ctx)) {
    if (proxies.some((proxy) => adopts(proxy.object, model.object) === true)) continue;
    const ref = text(specOf(model.object).proxyRef) ?? "";
    const group = groups.get(ref) ?? [];
    group.push(model);
    groups.set(ref, group);
  }
  for (const group of groups.values()) group.sort(byName);
  return groups;
}

// ---------------------------------------------------------------------------
// The document

const SECTION_FIELDS: Readonly<Record<string, string>> = {
  general_settings: "generalSettings",
  router_settings: "routerSettings",
  litellm_settings: "litellmSettings",
  environment_variables: "environmentVariables",
  credential_list: "credentialList",
};

/** A message about the rendered config, naming the resources and fields it came from instead. */
function relabel(message: string, labels: string[], proxyLabel: string | null): string {
  const named =
    proxyLabel === null
      ? message
      : message.replace(
          /(^|[\s(])(general_settings|router_settings|litellm_settings|environment_variables|credential_list)\b/g,
          (_whole, before: string, section: string) => {
            return `${before}${proxyLabel} spec.${SECTION_FIELDS[section]}`;
          },
        );
  return named.replace(/model_list\[(\d+)\](\.litellm_params)?/g, (whole, index: string, params: string | undefined) => {
    const label = labels[Number(index)];
    if (label === undefined) return whole;
    return params ? `${label} spec.params` : label;
  });
}

function proxyDocument(proxy: KubeEntry | null, proxyName: string, namespace: string, models: KubeEntry[], ctx: AdapterContext): LlmUsageDocument {
  const anchor = proxy ?? models[0];
  const { config, map, unreadBases } = render(proxy, models, ctx);
  const resource = `${PROXY}/${namespace}/${proxyName === "" ? "(unnamed)" : proxyName}`;
  const layers: LabelLayer[] = [];
  if (proxy) layers.push({ origin: "resource", doc: proxy.doc, metadataPointer: "/metadata", metadata: proxy.object.metadata });
  for (const model of models) layers.push({ origin: "resource", doc: model.doc, metadataPointer: "/metadata", metadata: model.object.metadata });
  layers.push(...namespaceLayers(namespace, ctx));
  const document = adaptLiteLLMConfig({
    config,
    at: (pointer) => map.at(pointer),
    workload: {
      kind: PROXY,
      name: proxyName === "" ? `(proxy of ${models.length} LiteLLMModel${models.length === 1 ? "" : "s"})` : proxyName,
      namespace,
      resource,
      source: sourceAt(anchor.doc, proxy ? "" : "/spec"),
    },
    classification: resolveClassification(layers, anchor.doc.file, resource, ctx),
    settings: ctx.settings,
  });

  // routes and messages name the resources, not the rendered config
  const labels = models.map(({ object }) => `${MODEL} ${namespace}/${objectName(object)}`);
  const proxyLabel = proxy ? `${PROXY} ${namespace}/${proxyName}` : null;
  const ids = new Map<string, string>();
  const used = new Set<string>();
  models.forEach(({ object }, index) => {
    let id = `${MODEL}/${namespace}/${objectName(object)}`;
    for (let n = 2; used.has(id); n++) id = `${MODEL}/${namespace}/${objectName(object)}#${n}`;
    used.add(id);
    ids.set(`model_list/${index}`, id);
  });
  const rename = (id: string): string => ids.get(id) ?? id;
  for (const route of document.routes) {
    const index = /^model_list\/(\d+)$/.exec(route.id)?.[1];
    if (index !== undefined) {
      const model = models[Number(index)];
      const modelName = specOf(model.object).modelName;
      route.via = `LiteLLM operator ${labels[Number(index)]}${typeof modelName === "string" ? ` (model ${modelName})` : ""}${proxy ? ` of ${PROXY} ${namespace}/${proxyName}` : ""}`;
      const unread = unreadBases.find((base) => base.index === Number(index));
      if (unread && route.endpoint === null) route.unresolvedEndpoint = { raw: unread.raw, reason: unread.reason };
    } else {
      route.via = relabel(route.via, labels, proxyLabel);
    }
    route.id = rename(route.id);
    route.fallbacks = route.fallbacks.map(rename);
    relabelCaps(route, labels, proxyLabel);
  }
  for (const found of document.limits.caps) found.origin = relabel(found.origin, labels, proxyLabel);
  for (const problem of document.problems) problem.message = relabel(problem.message, labels, proxyLabel);

  if (proxy === null) {
    document.problems.unshift({
      message:
        proxyName === ""
          ? `no ${PROXY} in namespace ${namespace} of the scan serves ${labels.join(", ")}: its settings (budgets, fallbacks) are unknown`
          : `${PROXY} ${namespace}/${proxyName}, named by ${labels.join(", ")}, is not in the scan: its settings (budgets, fallbacks) are unknown`,
      source: sourceAt(anchor.doc, "/spec"),
    });
  } else {
    const spec = specOf(proxy.object);
    if (spec.modelSelector !== undefined && spec.modelSelector !== null && (!isRecord(spec.modelSelector) || selectorMatchesAny(spec.modelSelector))) {
      document.problems.push({
        message: `${PROXY} ${namespace}/${proxyName} spec.modelSelector cannot be read (${describeValue(spec.modelSelector)}): the models it serves are unknown`,
        source: sourceAt(proxy.doc, "/spec/modelSelector"),
      });
    }
    document.limits.caps.push(...callerCaps(namespace, proxyName, ctx, document.problems));
  }
  return document;
}

/** True when the selector cannot be read (an unknown operator, a malformed expression). */
function selectorMatchesAny(selector: Record<string, unknown>): boolean {
  return selectorMatches(selector, {}) === null;
}

function relabelCaps(route: Route, labels: string[], proxyLabel: string | null): void {
  for (const found of route.limits.caps) found.origin = relabel(found.origin, labels, proxyLabel);
  if (route.limits.origin !== null) route.limits.origin = relabel(route.limits.origin, labels, proxyLabel);
}

/**
 * The LiteLLM operator's resources. A `LiteLLMProxy` is one workload with a route per model it
 * serves; a `LiteLLMModel` no proxy of the scan serves is reported with the others naming the same
 * proxy (by the first of them in name order); teams and keys add their caps to their proxy.
 */
export const litellmOperatorAdapter: Adapter<KubeObject> = {
  name: "litellm-operator",
  claim: (doc: ParsedDocument) => (isOperatorObject(doc.value) ? { doc, value: doc.value } : null),
  adapt({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
    const namespace = objectNamespace(object);
    if (object.kind === PROXY) {
      const name = objectName(object);
      const entry: KubeEntry = { doc, object };
      const served = modelsOf(namespace, ctx)
        .filter((model) => adopts(object, model.object) === true)
        .sort(byName);
      return { documents: [proxyDocument(entry, name, namespace, served, ctx)], problems: [] };
    }
    if (object.kind === MODEL) {
      for (const [ref, group] of unservedModels(namespace, ctx)) {
        if (group[0].doc !== doc) continue;
        return { documents: [proxyDocument(null, ref, namespace, group, ctx)], problems: [] };
      }
    }
    // a served model is a route of its proxy's document; a team or key adds caps to it
    return { documents: [], problems: [] };
  },
  // a proxy reads its models, teams and keys, and the Secrets of its models' apiBaseRefs
  joins: (value) => isOperatorObject(value) || (isKubeObject(value) && value.kind === "Secret"),
};
