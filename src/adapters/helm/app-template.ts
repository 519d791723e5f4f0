/**
 * Containers written as chart values, read as the Kubernetes containers the chart renders from them,
 * by the same container reader (src/adapters/kubernetes/containers.ts): client routes from
 * `OPENAI_BASE_URL` and friends, model servers from their images, keys, `envFrom` joined to the
 * Secrets and ConfigMaps of the scan, in-cluster names followed to what serves them.
 *
 * Two shapes:
 *   - the bjw-s `app-template` chart and its common library (github.com/bjw-s-labs/helm-charts,
 *     charts/library/common), v2 and later: `controllers.<id>.containers.<name>` and
 *     `.initContainers.<name>`, each with `image.repository`/`tag`/`digest`, `env` as a map
 *     (`KEY: value`, `KEY: {value: ...}`, `KEY: {valueFrom: ...}`, `KEY: {secretKeyRef: ...}`,
 *     ordered by name and `dependsOn` as the chart orders them) or a list, `envFrom` (with the
 *     chart's `secret:`/`configMap:` shorthands and `identifier` references), `args` and `command`
 *     as a string or a list; `defaultContainerOptions` applied as the chart applies them. One
 *     workload per enabled controller, classified by the controller's `labels`/`annotations`, the
 *     pod's (`controllers.<id>.pod`, `defaultPodOptions`) and `global`.
 *   - one main container at the top of the values, as app-template v1, the k8s-at-home common
 *     library and many application charts write it: `image.repository`, `env` (map or list),
 *     `extraEnv`/`extraEnvVars`/`envVars` lists or maps, `envFrom`/`extraEnvFrom`, `args`,
 *     `command`, with `initContainers`, `additionalContainers` and `sidecars` as container specs,
 *     classified by `podLabels`/`podAnnotations` and `controller.labels`. Claimed only where an
 *     image repository sits beside an env block (or under a release of a chart known to be built
 *     this way); it reports a workload only when a container calls or serves a model.
 *
 * Values are what a user writes, not what the chart renders: the translated container keeps, for
 * every field it holds, the pointer of the value it came from, so findings sit at the value's line.
 */

import type { LlmUsageDocument, Problem, SourceLocation } from "../../model/canonical";
import { encodePointer, type ParsedDocument, type Position } from "../../parse/document";
import { classifiedDocument, resolveClassification, type LabelLayer } from "../classification/resolve";
import { joinsClusterNames } from "../egress";
import { chartMountedConfigMaps } from "../litellm/mounts";
import { chartServiceOwner } from "../egress/mesh-index";
import { aggregatorAppConfigAdapter } from "../openrouter";
import { joinsKinds, type KeyValueSource, type ScanIndex } from "../core/scan-index";
import { isKubeObject, isRecord } from "../core/objects";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { analyzeContainers, type ContainerSlot } from "../kubernetes/containers";
import { uniqueIds } from "../kubernetes/document";
import { ProblemSink } from "../kubernetes/location";
import { collectPodRoutes } from "../workloads";
import { embeddingOf, mapLocations, type ReleaseContext } from "./embedded";

export const APP_TEMPLATE_KIND = "AppTemplateChart";
export const CHART_CONTAINER_KIND = "ChartContainerValues";

/** Charts built on a common library that reads `image`/`env`/`controllers` as app-template does. */
const LIBRARY_CHARTS = /^(app-template|common)$/;
const LIBRARY_REPOSITORIES = /bjw-s|k8s-at-home|k8s-home-lab/i;

/** Whether a release installs app-template (or a chart of the same library) by what it names. */
export function isLibraryChart(release: ReleaseContext | undefined): boolean {
  if (release === undefined) return false;
  if (release.chart !== null && LIBRARY_CHARTS.test(release.chart)) return true;
  return release.repository !== null && LIBRARY_REPOSITORIES.test(release.repository);
}

/**
 * Translated containers live in a document of their own whose pointers start with this prefix: a
 * NUL is never in a key of a YAML or JSON values file people write, so no real pointer is taken for one.
 */
const SYNTHETIC = "/\u0000";

/**
 * How the pointers of one translated object map back to the values: synthetic suffix → real
 * pointer. "" is where the object itself is reported (a main container at its image), BASE the
 * pointer unmapped fields are appended to.
 */
type PointerMap = Map<string, string>;
const BASE = "\u0000base";

interface Translated {
  value: Record<string, unknown>;
  map: PointerMap;
  /** Values the chart cannot render as a container field, at their pointer in the values. */
  problems?: TranslationProblem[];
}

interface TranslationProblem {
  pointer: string;
  message: string;
}

