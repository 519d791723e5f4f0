/**
 * What the LiteLLM operator dialects (./operator-home-operations.ts, ./operator-palena.ts) share:
 * a rendered LiteLLM config with a map from its pointers back to the resources and fields each
 * value came from, and the reads of Secret references.
 */

import type { SourceLocation } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { decodePointer, encodePointer } from "../../parse/document";
import { describeValue } from "../core/fields";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";
import type { KubeEntry } from "../core/scan-index";
import { sourceAt, type AdapterContext } from "../core/types";

export function specOf(object: KubeObject): Record<string, unknown> {
  return isRecord(object.spec) ? object.spec : {};
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash > 0 ? apiVersion.slice(0, slash) : "";
}

export function inGroup(value: unknown, group: string, kinds: ReadonlySet<string>): value is KubeObject {
  return isKubeObject(value) && groupOf(value.apiVersion) === group && kinds.has(value.kind);
}

export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** A prefix of the rendered config and where what it holds is written. */
interface Origin {
  prefix: string[];
  doc: ParsedDocument;
  pointer: string[];
}

/** Pointers into the rendered config, mapped back to the resources they were rendered from. */
export class PointerMap {
  private readonly origins: Origin[] = [];

  add(prefix: ReadonlyArray<string | number>, doc: ParsedDocument, pointer: ReadonlyArray<string | number>): void {
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

/** An endpoint the rendered config names by reference only (a Secret not in the scan, a credential stored elsewhere). */
export interface UnreadEndpoint {
  /** Index of the model in the rendered model_list. */
  index: number;
  raw: string;
  reason: string;
}

export interface Rendered {
  config: Record<string, unknown>;
  map: PointerMap;
  unread: UnreadEndpoint[];
  /** How models come to be added at run time, for the document's run-time model source; null when they cannot. */
  runtimeVia: string | null;
  /** The resource each rendered credential_list entry came from, for messages (none: the proxy's own list). */
  credentialLabels: string[];
}

/**
 * The start of every dialect's render: an empty config whose root maps to the proxy's spec (else
 * the first model's document), and whose model_list maps to that model's spec when no proxy is
 * in the scan.
 */
export function startRender(
  proxy: KubeEntry | null,
  models: readonly KubeEntry[],
): { map: PointerMap; config: Record<string, unknown>; unread: UnreadEndpoint[]; anchor: KubeEntry } {
  const map = new PointerMap();
  const anchor = proxy ?? models[0];
  map.add([], anchor.doc, proxy ? ["spec"] : []);
  if (proxy === null) map.add(["model_list"], anchor.doc, ["spec"]);
  return { map, config: {}, unread: [], anchor };
}

/**
 * A model resource's model_list entry as far as the dialects agree: `spec.modelName` as
 * `model_name`, and the params block (`spec.<paramsField>`) they render into `litellm_params`.
 * `params` is null when the block is not a map; the entry then holds whatever was written.
 */
export function startModelEntry(
  model: KubeEntry,
  index: number,
  map: PointerMap,
  paramsField: string,
): { entry: Record<string, unknown>; params: Record<string, unknown> | null; base: Array<string | number> } {
  const { doc, object } = model;
  const spec = specOf(object);
  const base = ["model_list", index];
  map.add(base, doc, Object.hasOwn(object, "spec") ? ["spec"] : []);
  const entry: Record<string, unknown> = {};
  if (spec.modelName !== undefined) {
    entry.model_name = spec.modelName;
    map.add([...base, "model_name"], doc, ["spec", "modelName"]);
  }
  const written = spec[paramsField];
  map.add([...base, "litellm_params"], doc, ["spec", paramsField]);
  if (!isRecord(written)) {
    if (written !== undefined) entry.litellm_params = written;
    return { entry, params: null, base };
  }
  return { entry, params: written, base };
}

/** A LiteLLM operator's resources: its API group, kinds, how a model names its proxy, and how a proxy renders. */
export interface Dialect {
  group: string;
  /** The proxy kind, also the kind of the workload reported. */
  proxyKind: string;
  modelKind: string;
  /** Every kind the adapter claims (proxy, model, and those adding caps or credentials). */
  kinds: ReadonlySet<string>;
  /** The proxy a model names; null when it names none (a selector of the proxy decides). */
  proxyRefOf(model: KubeObject): string | null;
  /** Whether the proxy serves the model; null when that cannot be known (an unreadable selector). */
  adopts(proxy: KubeObject, model: KubeObject): boolean | null;
  /** Problems of the proxy resource itself (an unreadable selector). */
  proxyProblems(proxy: KubeEntry): Array<{ message: string; pointer: string }>;
  render(proxy: KubeEntry | null, models: readonly KubeEntry[], ctx: AdapterContext): Rendered;
  /** Resources with budgets and rate limits kept per caller, and how to read them. */
  callers: readonly CallerKind[];
  /** Config sections (and fields in them) and the proxy field each is written in, most specific first, for messages. */
  sectionLabels: ReadonlyArray<[string, string]>;
  /** The model's field holding its litellm_params, for messages. */
  paramsField: string;
  /** Field of a model whose public name it is (judged with its route). */
  modelNamePointer: string;
}

/** A resource kind whose budget and rate limits count per caller (a team, a key, a user). */
export interface CallerKind {
  kind: string;
  scope: "team" | "key" | "internal-user";
  /** Words naming one caller in messages ("team", "virtual key", "internal user"). */
  word: string;
  proxyRefOf(spec: Record<string, unknown>): string | null;
  /** Fields under spec, as paths ("budget/limit"); the id falls back to the resource name. */
  idFields: readonly string[];
  budgetField: string;
  durationField: string;
  tpmField: string;
  rpmField: string;
}

/** A Secret key's value in the scan, or why it cannot be read. */
export function secretValue(
  label: string,
  ref: Record<string, unknown>,
  namespace: string,
  ctx: AdapterContext,
): { value: string; doc: ParsedDocument; pointer: string } | string {
  const name = text(ref.name);
  const key = text(ref.key);
  if (name === null || key === null) return `${label} ${describeValue(ref)} names no Secret key`;
  const secret = ctx.index.keyValueSource("Secret", namespace, name);
  if (secret === undefined) return `${label}: Secret ${namespace}/${name} (key ${key}) is not in the scan, so the endpoint is unknown`;
  const value = secret.data.get(key);
  if (value === undefined) {
    return secret.undecodable.has(key)
      ? `${label}: key ${key} of Secret ${namespace}/${name} cannot be decoded`
      : `${label}: Secret ${namespace}/${name} has no key ${key}`;
  }
  return { value, doc: secret.doc, pointer: secret.pointers.get(key) ?? "" };
}

/**
 * The `api_key` a Secret key reference renders to for the config reader: `os.environ/<key>` when
 * the key is a variable name (its name says which provider it is for), else the fallback variable.
 * The Secret's key, when the scan holds it, is read with the route.
 */
export function keyReference(ref: Record<string, unknown>, object: KubeObject, fallback: string, ctx: AdapterContext): string {
  const key = text(ref.key);
  const name = text(ref.name);
  const secret = name !== null && key !== null ? ctx.index.keyValueSource("Secret", objectNamespace(object), name) : undefined;
  const pointer = key !== null ? secret?.pointers.get(key) : undefined;
  if (secret !== undefined && pointer !== undefined) ctx.judged?.(sourceAt(secret.doc, pointer));
  return `os.environ/${key !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : fallback}`;
}

/** `model_info` from a map of camelCase keys (`maxInputTokens` → `max_input_tokens`), an `extra` map verbatim under them. */
export function renderModelInfo(
  info: unknown,
  base: ReadonlyArray<string | number>,
  doc: ParsedDocument,
  field: string,
  map: PointerMap,
): Record<string, unknown> | null {
  if (!isRecord(info)) return null;
  const modelInfo: Record<string, unknown> = {};
  map.add([...base, "model_info"], doc, ["spec", field]);
  if (isRecord(info.extra)) {
    for (const [key, value] of Object.entries(info.extra)) {
      modelInfo[key] = value;
      map.add([...base, "model_info", key], doc, ["spec", field, "extra", key]);
    }
  }
  for (const [key, value] of Object.entries(info)) {
    if (key === "extra") continue;
    modelInfo[snakeCase(key)] = value;
    map.add([...base, "model_info", snakeCase(key)], doc, ["spec", field, key]);
  }
  return modelInfo;
}

/** Typed camelCase fields copied as the snake_case keys the config reader reads. */
export function copyFields(
  from: Record<string, unknown>,
  fields: ReadonlyArray<[string, string]>,
  into: Record<string, unknown>,
  prefix: ReadonlyArray<string | number>,
  doc: ParsedDocument,
  pointer: ReadonlyArray<string | number>,
  map: PointerMap,
): void {
  for (const [field, key] of fields) {
    if (from[field] === undefined || from[field] === null) continue;
    into[key] = from[field];
    map.add([...prefix, key], doc, [...pointer, field]);
  }
}
