/**
 * LiteLLM proxies declared through a LiteLLM operator's custom resources, one dialect per operator:
 *   - home-operations/litellm-operator (`litellm.home-operations.com`, ./operator-home-operations.ts):
 *     `LiteLLMProxy` + `LiteLLMModel` (+ `LiteLLMTeam`, `LiteLLMVirtualKey`), as Flux homelabs use it;
 *   - PalenaAI/litellm-operator (`litellm.palena.ai`, ./operator-palena.ts): `LiteLLMInstance` +
 *     `LiteLLMModel` (+ `LiteLLMCredential`, `LiteLLMTeam`, `LiteLLMVirtualKey`, `LiteLLMUser`);
 *   - ackstorm/alitellm-operator (`litellm.ackstorm.ai`, ./operator-ackstorm.ts): `LiteLLMConnection`
 *     `default` + `LiteLLMModel` (+ `LiteLLMTeam`).
 * A dialect renders a proxy and the models it serves into the LiteLLM config the operator writes
 * (or pushes through the admin API), and the LiteLLM config reader (./config.ts) reads it, so routes,
 * limits and fallbacks are those of the equivalent config file. A pointer into the rendered config
 * maps back to the resource and field it came from; routes are named after their model resources.
 *
 * A model binds to a proxy of its namespace as the operator binds it (a reference, else the proxy's
 * selector). Models no proxy of the scan serves are reported as the routes of the proxy they name
 * (or of an unnamed proxy of their namespace), with a problem saying its settings are unknown; the
 * first of them in name order reports them all. Teams, keys and users add per-caller caps to their
 * proxy. Classification comes from the proxy's labels, its models' labels and their Namespace.
 */