interface PodValues {
  /** The controller's identifier ("main" for a main container at the top of the values). */
  id: string;
  /** Pointer of the controller in the values ("" for a main container at the top). */
  pointer: string;
  slots: ContainerSlot[];
  /** What the values write that the chart cannot render as a container. */
  problems: TranslationProblem[];
  layers: LabelLayer[];
  /** The pod spec the pod-level hops read (hostAliases, sidecars), in the translated shape. */
  spec: Record<string, unknown>;
}

export interface ChartPods {
  kind: typeof APP_TEMPLATE_KIND | typeof CHART_CONTAINER_KIND;
  pods: PodValues[];
  release: ReleaseContext | undefined;
  /** ConfigMaps and Secrets the chart creates from the values (`configMaps.<id>`, `secrets.<id>`), by kind/name. */
  objects: Map<string, KeyValueSource>;
  /** The document of translated containers, and how its locations move back into the values. */
  synthetic: ParsedDocument;
  relocate: (at: SourceLocation) => SourceLocation;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function disabled(value: Record<string, unknown>): boolean {
  return value.enabled === false || value.enabled === "false";
}

/** `{{ .Release.Name }}` and `{{ .Release.Namespace }}` as the chart's `tpl` renders them, when the release says. */
function renderRelease(text: string, release: ReleaseContext | undefined): string {
  if (release === undefined || text.indexOf("{{") === -1) return text;
  let out = text.replace(/\{\{-?\s*\.Release\.Name\s*-?\}\}/g, release.name);
  if (release.namespace !== null) out = out.replace(/\{\{-?\s*\.Release\.Namespace\s*-?\}\}/g, release.namespace);
  return out;
}

function scalar(value: unknown, release: ReleaseContext | undefined): unknown {
  return typeof value === "string" ? renderRelease(value, release) : value;
}

/** A value of the container with the pointer it is written at (a controller's defaults, or the container). */
interface Field {
  value: unknown;
  pointer: string;
}

/**
 * Env names in the order the chart writes them: by name, each after the names its `dependsOn`
 * lists (walked with a stack of its own, so a long chain of dependencies cannot exhaust the call stack).
 */
function envOrder(env: Record<string, unknown>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const depsOf = (name: string): string[] => {
    const entry = env[name];
    const deps = isRecord(entry) ? entry.dependsOn : undefined;
    const list: unknown[] = typeof deps === "string" ? [deps] : Array.isArray(deps) ? deps : [];
    return list.filter((dep): dep is string => typeof dep === "string" && Object.hasOwn(env, dep));
  };
  for (const root of Object.keys(env).sort()) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: Array<{ name: string; deps: string[]; next: number }> = [{ name: root, deps: depsOf(root), next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++];
        if (!seen.has(dep)) {
          seen.add(dep);
          stack.push({ name: dep, deps: depsOf(dep), next: 0 });
        }
        continue;
      }
      stack.pop();
      order.push(top.name);
    }
  }
  return order;
}

/** Env entries of one env block (a map or a list) appended to `list`, with where each is written. */
function appendEnv(block: Field, list: unknown[], map: PointerMap, release: ReleaseContext | undefined, problems: TranslationProblem[]): void {
  const { value, pointer } = block;
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      const at = `/env/${list.length}`;
      map.set(at, `${pointer}/${i}`);
      list.push(isRecord(entry) && Object.hasOwn(entry, "value") ? { ...entry, value: scalar(entry.value, release) } : entry);
    });
    return;
  }
  if (!isRecord(value)) {
    problems.push({ pointer, message: "env is neither a map of variables nor a list of env entries" });
    return;
  }
  for (const name of envOrder(value)) {
    const entry = value[name];
    const at = `/env/${list.length}`;
    const real = `${pointer}${encodePointer([name])}`;
    map.set(at, real);
    if (isRecord(entry)) {
      const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => key !== "dependsOn"));
      if (Object.hasOwn(rest, "value")) list.push({ name, value: scalar(rest.value, release) });
      else if (Object.hasOwn(rest, "valueFrom")) list.push({ name, valueFrom: rest.valueFrom });
      else {
        // `KEY: {secretKeyRef: ...}`: the chart takes the map itself as the valueFrom
        map.set(`${at}/valueFrom`, real);
        list.push({ name, valueFrom: rest });
      }
    } else {
      map.set(`${at}/value`, real);
      list.push({ name, value: entry === null ? "" : scalar(entry, release) });
    }
  }
}

/** The name the chart gives an object it creates from the values (`secrets.<id>`, `configMaps.<id>`). */
function identifierName(identifier: string, release: ReleaseContext | undefined): string {
  // bjw-s names them "<fullname>-<identifier>"; without the release the name cannot be known
  return release === undefined ? `{{ fullname }}-${identifier}` : `${release.name}-${identifier}`;
}

