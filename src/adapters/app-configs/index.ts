/**
 * Application configs (YAML, JSON, TOML, INI) whose keys name an LLM endpoint, model or provider
 * (./reader.ts), read where they take effect:
 *  - mounted into a pod from a ConfigMap or Secret (a `configMap`/`secret` volume or a projected
 *    one, `items` and `subPath` honoured): routes of the container that mounts them, located at
 *    the value's line inside the embedded text (`appConfigMapAdapter.containerRoutes`, called by
 *    the Kubernetes container analysis for every adapter that has it);
 *  - a ConfigMap holding a known app's config that no workload of the scan mounts
 *    (`appConfigMapAdapter`), and a YAML/JSON file of a known app shape in the repository
 *    (`appConfigFileAdapter`): a workload of their own, named after the app.
 * A config that does not parse is an `invalid-input` problem at its line, never an empty config.
 */

import path from "node:path";
import type { Problem, Route, SourceLocation } from "../../model/canonical";
import type { ParsedDocument, Position } from "../../parse/document";
import { classifiedDocument, namespaceLayers, resolveClassification, type LabelLayer } from "../classification/resolve";
import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { newRoute } from "../core/route";
import type { KeyValueSource } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type AdapterSettings, type Claimed, type MountingContainer } from "../core/types";
import { modelInfo } from "../kubernetes/models";
import { endpointOf, isLlmEndpoint } from "../kubernetes/values";
import { positionMapper } from "../litellm/embedded";
import { mountingWorkloadLayers, readsSomeConfigMap } from "../litellm/mounts";
import { isLiteLLMConfig } from "../litellm/recognise";
import { readConfig, referencedVars, type ConfigReading } from "./reader";
import { shapeOf } from "./shapes";
import { readConfigText, syntaxOfName, type ConfigText } from "./syntax";

export { readConfig, type ConfigEntry } from "./reader";
export { readConfigText, syntaxOfName } from "./syntax";
export { shapeOf } from "./shapes";

/** One config text held by a ConfigMap or Secret key, read once per scan. */
interface EmbeddedAppConfig {
  key: string;
  text: ConfigText;
  reading: ConfigReading | null;
  /** Location, in the object's file, of a position inside the text. */
  at: (inner: Position, innerPointer: string) => SourceLocation;
}

/** Words that make a config that does not parse worth an error: it may hold an LLM route. */
const LLM_WORDS = /base_?url|api_?base|api_?url|api_?key|\bmodels?\b|\bllm|\bai\b|provider|endpoints?/i;

function llmHostTest(settings: AdapterSettings): (raw: string) => boolean {
  return (raw) => {
    const fields = endpointOf(raw, settings);
    return fields.endpoint !== null && isLlmEndpoint(fields.endpoint, settings);
  };
}

const embeddedCache = new WeakMap<ParsedDocument, Map<string, EmbeddedAppConfig | null>>();

/** The app config held by `key` of a ConfigMap or Secret, or null when the key's name is no config syntax or it is a LiteLLM config. */
function embeddedConfig(source: KeyValueSource, key: string, settings: AdapterSettings, file = key): EmbeddedAppConfig | null {
  let byKey = embeddedCache.get(source.doc);
  if (!byKey) embeddedCache.set(source.doc, (byKey = new Map<string, EmbeddedAppConfig | null>()));
  const cacheKey = `${source.kind}\0${key}\0${file}`;
  if (byKey.has(cacheKey)) return byKey.get(cacheKey) ?? null;
  // the key's own name first (`config.toml`), else the file name a volume's `items` give it
  const syntax = syntaxOfName(key) ?? syntaxOfName(file);
  const value = source.data.get(key);
  const valuePointer = source.pointers.get(key);
  let found: EmbeddedAppConfig | null = null;
  if (syntax !== null && value !== undefined && valuePointer !== undefined) {
    const text = readConfigText(`${source.doc.file}#${key}`, value, syntax);
    if (!isLiteLLMConfig(text.value)) {
      const map = positionMapper(source.doc, valuePointer, value);
      const at = (inner: Position, innerPointer: string): SourceLocation => {
        const { line, column } = map(inner);
        return { file: source.doc.file, line, column, pointer: `${valuePointer}${innerPointer}` };
      };
      const reading = text.value === null ? null : readConfig(text.value, syntaxOfName(key) !== null ? key : file, settings.catalog, llmHostTest(settings));
      found = { key, text, reading, at };
    }
  }
  byKey.set(cacheKey, found);
  return found;
}