import path from "node:path";
import type { Cap, LlmUsageDocument, Problem, Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { describeValue } from "../core/fields";
import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { cap, durationWindow, LIFETIME, numberValue, PER_MINUTE } from "../core/route";
import type { KubeEntry } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { adaptLiteLLMConfig } from "./config";
import { ackstormDialect } from "./operator-ackstorm";
import { homeOperationsDialect } from "./operator-home-operations";
import { palenaDialect } from "./operator-palena";
import { inGroup, specOf, text, type CallerKind, type Dialect } from "./operator-render";

export const OPERATOR_DIALECTS: readonly Dialect[] = [homeOperationsDialect, palenaDialect, ackstormDialect];

function dialectOf(value: unknown): Dialect | undefined {
  return OPERATOR_DIALECTS.find((dialect) => inGroup(value, dialect.group, dialect.kinds));
}

// ---------------------------------------------------------------------------
// Binding models to proxies

function writtenNamespace(object: KubeObject): string | null {
  return text(object.metadata?.namespace);
}

function directoryOf(file: string): string {
  return path.posix.dirname(file.split(path.sep).join("/"));
}

/**
 * Whether two resources end up in one namespace: as written; or, when one of them leaves its
 * namespace to whatever applies it (a Kustomization's `namespace`, a Flux `targetNamespace`), when
 * one file sits in the other's directory or below it (a proxy in app/, its models in app/models/).
 */
function sameNamespace(a: KubeEntry, b: KubeEntry): boolean {
  if (objectNamespace(a.object) === objectNamespace(b.object)) return true;
  if (writtenNamespace(a.object) !== null && writtenNamespace(b.object) !== null) return false;
  const [first, second] = [directoryOf(a.doc.file), directoryOf(b.doc.file)];
  return first === second || second.startsWith(`${first}/`) || first.startsWith(`${second}/`);
}

/** The dialect's objects of a kind that share the anchor's namespace. */
function objectsOf(dialect: Dialect, kind: string, anchor: KubeEntry, ctx: AdapterContext): KubeEntry[] {
  const kinds = new Set([kind]);
  return ctx.index.objectsOfKind(kind).filter((entry) => inGroup(entry.object, dialect.group, kinds) && sameNamespace(anchor, entry));
}

/** A stable order of documents: the operators sort models by name; file and index break ties. */
function byName(a: KubeEntry, b: KubeEntry): number {
  const name = objectName(a.object).localeCompare(objectName(b.object));
  if (name !== 0) return name;
  const file = a.doc.file.localeCompare(b.doc.file);
  return file !== 0 ? file : a.doc.index - b.doc.index;
}

function isServed(dialect: Dialect, model: KubeEntry, ctx: AdapterContext): boolean {
  return objectsOf(dialect, dialect.proxyKind, model, ctx).some((proxy) => dialect.adopts(proxy.object, model.object) === true);
}

/**
 * The models no proxy of the scan serves that name the same proxy as this one (or none) in its
 * namespace, in name order; empty when a proxy of the scan serves this one.
 */
function unservedGroup(dialect: Dialect, model: KubeEntry, ctx: AdapterContext): KubeEntry[] {
  if (isServed(dialect, model, ctx)) return [];
  const kinds = new Set([dialect.modelKind]);
  const namespace = objectNamespace(model.object);
  const ref = dialect.proxyRefOf(model.object);
  return ctx.index
    .objectsOfKind(dialect.modelKind)
    .filter(
      (other) =>
        inGroup(other.object, dialect.group, kinds) &&
        objectNamespace(other.object) === namespace &&
        dialect.proxyRefOf(other.object) === ref &&
        (other.doc === model.doc || !isServed(dialect, other, ctx)),
    )
    .sort(byName);
}

// ---------------------------------------------------------------------------
// Teams, keys and users

/** Budgets and rate limits of the callers that name the proxy: each counts for its own caller only. */
function callerCaps(dialect: Dialect, proxy: KubeEntry, proxyName: string, ctx: AdapterContext, problems: Problem[]): Cap[] {
  const caps: Cap[] = [];
  for (const caller of dialect.callers) {
    for (const { doc, object } of objectsOf(dialect, caller.kind, proxy, ctx)) {
      const spec = specOf(object);
      if (caller.proxyRefOf(spec) !== proxyName) continue;
      caps.push(...callerCapsOf(caller, doc, object, spec, problems));
    }
  }
  return caps;
}

/** The value at a path of fields under spec ("budget/limit"). */
function at(spec: Record<string, unknown>, path: string): unknown {
  let value: unknown = spec;
  for (const field of path.split("/")) value = isRecord(value) ? value[field] : undefined;
  return value;
}

function callerCapsOf(caller: CallerKind, doc: ParsedDocument, object: KubeObject, spec: Record<string, unknown>, problems: Problem[]): Cap[] {
  const name = objectName(object);
  const id = caller.idFields.map((field) => text(at(spec, field))).find((value) => value !== null) ?? name;
  const label = `${caller.kind} ${objectNamespace(object)}/${name}`;
  const selector = `${caller.word} ${id}`;
  const named = (field: string): string => `spec.${field.replace(/\//g, ".")}`;
  const problem = (message: string, field: string): void => {
    problems.push({ message: `${label}: ${message}`, source: sourceAt(doc, `/spec/${field}`) });
  };
  const amount = (field: string): number | null => {
    const raw = at(spec, field);
    if (raw === undefined || raw === null || raw === "") return null;
    const value = numberValue(raw);
    if (value === null) problem(`${named(field)} must be a non-negative number, got ${describeValue(raw)}`, field);
    return value;
  };
  const caps: Cap[] = [];
  const usd = amount(caller.budgetField);
  if (usd !== null) {
    const written = at(spec, caller.durationField);
    // a budget without a duration never resets
    const window = written === undefined || written === null || written === "" ? LIFETIME : durationWindow(written);
    if (window === null)
      problem(`${named(caller.durationField)} is ${describeValue(written)}, not a LiteLLM duration such as 30d, 24h or 1mo`, caller.durationField);
    else caps.push({ ...cap("usd", usd, window, `${label} ${named(caller.budgetField)}`, caller.scope), selector });
  }
  const tpm = amount(caller.tpmField);
  if (tpm !== null) caps.push({ ...cap("tokens", tpm, PER_MINUTE, `${label} ${named(caller.tpmField)}`, caller.scope), selector });
  const rpm = amount(caller.rpmField);
  if (rpm !== null) caps.push({ ...cap("requests", rpm, PER_MINUTE, `${label} ${named(caller.rpmField)}`, caller.scope), selector });
  return caps;
}

// ---------------------------------------------------------------------------
// The document

/** A message about the rendered config, naming the resources and fields it came from instead. */
function relabel(message: string, dialect: Dialect, labels: Labels): string {
  let named = message.replace(/credential_list\[(\d+)\]/g, (whole, index: string) => labels.credentials[Number(index)] ?? whole);
  if (labels.proxy !== null && dialect.sectionLabels.length > 0) {
    const proxy = labels.proxy;
    const sections = dialect.sectionLabels.map(([prefix]) => prefix.replace(/[.[\]]/g, "\\$&")).join("|");
    named = named.replace(new RegExp(`(^|[\\s(])(${sections})(?![\\w])`, "g"), (_whole, before: string, section: string) => {
      const field = dialect.sectionLabels.find(([prefix]) => prefix === section)?.[1] ?? section;
      return `${before}${proxy} spec.${field}`;
    });
  }
  return named
    .replace(/\bhas no model_name\b/, "has no spec.modelName")
    .replace(/model_list\[(\d+)\](\.litellm_params)?/g, (whole, index: string, params: string | undefined) => {
      const label = labels.models[Number(index)];
      if (label === undefined) return whole;
      return params ? `${label} spec.${dialect.paramsField}` : label;
    });
}

interface Labels {
  models: readonly string[];
  credentials: readonly string[];
  proxy: string | null;
}

function relabelCaps(route: Route, dialect: Dialect, labels: Labels): void {
  for (const found of route.limits.caps) found.origin = relabel(found.origin, dialect, labels);
  if (route.limits.origin !== null) route.limits.origin = relabel(route.limits.origin, dialect, labels);
}

function proxyDocument(
  dialect: Dialect,
  proxy: KubeEntry | null,
  proxyName: string,
  namespace: string,
  models: KubeEntry[],
  ctx: AdapterContext,
): LlmUsageDocument {
  const anchor = proxy ?? models[0];
  const { config, map, unread, runtimeVia, credentialLabels } = dialect.render(proxy, models, ctx);
  const kind = dialect.proxyKind;
  const resource = `${kind}/${namespace}/${proxyName === "" ? "(unnamed)" : proxyName}`;
  const layers: LabelLayer[] = [];
  if (proxy) layers.push({ origin: "resource", doc: proxy.doc, metadataPointer: "/metadata", metadata: proxy.object.metadata });
  for (const model of models) layers.push({ origin: "resource", doc: model.doc, metadataPointer: "/metadata", metadata: model.object.metadata });
  layers.push(...namespaceLayers(namespace, ctx));
  const document = adaptLiteLLMConfig({
    config,
    at: (pointer) => map.at(pointer),
    workload: {
      kind,
      name: proxyName === "" ? `(proxy of ${models.length} ${dialect.modelKind}${models.length === 1 ? "" : "s"})` : proxyName,
      namespace,
      resource,
      source: sourceAt(anchor.doc, proxy ? "" : "/spec"),
    },
    classification: resolveClassification(layers, anchor.doc.file, resource, ctx),
    settings: ctx.settings,
  });

  // routes and messages name the resources, not the rendered config
  const labels = models.map(({ object }) => `${dialect.modelKind} ${namespace}/${objectName(object)}`);
  const proxyLabel = proxy ? `${kind} ${namespace}/${proxyName}` : null;
  const names: Labels = { models: labels, credentials: credentialLabels, proxy: proxyLabel };
  const ids = new Map<string, string>();
  const used = new Set<string>();
  models.forEach(({ doc, object }, index) => {
    // the public name clients call ("moonshotai/kimi-k2.6") is read with the route it names
    ctx.judged?.(sourceAt(doc, dialect.modelNamePointer));
    let id = `${dialect.modelKind}/${namespace}/${objectName(object)}`;
    for (let n = 2; used.has(id); n++) id = `${dialect.modelKind}/${namespace}/${objectName(object)}#${n}`;
    used.add(id);
    ids.set(`model_list/${index}`, id);
  });
  credentialLabels.forEach((label, index) => ids.set(`credential_list/${index}`, label.replace(" ", "/")));
  const rename = (id: string): string => ids.get(id) ?? id;
  for (const route of document.routes) {
    const index = /^model_list\/(\d+)$/.exec(route.id)?.[1];
    if (index !== undefined) {
      const modelName = specOf(models[Number(index)].object).modelName;
      route.via = `LiteLLM operator ${labels[Number(index)]}${typeof modelName === "string" ? ` (model ${modelName})` : ""}${proxyLabel ? ` of ${proxyLabel}` : ""}`;
      const reference = unread.find((entry) => entry.index === Number(index));
      if (reference && route.endpoint === null) route.unresolvedEndpoint = { raw: reference.raw, reason: reference.reason };
    } else {
      route.via = relabel(route.via, dialect, names);
    }
    if (route.unresolvedEndpoint !== null) route.unresolvedEndpoint.reason = relabel(route.unresolvedEndpoint.reason, dialect, names);
    route.id = rename(route.id);
    route.fallbacks = route.fallbacks.map(rename);
    relabelCaps(route, dialect, names);
  }
  for (const found of document.limits.caps) found.origin = relabel(found.origin, dialect, names);
  for (const problem of document.problems) problem.message = relabel(problem.message, dialect, names);
  if (runtimeVia !== null) for (const source of document.runtimeModels ?? []) source.via = runtimeVia;

  if (proxy === null) {
    document.problems.unshift({
      message:
        proxyName === ""
          ? `no ${kind} in namespace ${namespace} of the scan serves ${labels.join(", ")}: its settings (budgets, fallbacks) are unknown`
          : `${kind} ${namespace}/${proxyName}, named by ${labels.join(", ")}, is not in the scan: its settings (budgets, fallbacks) are unknown`,
      source: sourceAt(anchor.doc, "/spec"),
    });
  } else {
    for (const { message, pointer } of dialect.proxyProblems(proxy)) document.problems.push({ message, source: sourceAt(proxy.doc, pointer) });
    document.limits.caps.push(...callerCaps(dialect, proxy, proxyName, ctx, document.problems));
  }
  return document;
}

/** An object of a LiteLLM operator's API group and kinds. */
export function isOperatorObject(value: unknown): value is KubeObject {
  return dialectOf(value) !== undefined;
}

/**
 * The LiteLLM operators' resources. A proxy is one workload with a route per model it serves; a
 * model no proxy of the scan serves is reported with the others naming the same proxy; teams, keys,
 * users and credentials are read with their proxy.
 */
export const litellmOperatorAdapter: Adapter<KubeObject> = {
  name: "litellm-operator",
  claim: (doc: ParsedDocument) => (isOperatorObject(doc.value) ? { doc, value: doc.value } : null),
  adapt({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
    const dialect = dialectOf(object);
    if (dialect === undefined) return { documents: [], problems: [] };
    const entry: KubeEntry = { doc, object };
    if (object.kind === dialect.proxyKind) {
      const served = objectsOf(dialect, dialect.modelKind, entry, ctx)
        .filter((model) => dialect.adopts(object, model.object) === true)
        .sort(byName);
      // a proxy that leaves its namespace to the Kustomization is in the one its models name
      const namespace =
        writtenNamespace(object) ?? served.map((model) => writtenNamespace(model.object)).find((written) => written !== null) ?? objectNamespace(object);
      return { documents: [proxyDocument(dialect, entry, objectName(object), namespace, served, ctx)], problems: [] };
    }
    if (object.kind === dialect.modelKind) {
      const group = unservedGroup(dialect, entry, ctx);
      if (group.length > 0 && group[0].doc === doc) {
        const ref = dialect.proxyRefOf(object) ?? "";
        return { documents: [proxyDocument(dialect, null, ref, objectNamespace(object), group, ctx)], problems: [] };
      }
    }
    // a served model is a route of its proxy's document; the other kinds are read with their proxy
    return { documents: [], problems: [] };
  },
  // a proxy reads its models, callers and credentials, and the Secrets its models refer to
  joins: (value) => isOperatorObject(value) || (isKubeObject(value) && value.kind === "Secret"),
};