/** The identifiers of the ConfigMaps and Secrets the values define, which `configMap:`/`secret:` name before any object. */
interface ChartIds {
  ConfigMap: ReadonlySet<string>;
  Secret: ReadonlySet<string>;
}

const NO_IDS: ChartIds = { ConfigMap: new Set(), Secret: new Set() };

function appendEnvFrom(
  block: Field,
  list: unknown[],
  map: PointerMap,
  release: ReleaseContext | undefined,
  ids: ChartIds,
  problems: TranslationProblem[],
): void {
  const { value, pointer } = block;
  if (!Array.isArray(value)) {
    problems.push({ pointer, message: "envFrom is not a list" });
    return;
  }
  value.forEach((entry, i) => {
    const at = `/envFrom/${list.length}`;
    const real = `${pointer}/${i}`;
    map.set(at, real);
    if (!isRecord(entry)) {
      list.push(entry);
      return;
    }
    const prefix = typeof entry.prefix === "string" ? { prefix: entry.prefix } : {};
    const ref = (field: "secretRef" | "configMapRef", name: string, from: string): void => {
      map.set(`${at}/${field}`, from);
      list.push({ [field]: { name: renderRelease(name, release) }, ...prefix });
    };
    // the shorthand names an object of the values by its identifier first, as the chart looks it up
    const shorthand = (kind: keyof ChartIds, name: string): string => (ids[kind].has(name) ? identifierName(name, release) : name);
    if (typeof entry.secret === "string") ref("secretRef", shorthand("Secret", entry.secret), `${real}/secret`);
    else if (typeof entry.configMap === "string") ref("configMapRef", shorthand("ConfigMap", entry.configMap), `${real}/configMap`);
    else if (isRecord(entry.externalSecretRef) && typeof entry.externalSecretRef.identifier === "string")
      ref("secretRef", identifierName(entry.externalSecretRef.identifier, release), `${real}/externalSecretRef`);
    else {
      for (const field of ["secretRef", "configMapRef"] as const) {
        const target = entry[field];
        if (!isRecord(target)) continue;
        if (typeof target.identifier === "string" && typeof target.name !== "string") {
          ref(field, identifierName(target.identifier, release), `${real}/${field}/identifier`);
          return;
        }
        if (typeof target.name === "string") {
          map.set(`${at}/${field}`, `${real}/${field}`);
          list.push({ ...entry, [field]: { ...target, name: renderRelease(target.name, release) } });
          return;
        }
      }
      list.push(entry);
    }
  });
}

/** `args`/`command` as the chart renders them: a string is a one-word list. */
function commandField(field: Field, key: "args" | "command", map: PointerMap): unknown {
  map.set(`/${key}`, field.pointer);
  if (typeof field.value === "string") {
    map.set(`/${key}/0`, field.pointer);
    return [field.value];
  }
  return field.value;
}

/** The image reference the chart writes: `repository:tag@digest`, or the string as written. */
function imageField(field: Field, map: PointerMap): string | undefined {
  const { value, pointer } = field;
  if (typeof value === "string") {
    map.set("/image", pointer);
    return value;
  }
  if (!isRecord(value) || typeof value.repository !== "string" || value.repository.trim() === "") return undefined;
  map.set("/image", `${pointer}/repository`);
  const tag = typeof value.tag === "string" || typeof value.tag === "number" ? String(value.tag).trim() : "";
  const digest = typeof value.digest === "string" ? value.digest.trim() : "";
  return `${value.repository.trim()}${tag !== "" ? `:${tag}` : ""}${digest !== "" && !tag.includes("@") ? `@${digest}` : ""}`;
}

/** The fields of a container, with defaults applied as the chart applies `defaultContainerOptions`. */
function containerFields(values: Record<string, unknown>, pointer: string, defaults: Field | null, strategy: unknown): Map<string, Field[]> {
  const fields = new Map<string, Field[]>();
  for (const [key, value] of Object.entries(values)) fields.set(key, [{ value, pointer: `${pointer}${encodePointer([key])}` }]);
  if (defaults === null || !isRecord(defaults.value)) return fields;
  for (const [key, value] of Object.entries(defaults.value)) {
    const own = fields.get(key);
    const inherited = { value, pointer: `${defaults.pointer}${encodePointer([key])}` };
    if (own === undefined || isEmpty(own[0].value)) fields.set(key, [inherited]);
    // "merge" merges the maps, the container's own entries winning: read the defaults first
    else if (strategy === "merge" && isRecord(own[0].value) && isRecord(value)) fields.set(key, [inherited, ...own]);
  }
  return fields;
}