/** Problems of a config that does not parse; quiet for a text with no LLM word (a broken Grafana dashboard is not ours to judge). */
function syntaxProblems(config: EmbeddedAppConfig, label: string, raw: string): Problem[] {
  if (config.text.errors.length === 0) return [];
  if (!LLM_WORDS.test(raw)) return [];
  return config.text.errors.map((error) => ({
    message: `${label} is a ${config.text.syntax.toUpperCase()} config that cannot be read: ${error.message}`,
    source: config.at({ line: Math.max(error.line, 1), column: Math.max(error.column, 1) }, ""),
  }));
}

/**
 * `${VAR}` references of a value replaced by the container's variables, when all of them are
 * known; the names substituted are added to `used`.
 */
function expand(raw: string, env: MountingContainer["env"] | null, used?: Set<string>): string {
  if (env === null) return raw;
  const names = referencedVars(raw);
  let out = raw;
  for (const name of names) {
    const value = env.get(name)?.value;
    if (value === null || value === undefined) return raw;
    out = out.split(`$\${${name}}`).join(value).split(`\${${name}}`).join(value).split(`{env:${name}}`).join(value);
  }
  for (const name of names) used?.add(name);
  return out;
}

/**
 * Whether the route a config builds for `keyVar` reaches the operator the variable is the key of
 * (by its endpoint's host or its provider prefix): only then is the variable's own route from the
 * environment the same call. A key the config reuses for another endpoint (LibreChat's
 * OPENAI_API_KEY for a custom vLLM endpoint, while its built-in OpenAI endpoint still reads it)
 * keeps its own route.
 */
function sameOperator(route: Route, keyVar: string, catalog: AdapterSettings["catalog"]): boolean {
  const operator = catalog.operatorOfKeyVar(keyVar);
  if (operator === null) return false;
  const host = route.endpoint !== null ? catalog.operatorOfHost(route.endpoint.host) : null;
  const prefix = route.provider.sdkPrefix !== null ? catalog.operatorOfPrefix(route.provider.sdkPrefix) : null;
  return host?.id === operator.id || prefix?.id === operator.id;
}

/** The routes of a config's LLM entries. */
function entryRoutes(
  config: EmbeddedAppConfig,
  via: string,
  idPrefix: string,
  settings: AdapterSettings,
  env: MountingContainer["env"] | null,
): { routes: Route[]; consumed: Set<string>; expanded: Set<string> } {
  const routes: Route[] = [];
  const consumed = new Set<string>();
  const expanded = new Set<string>();
  const reading = config.reading;
  if (reading === null) return { routes, consumed, expanded };
  const catalog = settings.catalog;
  const locate = (pointer: string): SourceLocation => config.at(config.text.locate(pointer), pointer);
  for (const entry of reading.entries) {
    const model = entry.model !== null ? modelInfo(expand(entry.model.raw, env), catalog) : null;
    const prefix = model?.sdkPrefix ?? entry.provider?.prefix ?? null;
    const keyVar = entry.keyRefs.find((ref) => catalog.keyVars.has(ref)) ?? null;
    const endpoint = entry.url !== null ? endpointOf(expand(entry.url.raw, env, expanded), settings) : undefined;
    // the value that opens the route: its URL, a provider named as a value, its key, its model; a section's header last
    const namedProvider = entry.provider !== null && entry.provider.pointer !== entry.pointer ? entry.provider.pointer : null;
    const anchor = entry.url?.pointer ?? namedProvider ?? entry.keyPointer ?? entry.model?.pointer ?? entry.pointer;
    const route = newRoute({
      id: `${idPrefix}${entry.pointer}`,
      via: `${via}, ${entry.label}`,
      source: locate(anchor),
      ...(endpoint ? { endpoint } : {}),
      provider: { sdkPrefix: prefix, keyVar, type: prefix !== null && catalog.genericPrefixes.has(prefix) ? prefix : null },
      ...(model ? { model: model.model } : {}),
    });
    for (const ref of entry.keyRefs) if (sameOperator(route, ref, catalog)) consumed.add(ref);
    routes.push(route);
  }
  return { routes, consumed, expanded };
}