const ENV_KEYS = ["env", "extraEnv", "extraEnvs", "extraEnvVars", "envVars"] as const;
/** Keys charts use for env added to their main container (Bitnami's `extraEnvVars`, `extraEnv` of most others). */
const EXTRA_ENV_KEYS = ["extraEnv", "extraEnvs", "extraEnvVars"] as const;
const ENV_FROM_KEYS = ["envFrom", "extraEnvFrom"] as const;
/** Container fields copied as written (a native sidecar's restartPolicy decides whether it runs alongside). */
const COPIED = ["restartPolicy", "ports", "volumeMounts"] as const;

/** One container of the values as the Kubernetes container the chart renders. */
function translateContainer(name: string, fields: Map<string, Field[]>, base: string, release: ReleaseContext | undefined, ids: ChartIds): Translated {
  const map: PointerMap = new Map([
    ["", base],
    [BASE, base],
  ]);
  const container: Record<string, unknown> = { name };
  const problems: TranslationProblem[] = [];
  const image = fields.get("image");
  if (image !== undefined) {
    const text = imageField(image[image.length - 1], map);
    if (text !== undefined) container.image = text;
    // a main container at the top of the values has no line of its own: it is reported at its image
    if (text !== undefined && base === "") map.set("", map.get("/image") ?? base);
  }
  const env: unknown[] = [];
  // a map merged from defaults reads later entries over earlier ones, as the kubelet does
  for (const key of ENV_KEYS) for (const block of fields.get(key) ?? []) appendEnv(block, env, map, release, problems);
  if (env.length > 0) container.env = env;
  const envFrom: unknown[] = [];
  for (const key of ENV_FROM_KEYS) for (const block of fields.get(key) ?? []) appendEnvFrom(block, envFrom, map, release, ids, problems);
  if (envFrom.length > 0) container.envFrom = envFrom;
  for (const key of ["args", "command"] as const) {
    const field = fields.get(key);
    if (field !== undefined && !isEmpty(field[0].value)) container[key] = commandField(field[field.length - 1], key, map);
  }
  for (const key of COPIED) {
    const field = fields.get(key);
    if (field === undefined) continue;
    map.set(`/${key}`, field[field.length - 1].pointer);
    container[key] = field[field.length - 1].value;
  }
  return { value: container, map, problems };
}

/** Builds the translated document as slots are added; `relocate` moves its locations back into the values. */
class SyntheticDoc {
  readonly root: Record<string, unknown> = {};
  private readonly maps: PointerMap[] = [];

  constructor(private readonly values: ParsedDocument) {}

  /** Adds a translated object; returns the pointer of it in the synthetic document. */
  add(translated: Translated): string {
    const key = `\u0000${this.maps.length}`;
    this.root[key] = translated.value;
    this.maps.push(translated.map);
    return `/${key}`;
  }

  /** The values pointer a synthetic pointer stands for: the longest mapped prefix, the rest appended. */
  real(pointer: string): string {
    if (!pointer.startsWith(SYNTHETIC)) return pointer;
    const slash = pointer.indexOf("/", 2);
    const index = Number(slash === -1 ? pointer.slice(2) : pointer.slice(2, slash));
    const map = this.maps[index];
    if (map === undefined) return "";
    let suffix = slash === -1 ? "" : pointer.slice(slash);
    let rest = "";
    for (;;) {
      const found = suffix === "" && rest !== "" ? map.get(BASE) : map.get(suffix);
      if (found !== undefined) return found + rest;
      if (suffix === "") return rest;
      const cut = suffix.lastIndexOf("/");
      rest = suffix.slice(cut) + rest;
      suffix = suffix.slice(0, cut);
    }
  }

  document(): ParsedDocument {
    const values = this.values;
    return {
      file: values.file,
      index: values.index,
      value: this.root,
      locate: (pointer): Position => values.locate(this.real(pointer)),
      helmSource: values.helmSource,
    };
  }

  relocate(at: SourceLocation): SourceLocation {
    if (at.file !== this.values.file || at.document !== this.values.index || !at.pointer.startsWith(SYNTHETIC)) return at;
    return { ...at, pointer: this.real(at.pointer) };
  }
}

/** The containers of a map (`containers:`, `initContainers:`) or a list of container specs, enabled ones only. */
function containerEntries(value: unknown, pointer: string): Array<{ name: string; values: Record<string, unknown>; pointer: string }> {
  const found: Array<{ name: string; values: Record<string, unknown>; pointer: string }> = [];
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      if (!isRecord(entry) || disabled(entry)) return;
      found.push({
        name: typeof entry.name === "string" && entry.name !== "" ? entry.name : `${pointer.split("/").pop() ?? "container"}[${i}]`,
        values: entry,
        pointer: `${pointer}/${i}`,
      });
    });
  } else if (isRecord(value)) {
    for (const [name, entry] of Object.entries(value)) {
      if (!isRecord(entry) || disabled(entry)) continue;
      found.push({
        name: typeof entry.name === "string" && entry.name !== "" ? entry.name : name,
        values: entry,
        pointer: `${pointer}${encodePointer([name])}`,
      });
    }
  }
  return found;
}

function hasContainerMap(controller: unknown): boolean {
  if (!isRecord(controller)) return false;
  return [controller.containers, controller.initContainers].some(
    (block) => isRecord(block) && Object.values(block).some((entry) => isRecord(entry)) && !isKubeObject(block),
  );
}

function labelLayer(origin: LabelLayer["origin"], doc: ParsedDocument, pointer: string, metadata: unknown): LabelLayer[] {
  return isRecord(metadata) && (isRecord(metadata.labels) || isRecord(metadata.annotations)) ? [{ origin, doc, metadataPointer: pointer, metadata }] : [];
}

interface ContainerEntry {
  name: string;
  values: Record<string, unknown>;
  /** Where the container's fields are written ("" for a main container at the top of the values). */
  pointer: string;
  init: boolean;
}

function entriesOf(lists: Array<{ value: unknown; pointer: string; init: boolean }>): ContainerEntry[] {
  return lists.flatMap((list) => containerEntries(list.value, list.pointer).map((entry) => ({ ...entry, init: list.init })));
}

function slotsOf(
  synthetic: SyntheticDoc,
  doc: ParsedDocument,
  entries: readonly ContainerEntry[],
  defaults: Field | null,
  strategy: unknown,
  applyToInit: boolean,
  release: ReleaseContext | undefined,
  ids: ChartIds,
): { slots: ContainerSlot[]; containers: unknown[]; initContainers: unknown[]; problems: TranslationProblem[] } {
  const slots: ContainerSlot[] = [];
  const problems: TranslationProblem[] = [];
  const containers: unknown[] = [];
  const initContainers: unknown[] = [];
  for (const entry of entries) {
    const fields = containerFields(entry.values, entry.pointer, entry.init && !applyToInit ? null : defaults, strategy);
    const translated = translateContainer(entry.name, fields, entry.pointer, release, ids);
    const pointer = synthetic.add(translated);
    problems.push(...(translated.problems ?? []));
    slots.push({ container: translated.value, loc: { doc, pointer }, name: entry.name, init: entry.init });
    (entry.init ? initContainers : containers).push(translated.value);
  }
  return { slots, containers, initContainers, problems };
}

/** A volume of the pod the chart renders from `persistence.<id>`, and where each container mounts it. */
interface Persistence {
  volumes: Array<Record<string, unknown>>;
  /** The mounts of a container (`null` controller: the main container of the 1.x shape). */
  mounts(controller: string | null, container: string): Array<Record<string, unknown>>;
}

function mountList(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((mount) =>
    isRecord(mount) && typeof mount.path === "string"
      ? [{ mountPath: mount.path, ...(typeof mount.subPath === "string" ? { subPath: mount.subPath } : {}) }]
      : [],
  );
}

/**
 * `persistence.<id>` as the chart renders it: a ConfigMap or Secret volume (by `name`, or the
 * `identifier` of one the values define) whose files the containers can read, or another volume
 * whose files are only known at run time; mounted by `globalMounts` (every container),
 * `advancedMounts.<controller>.<container>`, at `/<id>` when neither is set, or at `mountPath`
 * in the 1.x shape.
 */
function persistenceOf(values: Record<string, unknown>, release: ReleaseContext | undefined, legacy: boolean): Persistence {
  const volumes: Array<Record<string, unknown>> = [];
  const byContainer: Array<{ controller: string | null; container: string | null; name: string; mounts: Array<Record<string, unknown>> }> = [];
  const block = values.persistence;
  if (isRecord(block)) {
    for (const [id, entry] of Object.entries(block)) {
      if (!isRecord(entry) || disabled(entry) || entry.noMount === true) continue;
      const type = typeof entry.type === "string" ? entry.type : "persistentVolumeClaim";
      const name =
        typeof entry.name === "string"
          ? renderRelease(entry.name, release)
          : typeof entry.identifier === "string"
            ? identifierName(entry.identifier, release)
            : null;
      const items = Array.isArray(entry.items) ? { items: entry.items } : {};
      if (type === "configMap" && name !== null) volumes.push({ name: id, configMap: { name, ...items } });
      else if (type === "secret" && name !== null) volumes.push({ name: id, secret: { secretName: name, ...items } });
      else volumes.push({ name: id, [type]: {} });
      if (legacy) {
        const path = typeof entry.mountPath === "string" ? entry.mountPath : `/${id}`;
        byContainer.push({
          controller: null,
          container: null,
          name: id,
          mounts: [{ mountPath: path, ...(typeof entry.subPath === "string" ? { subPath: entry.subPath } : {}) }],
        });
        continue;
      }
      const advanced = isRecord(entry.advancedMounts) ? entry.advancedMounts : null;
      if (entry.globalMounts === undefined && advanced === null)
        byContainer.push({ controller: null, container: null, name: id, mounts: [{ mountPath: `/${id}` }] });
      else byContainer.push({ controller: null, container: null, name: id, mounts: mountList(entry.globalMounts) });
      if (advanced !== null) {
        for (const [controller, containers] of Object.entries(advanced)) {
          if (!isRecord(containers)) continue;
          for (const [container, mounts] of Object.entries(containers)) byContainer.push({ controller, container, name: id, mounts: mountList(mounts) });
        }
      }
    }
  }
  return {
    volumes,
    mounts: (controller, container) =>
      byContainer
        .filter((entry) => (entry.controller === null || entry.controller === controller) && (entry.container === null || entry.container === container))
        .flatMap((entry) => entry.mounts.map((mount) => ({ name: entry.name, ...mount }))),
  };
}