/** The ConfigMap and Secret keys a mount makes files of, with the file name each key is mounted as. */
function mountedKeys(
  mount: MountingContainer["mounts"][number],
  volumes: unknown,
  namespace: string,
  fromFile: string,
  ctx: AdapterContext,
): Array<{ source: KeyValueSource; key: string; file: string }> {
  const volume = Array.isArray(volumes) ? volumes.find((v): v is Record<string, unknown> => isRecord(v) && v.name === mount.name) : undefined;
  if (volume === undefined) return [];
  const refs: Array<{ kind: "ConfigMap" | "Secret"; ref: Record<string, unknown> }> = [];
  if (isRecord(volume.configMap)) refs.push({ kind: "ConfigMap", ref: volume.configMap });
  if (isRecord(volume.secret)) refs.push({ kind: "Secret", ref: volume.secret });
  if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
    for (const source of volume.projected.sources) {
      if (!isRecord(source)) continue;
      if (isRecord(source.configMap)) refs.push({ kind: "ConfigMap", ref: source.configMap });
      if (isRecord(source.secret)) refs.push({ kind: "Secret", ref: source.secret });
    }
  }
  const out: Array<{ source: KeyValueSource; key: string; file: string }> = [];
  for (const { kind, ref } of refs) {
    const name = kind === "Secret" ? (ref.secretName ?? ref.name) : ref.name;
    if (typeof name !== "string") continue;
    const source = ctx.index.keyValueSource(kind, namespace, name, fromFile);
    if (!source) continue;
    const keys = [...source.data.keys(), ...(source.unresolved?.keys() ?? [])];
    const files: Array<{ key: string; file: string }> = Array.isArray(ref.items)
      ? ref.items
          .filter(isRecord)
          .flatMap((item) => (typeof item.key === "string" && typeof item.path === "string" ? [{ key: item.key, file: item.path }] : []))
      : keys.map((key) => ({ key, file: key }));
    for (const { key, file } of files) {
      if (mount.subPath !== undefined && mount.subPath !== file) continue;
      out.push({ source, key, file });
    }
  }
  return out;
}

/** A scanned YAML/JSON file read as an app config, located in its own file. */
function fileConfig(doc: ParsedDocument, settings: AdapterSettings): EmbeddedAppConfig | null {
  if (isKubeObject(doc.value) || isLiteLLMConfig(doc.value)) return null;
  return {
    key: doc.file,
    text: { syntax: "yaml", value: doc.value, errors: [], locate: (pointer) => doc.locate(pointer) },
    reading: readConfig(doc.value, doc.file, settings.catalog, llmHostTest(settings)),
    at: (inner, pointer) => ({ file: doc.file, line: inner.line, column: inner.column, pointer }),
  };
}

function posix(file: string): string {
  return path.posix.normalize(file.split(path.sep).join("/"));
}