/** Mounts the values give each container, added to its spec; every slot sees the pod's volumes. */
function mountVolumes(slots: ContainerSlot[], persistence: Persistence, controller: string | null): void {
  if (persistence.volumes.length === 0) return;
  for (const slot of slots) {
    const mounts = persistence.mounts(controller, slot.name);
    const own: unknown[] = Array.isArray(slot.container.volumeMounts) ? slot.container.volumeMounts : [];
    if (mounts.length > 0) slot.container.volumeMounts = [...own, ...mounts];
    slot.volumes = persistence.volumes;
  }
}

/** app-template v2+: one pod per enabled controller. */
function controllerPods(
  values: Record<string, unknown>,
  valuesDoc: ParsedDocument,
  synthetic: SyntheticDoc,
  doc: ParsedDocument,
  release: ReleaseContext | undefined,
): PodValues[] {
  const pods: PodValues[] = [];
  const controllers = values.controllers as Record<string, unknown>;
  const defaultPod = isRecord(values.defaultPodOptions) ? values.defaultPodOptions : {};
  const persistence = persistenceOf(values, release, false);
  for (const [id, controller] of Object.entries(controllers)) {
    if (!isRecord(controller) || disabled(controller)) continue;
    const pointer = `/controllers${encodePointer([id])}`;
    const defaults = isRecord(controller.defaultContainerOptions)
      ? { value: controller.defaultContainerOptions, pointer: `${pointer}/defaultContainerOptions` }
      : null;
    const applyToInit = controller.applyDefaultContainerOptionsToInitContainers !== false;
    const { slots, containers, initContainers, problems } = slotsOf(
      synthetic,
      doc,
      entriesOf([
        { value: controller.initContainers, pointer: `${pointer}/initContainers`, init: true },
        { value: controller.containers, pointer: `${pointer}/containers`, init: false },
      ]),
      defaults,
      controller.defaultContainerOptionsStrategy ?? "overwrite",
      applyToInit,
      release,
      chartIds(values),
    );
    if (slots.length === 0) continue;
    mountVolumes(slots, persistence, id);
    const pod = isRecord(controller.pod) ? controller.pod : {};
    const layers: LabelLayer[] = [
      ...labelLayer("resource", valuesDoc, pointer, controller),
      ...labelLayer("resource", valuesDoc, "/global", values.global),
      ...labelLayer("pod-template", valuesDoc, `${pointer}/pod`, pod),
      ...labelLayer("pod-template", valuesDoc, "/defaultPodOptions", defaultPod),
    ];
    const hostAliases = pod.hostAliases ?? defaultPod.hostAliases;
    pods.push({ id, pointer, slots, problems, layers, spec: { containers, initContainers, ...(hostAliases !== undefined ? { hostAliases } : {}) } });
  }
  return pods;
}

/** A main container at the top of the values (app-template v1, k8s-at-home common, most application charts). */
function mainPod(
  values: Record<string, unknown>,
  valuesDoc: ParsedDocument,
  synthetic: SyntheticDoc,
  doc: ParsedDocument,
  release: ReleaseContext | undefined,
): PodValues {
  const main: Record<string, unknown> = {};
  for (const key of ["image", ...ENV_KEYS, ...ENV_FROM_KEYS, "args", "command"]) if (Object.hasOwn(values, key)) main[key] = values[key];
  const name = "main";
  // the main container's fields sit at the top of the values, not under its name
  const entries: ContainerEntry[] = [
    ...entriesOf([{ value: values.initContainers, pointer: "/initContainers", init: true }]),
    { name, values: main, pointer: "", init: false },
    ...entriesOf([
      { value: values.additionalContainers, pointer: "/additionalContainers", init: false },
      { value: values.sidecars, pointer: "/sidecars", init: false },
    ]),
  ];
  const { slots, containers, initContainers, problems } = slotsOf(synthetic, doc, entries, null, null, false, release, NO_IDS);
  // the 1.x shape mounts persistence into the main container only
  mountVolumes(
    slots.filter((slot) => slot.name === name && !slot.init),
    persistenceOf(values, release, true),
    null,
  );
  const layers: LabelLayer[] = [...labelLayer("resource", valuesDoc, "/controller", values.controller)];
  const podMeta = { labels: values.podLabels, annotations: values.podAnnotations };
  if (isRecord(podMeta.labels) || isRecord(podMeta.annotations)) {
    const pointer = synthetic.add({
      value: podMeta,
      map: new Map([
        ["/labels", "/podLabels"],
        ["/annotations", "/podAnnotations"],
        ["", isRecord(podMeta.labels) ? "/podLabels" : "/podAnnotations"],
        [BASE, ""],
      ]),
    });
    layers.push({ origin: "pod-template", doc, metadataPointer: pointer, metadata: podMeta });
  }
  const hostAliases = values.hostAliases;
  return { id: name, pointer: "", slots, problems, layers, spec: { containers, initContainers, ...(hostAliases !== undefined ? { hostAliases } : {}) } };
}

/** A list of Kubernetes EnvVar entries (`- name: X`), which no other kind of values writes under these keys. */
function isEnvVarList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((entry) => isRecord(entry) && typeof entry.name === "string");
}

function hasEnvBlock(values: Record<string, unknown>): boolean {
  return [...ENV_KEYS, ...ENV_FROM_KEYS].some((key) => Array.isArray(values[key]) || isRecord(values[key]));
}

const OBJECT_BLOCKS = [
  ["ConfigMap", "configMaps", "data"],
  ["Secret", "secrets", "stringData"],
] as const;

function chartIds(values: Record<string, unknown>): ChartIds {
  const ids = { ConfigMap: new Set<string>(), Secret: new Set<string>() };
  for (const [kind, key] of OBJECT_BLOCKS) {
    const block = values[key];
    if (isRecord(block)) for (const [id, object] of Object.entries(block)) if (isRecord(object) && !disabled(object)) ids[kind].add(id);
  }
  return ids;
}

/**
 * The ConfigMaps and Secrets app-template creates from `configMaps.<id>.data` and
 * `secrets.<id>.stringData`, named as the chart names them, so `envFrom` joins them as it joins
 * the objects of the scan. Their values are templates the chart renders: the release's name and
 * namespace are filled in, anything else stays as written.
 */
function chartObjects(
  values: Record<string, unknown>,
  doc: ParsedDocument,
  namespace: string,
  release: ReleaseContext | undefined,
): Map<string, KeyValueSource> {
  const objects = new Map<string, KeyValueSource>();
  for (const [kind, key, field] of OBJECT_BLOCKS) {
    const block = values[key];
    if (!isRecord(block)) continue;
    for (const [id, object] of Object.entries(block)) {
      if (!isRecord(object) || disabled(object) || !isRecord(object[field])) continue;
      const name =
        typeof object.forceRename === "string" && object.forceRename !== "" ? renderRelease(object.forceRename, release) : identifierName(id, release);
      const source: KeyValueSource = { kind, namespace, name, doc, data: new Map(), pointers: new Map(), undecodable: new Set() };
      for (const [entryKey, value] of Object.entries(object[field])) {
        if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
        source.data.set(entryKey, renderRelease(String(value), release));
        source.pointers.set(entryKey, `/${key}${encodePointer([id, field, entryKey])}`);
      }
      objects.set(`${kind}/${name}`, source);
    }
  }
  return objects;
}

/** The scan's index with the chart's own ConfigMaps and Secrets in front of it. */
function withChartObjects(index: ScanIndex, objects: Map<string, KeyValueSource>, namespace: string): ScanIndex {
  if (objects.size === 0) return index;
  const overlay = Object.create(index) as ScanIndex;
  overlay.keyValueSource = (kind, ns, name) => (ns === namespace ? objects.get(`${kind}/${name}`) : undefined) ?? index.keyValueSource(kind, ns, name);
  return overlay;
}