/** The files a kustomization's `configMapGenerator`/`secretGenerator` `files` entries name, resolved from its folder: file → generated object and key. */
function generatorFiles(doc: ParsedDocument): Array<{ file: string; kind: "ConfigMap" | "Secret"; name: string; namespace: string | null; key: string }> {
  const value = doc.value;
  if (!isRecord(value) || (isKubeObject(value) && value.kind !== "Kustomization")) return [];
  const out: Array<{ file: string; kind: "ConfigMap" | "Secret"; name: string; namespace: string | null; key: string }> = [];
  const dir = path.posix.dirname(posix(doc.file));
  const namespace = typeof value.namespace === "string" ? value.namespace : null;
  for (const [field, kind] of [
    ["configMapGenerator", "ConfigMap"],
    ["secretGenerator", "Secret"],
  ] as const) {
    for (const generator of Array.isArray(value[field]) ? value[field] : []) {
      if (!isRecord(generator) || typeof generator.name !== "string" || !Array.isArray(generator.files)) continue;
      for (const entry of generator.files) {
        if (typeof entry !== "string") continue;
        const cut = entry.indexOf("=");
        const relative = cut > 0 ? entry.slice(cut + 1) : entry;
        const key = cut > 0 ? entry.slice(0, cut) : relative.slice(relative.lastIndexOf("/") + 1);
        const ns = typeof generator.namespace === "string" ? generator.namespace : namespace;
        out.push({ file: path.posix.join(dir, relative), kind, name: generator.name, namespace: ns, key });
      }
    }
  }
  return out;
}

/**
 * The app config a Kustomize generator makes a key of from a file (`files: [librechat.yaml=librechat-config.yaml]`):
 * the generated object only says the key's content is that file; when the scan holds the file, it is read in place.
 */
function generatedFileConfig(source: KeyValueSource, key: string, ctx: AdapterContext): EmbeddedAppConfig | null {
  const entry = generatorFiles(source.doc).find((generated) => generated.kind === source.kind && generated.name === source.name && generated.key === key);
  if (entry === undefined || syntaxOfName(entry.file) === null) return null;
  const doc = ctx.index.documents.find((candidate) => posix(candidate.file) === entry.file && candidate.index === 0);
  return doc === undefined ? null : fileConfig(doc, ctx.settings);
}

/**
 * A key an External Secret renders from a template of the scan (`templateFrom` a ConfigMap, which a
 * Kustomize generator may make of a file): the template's text is the config, read where it is
 * written; its `{{ .VAR }}` parts are the values the controller fills in.
 */
function renderedConfig(source: KeyValueSource, key: string, file: string, fromFile: string, ctx: AdapterContext): EmbeddedAppConfig | null {
  const template = source.renderedFrom?.get(key);
  if (template === undefined) return null;
  const held = ctx.index.keyValueSource(template.kind, source.namespace, template.name, fromFile);
  if (held === undefined) return null;
  return held.data.has(template.key) ? embeddedConfig(held, template.key, ctx.settings, file) : generatedFileConfig(held, template.key, ctx);
}

/** True when a Kustomize generator of the scan makes a ConfigMap or Secret of this file that a workload of the scan mounts. */
function mountedThroughGenerator(doc: ParsedDocument, ctx: AdapterContext): boolean {
  const file = posix(doc.file);
  for (const candidate of ctx.index.documents) {
    for (const entry of generatorFiles(candidate)) {
      if (entry.file !== file) continue;
      // the generator's namespace, and those of the objects deployed with it (its folder and below)
      const dir = path.posix.dirname(posix(candidate.file));
      const namespaces = new Set([entry.namespace ?? "default"]);
      for (const other of ctx.index.documents) {
        const at = posix(other.file);
        if (isKubeObject(other.value) && (dir === "." || at.startsWith(`${dir}/`))) namespaces.add(objectNamespace(other.value));
      }
      for (const namespace of namespaces) if (mountingWorkloadLayers(namespace, entry.name, ctx).length > 0) return true;
    }
  }
  return false;
}

/**
 * The routes of the app configs a container mounts, added to the routes of its environment. A
 * provider key variable the config reads for a route to that key's operator (`apiKey:
 * "${MOONSHOT_API_KEY}"` beside a Moonshot `baseURL`) is that route's key, and a variable the config's base URL is expanded from
 * (`baseURL: "${RELAY_URL}"`) is that route's endpoint: their own routes from the environment are
 * dropped, so one call is one route, located in the config.
 */
function mountedConfigRoutes(routes: Route[], container: MountingContainer, ctx: AdapterContext): { routes: Route[]; problems: Problem[] } {
  const { mounts, volumes, namespace } = container;
  const problems: Problem[] = [];
  if (mounts.length === 0 || !Array.isArray(volumes)) return { routes, problems };
  const added: Route[] = [];
  const consumed = new Set<string>();
  const expandedAt = new Set<string>();
  const seen = new Set<string>();
  for (const mount of mounts) {
    for (const { source, key, file } of mountedKeys(mount, volumes, namespace, container.file, ctx)) {
      if (syntaxOfName(file) === null && syntaxOfName(key) === null) continue;
      const config = source.data.has(key)
        ? embeddedConfig(source, key, ctx.settings, file)
        : (generatedFileConfig(source, key, ctx) ?? renderedConfig(source, key, file, container.file, ctx));
      if (config === null) continue;
      const once = `${source.kind}/${source.name}/${key}`;
      if (seen.has(once)) continue;
      seen.add(once);
      const label = `${source.kind} ${source.namespace}/${source.name} key ${key}`;
      problems.push(...syntaxProblems(config, label, source.data.get(key) ?? ""));
      const mountedAt = mount.subPath !== undefined ? mount.mountPath : `${mount.mountPath.replace(/\/$/, "")}/${file}`;
      const via = `${label} mounted at ${mountedAt} in container ${container.name}`;
      const found = entryRoutes(config, via, `container/${container.name}/config/${key}`, ctx.settings, container.env);
      added.push(...found.routes);
      for (const name of found.consumed) consumed.add(name);
      for (const name of found.expanded) {
        const variable = container.env.get(name);
        if (variable) expandedAt.add(`${variable.at.doc.file}\0${variable.at.pointer}`);
      }
    }
  }
  if (added.length === 0) return { routes, problems };
  const kept = routes.filter(
    (route) =>
      !(route.endpoint === null && route.unresolvedEndpoint === null && route.provider.keyVar !== null && consumed.has(route.provider.keyVar)) &&
      !expandedAt.has(`${route.source.file}\0${route.source.pointer}`),
  );
  return { routes: [...kept, ...added], problems };
}

/** A ConfigMap (or Secret) with a known app's config in a data value. */
interface AppConfigObject {
  object: KubeObject;
  keys: string[];
}

function knownAppKeys(settings: AdapterSettings, source: KeyValueSource): string[] {
  return [...source.data.keys()].filter((key) => {
    const config = embeddedConfig(source, key, settings);
    return (
      config !== null && (config.reading?.shape != null || (config.text.errors.length > 0 && syntaxProblems(config, "", source.data.get(key) ?? "").length > 0))
    );
  });
}

/**
 * A ConfigMap holding a known app's config (LibreChat, Perplexica, Continue, aider). When a
 * workload of the scan mounts it, that workload's containers read it (containerRoutes)
 * and this adapter reports nothing; otherwise the config is a workload of its own, classified by
 * the ConfigMap's labels and Namespace, so its routes are judged rather than only swept.
 */