/** The pods the values describe, or null when they are not values of this kind. */
export function chartPods(doc: ParsedDocument): ChartPods | null {
  const values = doc.value;
  if (!isRecord(values) || isKubeObject(values)) return null;
  const release = embeddingOf(doc)?.release;
  const appTemplate = isRecord(values.controllers) && Object.values(values.controllers).some(hasContainerMap);
  if (!appTemplate) {
    const image = values.image;
    const imageRepository = isRecord(image) && typeof image.repository === "string";
    if (!hasEnvBlock(values) || !(imageRepository || isLibraryChart(release) || EXTRA_ENV_KEYS.some((key) => isEnvVarList(values[key])))) return null;
  }
  // the main container's fields are translated at their own pointers: "" maps to the values' top
  const synthetic = new SyntheticDoc(doc);
  const syntheticDoc = synthetic.document();
  const pods = appTemplate ? controllerPods(values, doc, synthetic, syntheticDoc, release) : [mainPod(values, doc, synthetic, syntheticDoc, release)];
  if (pods.length === 0) return null;
  return {
    kind: appTemplate ? APP_TEMPLATE_KIND : CHART_CONTAINER_KIND,
    pods,
    release,
    objects: appTemplate ? chartObjects(values, doc, release?.namespace ?? "default", release) : new Map<string, KeyValueSource>(),
    synthetic: syntheticDoc,
    relocate: (at) => synthetic.relocate(at),
  };
}

function adaptPods({ doc, value }: Claimed<ChartPods>, ctx: AdapterContext): AdapterOutput {
  const judged = ctx.judged;
  const namespace = value.release?.namespace ?? "default";
  const inner: AdapterContext = { ...ctx, judged: judged === undefined ? undefined : (at) => judged(value.relocate(at)) };
  // the chart's own ConfigMaps and Secrets resolve env; names are followed through the scan's index (and its cached mesh)
  const envContext: AdapterContext = { ...inner, index: withChartObjects(ctx.index, value.objects, namespace) };
  const documents: LlmUsageDocument[] = [];
  const problems: Problem[] = [];
  const file = doc.file.split("\\").join("/");
  for (const pod of value.pods) {
    const sink = new ProblemSink();
    for (const problem of pod.problems) sink.add({ doc, pointer: problem.pointer }, problem.message);
    const found = collectPodRoutes(analyzeContainers(pod.slots, namespace, envContext, sink), namespace, inner, pod.spec);
    const resource =
      value.release !== undefined
        ? `${value.release.resource}${value.pods.length > 1 ? `/${pod.id}` : ""}`
        : `${value.kind}/${file}${pod.pointer !== "" ? `#${pod.pointer.slice(1)}` : ""}`;
    if (found.routes.length === 0 && found.servers.length === 0) {
      // a chart of the strong shape says what it reads; any other values are only taken up when they call a model
      if (value.kind === APP_TEMPLATE_KIND) problems.push(...sink.problems.map((problem) => ({ ...problem, message: `${resource}: ${problem.message}` })));
      continue;
    }
    uniqueIds(found.routes);
    uniqueIds(found.servers);
    const classification = resolveClassification(pod.layers, doc.file, resource, inner);
    const workload = { kind: value.kind, name: pod.id, namespace: value.release?.namespace ?? null, resource, source: sourceAt(doc, pod.pointer) };
    documents.push(classifiedDocument(workload, classification, { routes: found.routes, servers: found.servers, problems: sink.problems }));
  }
  return { documents: mapLocations(documents, value.relocate), problems: mapLocations(problems, value.relocate) };
}

const joinsEnvSources = joinsKinds("ConfigMap", "Secret");

/** Chart values holding container specs (app-template controllers, or a main container at the top). */
export const chartContainerValuesAdapter: Adapter<ChartPods> & {
  /** The label layers of the values that classify one of its documents, and how to move their locations into the values. */
  valueLayers(claimed: Claimed<ChartPods>, document: LlmUsageDocument): { layers: LabelLayer[]; relocate: (at: SourceLocation) => SourceLocation };
} = {
  name: "chart-container-values",
  claim(doc, catalog) {
    const pods = chartPods(doc);
    if (pods === null) return null;
    // values that are also an app's request defaults (an aggregator's model and routing) are read as those
    if (pods.kind === CHART_CONTAINER_KIND && aggregatorAppConfigAdapter.claim(doc, catalog) !== null) return null;
    return { doc, value: pods };
  },
  adapt: adaptPods,
  // a release that mounts a ConfigMap tells the ConfigMap's own readers (app configs, LiteLLM) who reads it
  // and a release that renders a Service answers for the in-cluster name clients call
  joins: (value, catalog) =>
    joinsEnvSources(value) ||
    joinsClusterNames(value, catalog) ||
    (isKubeObject(value) && (chartMountedConfigMaps(value).size > 0 || chartServiceOwner(value))),
  valueLayers({ value }, document) {
    const pod = value.pods.find((candidate) => candidate.id === document.workload.name);
    return { layers: pod?.layers ?? [], relocate: value.relocate };
  },
};