export const appConfigMapAdapter: Adapter<AppConfigObject> = {
  name: "app-configmap",
  claim: (doc, catalog) => {
    const value = doc.value;
    if (!isKubeObject(value) || value.kind !== "ConfigMap" || !isRecord(value.data)) return null;
    const settings: AdapterSettings = settingsFor(catalog);
    const data = new Map<string, string>();
    const pointers = new Map<string, string>();
    for (const [key, text] of Object.entries(value.data)) {
      if (typeof text !== "string") continue;
      data.set(key, text);
      pointers.set(key, `/data/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
    const source: KeyValueSource = {
      kind: "ConfigMap",
      namespace: objectNamespace(value),
      name: objectName(value),
      doc,
      data,
      pointers,
      undecodable: new Set(),
    };
    const keys = knownAppKeys(settings, source);
    return keys.length > 0 ? { doc, value: { object: value, keys } } : null;
  },
  adapt({ doc, value: { object, keys } }: Claimed<AppConfigObject>, ctx: AdapterContext): AdapterOutput {
    const namespace = objectNamespace(object);
    const name = objectName(object);
    if (mountingWorkloadLayers(namespace, name, ctx).length > 0) return { documents: [], problems: [] };
    const source = ctx.index.keyValueSource("ConfigMap", namespace, name);
    if (source?.doc !== doc) return { documents: [], problems: [] };
    const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }, ...namespaceLayers(namespace, ctx)];
    const documents = [];
    const problems: Problem[] = [];
    for (const key of keys) {
      const config = embeddedConfig(source, key, ctx.settings);
      if (config === null) continue;
      const label = `ConfigMap ${namespace}/${name} key ${key}`;
      const configProblems = syntaxProblems(config, label, source.data.get(key) ?? "");
      if (config.reading === null) {
        problems.push(...configProblems);
        continue;
      }
      const app = config.reading.shape?.app ?? "AppConfig";
      const resource = `${app}/${namespace}/${name}${keys.length > 1 ? `/${key}` : ""}`;
      const { routes } = entryRoutes(config, `${label} (not mounted by any workload of the scan)`, `config/${key}`, ctx.settings, null);
      if (routes.length === 0) continue;
      const workload = { kind: app, name, namespace, resource, source: sourceAt(doc, source.pointers.get(key) ?? "") };
      documents.push(classifiedDocument(workload, resolveClassification(layers, doc.file, resource, ctx), { routes, problems: configProblems }));
    }
    return { documents, problems };
  },
  // a workload that reads some ConfigMap may be the one that mounts it
  joins: (value) => readsSomeConfigMap(value),
  // the configs a container mounts from ConfigMaps and Secrets, whatever their app
  containerRoutes: mountedConfigRoutes,
};

const settingsCache = new WeakMap<object, AdapterSettings>();

/** Claim has the catalogue only; the readers take settings (memoised per catalogue, as the sweep does). */
function settingsFor(catalog: AdapterSettings["catalog"]): AdapterSettings {
  let settings = settingsCache.get(catalog);
  if (!settings) settingsCache.set(catalog, (settings = { configClassification: null, catalog }));
  return settings;
}

/** A plain YAML/JSON file of a known app shape (`librechat.yaml`, Continue's `config.yaml`, `.aider.conf.yml`). */
export const appConfigFileAdapter: Adapter<ConfigReading> = {
  name: "app-config-file",
  claim: (doc, catalog) => {
    if (isKubeObject(doc.value) || !isRecord(doc.value)) return null;
    const reading = readConfig(doc.value, doc.file, catalog, llmHostTest(settingsFor(catalog)));
    return reading.shape !== null && reading.entries.length > 0 ? { doc, value: reading } : null;
  },
  // a Kustomize generator's files are read by the workloads that mount the ConfigMap it makes
  // (and an External Secret's template of them): a known app's, or any config with an LLM entry
  joins: (value, catalog) =>
    isRecord(value) &&
    !isKubeObject(value) &&
    !isLiteLLMConfig(value) &&
    (shapeOf(value, "") !== null || readConfig(value, "", catalog, llmHostTest(settingsFor(catalog))).entries.length > 0),
  adapt({ doc, value: reading }: Claimed<ConfigReading>, ctx: AdapterContext): AdapterOutput {
    // a file a Kustomize generator mounts into a workload of the scan is that workload's config
    if (mountedThroughGenerator(doc, ctx)) return { documents: [], problems: [] };
    const file = doc.file.split(path.sep).join("/");
    const app = reading.shape?.app ?? "AppConfig";
    const resource = `${app}/${file}${doc.index > 0 ? `#${doc.index}` : ""}`;
    const base = fileConfig(doc, ctx.settings);
    if (base === null) return { documents: [], problems: [] };
    const config: EmbeddedAppConfig = { ...base, reading };
    const { routes } = entryRoutes(config, `${app} config ${file}`, "config", ctx.settings, null);
    const workload = { kind: app, name: path.posix.basename(file), namespace: null, resource, source: sourceAt(doc, "") };
    return { documents: [classifiedDocument(workload, resolveClassification([], doc.file, resource, ctx), { routes })], problems: [] };
  },
};

/**
 * Custom resources that configure an LLM client in their spec, read with the app-config reader at
 * the pointer each names: LLMKube's foreman `Agent` (`spec.providerConfig`: `baseURL`, `model`,
 * `apiKeySecretRef`), as joryirving/home-ops declares its coding agents.
 */
const LLM_CONFIG_RESOURCES: ReadonlyArray<{ group: string; kind: string; pointer: string; field: string }> = [
  { group: "foreman.llmkube.dev/", kind: "Agent", pointer: "/spec/providerConfig", field: "spec.providerConfig" },
];

function llmConfigResource(value: unknown): { object: KubeObject; pointer: string; field: string; config: Record<string, unknown> } | null {
  if (!isKubeObject(value)) return null;
  const known = LLM_CONFIG_RESOURCES.find((entry) => value.apiVersion.startsWith(entry.group) && value.kind === entry.kind);
  const spec = isRecord(value.spec) ? value.spec : null;
  const config = known !== undefined && spec !== null ? spec[known.pointer.split("/")[2]] : undefined;
  return known !== undefined && isRecord(config) ? { object: value, pointer: known.pointer, field: known.field, config } : null;
}

export const llmConfigResourceAdapter: Adapter<NonNullable<ReturnType<typeof llmConfigResource>>> = {
  name: "llm-config-resource",
  claim: (doc) => {
    const found = llmConfigResource(doc.value);
    return found === null ? null : { doc, value: found };
  },
  adapt({ doc, value: { object, pointer, field, config } }, ctx): AdapterOutput {
    const namespace = objectNamespace(object);
    const name = objectName(object);
    const resource = `${object.kind}/${namespace}/${name}`;
    // the reader sees the config under an `llm` place (the resource says it is one), so its pointers start with /llm
    const reading = readConfig({ llm: config }, field, ctx.settings.catalog, llmHostTest(ctx.settings));
    const embedded: EmbeddedAppConfig = {
      key: field,
      text: { syntax: "yaml", value: config, errors: [], locate: (inner) => doc.locate(pointer + inner) },
      reading: { ...reading, entries: reading.entries.map((entry) => rebase(entry, field)) },
      at: (inner, innerPointer) => ({ file: doc.file, line: inner.line, column: inner.column, pointer: pointer + innerPointer }),
    };
    const { routes } = entryRoutes(embedded, `${object.kind} ${namespace}/${name}`, "config", ctx.settings, null);
    const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }, ...namespaceLayers(namespace, ctx)];
    const workload = { kind: object.kind, name, namespace, resource, source: sourceAt(doc, "") };
    const problems: Problem[] =
      routes.length === 0
        ? [{ message: `${resource} ${field} names no endpoint, model or provider this version of Modelgate reads`, source: sourceAt(doc, pointer) }]
        : [];
    return { documents: [classifiedDocument(workload, resolveClassification(layers, doc.file, resource, ctx), { routes, problems })], problems: [] };
  },
};

function rebase<
  T extends {
    pointer: string;
    label: string;
    url: { pointer: string } | null;
    model: { pointer: string } | null;
    provider: { pointer: string } | null;
    keyPointer: string | null;
  },
>(entry: T, field: string): T {
  const strip = (p: string): string => (p.startsWith("/llm") ? p.slice("/llm".length) : p);
  const inner = entry.label.replace(/^llm\.?/, "");
  return {
    ...entry,
    label: inner === "" ? field : `${field}.${inner}`,
    pointer: strip(entry.pointer),
    url: entry.url && { ...entry.url, pointer: strip(entry.url.pointer) },
    model: entry.model && { ...entry.model, pointer: strip(entry.model.pointer) },
    provider: entry.provider && { ...entry.provider, pointer: strip(entry.provider.pointer) },
    keyPointer: entry.keyPointer === null ? null : strip(entry.keyPointer),
  };
}
