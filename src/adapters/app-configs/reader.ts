/**
 * The generic, catalogue-driven reader of application configs: which maps of a config tree name an
 * LLM endpoint, model or provider, read by key name and nesting, with the values resolved through
 * the provider catalogue. A map is an LLM entry when it holds a base URL, a provider or a model
 * AND shows an LLM sign: a catalogue host, a provider the catalogue knows (as a value or as the
 * map's own key), a provider key variable, a model with a catalogue prefix, or an LLM-ish place
 * (under `llm`, `ai`, `models`, `providers`, a provider's name such as `openai`, or a known app shape's
 * section such as LibreChat's `endpoints`). A key called `endpoint`, `url` or `model` in an
 * unrelated config (Grafana datasources, Prometheus remote_write) has no such sign and is left to
 * the residual sweep, which still reports any catalogue reference in it.
 *
 * Known app shapes (./shapes.ts) add their sections as LLM places and their own key names.
 */

import type { CatalogView } from "../core/catalog";
import { isRecord } from "../core/objects";
import { encodePointer } from "../../parse/document";
import { isLikelyUrl } from "../../normalize/endpoint";
import { shapeOf, type AppShape } from "./shapes";

/** One LLM entry of a config: a base URL, provider and/or model, each with the pointer it is written at. */
export interface ConfigEntry {
  /** Pointer of the map the entry is. */
  pointer: string;
  /** `endpoints.custom[0]`, for messages. */
  label: string;
  url: { raw: string; pointer: string } | null;
  model: { raw: string; pointer: string } | null;
  /** A catalogue SDK prefix the entry names (a `provider:` value, its section's name). */
  provider: { prefix: string; pointer: string } | null;
  /** Variables the entry's key is read from (`${MOONSHOT_API_KEY}`), as written. */
  keyRefs: string[];
  /** Where the key is, when the entry has one. */
  keyPointer: string | null;
}

export interface ConfigReading {
  shape: AppShape | null;
  entries: ConfigEntry[];
}

/** Key names (lowercase, `_`/`-` removed) that hold a base URL. Strong ones say so in any config. */
const STRONG_URL_KEYS: readonly string[] = [
  "baseurl",
  "apibase",
  "apiurl",
  "apibaseurl",
  "apiendpoint",
  "apihost",
  "openaibaseurl",
  "openaiapibase",
  "openaiapibaseurl",
  "llmurl",
  "llmbaseurl",
  "reverseproxyurl",
];
/** Generic names: an endpoint of an LLM only with another sign. */
const WEAK_URL_KEYS: readonly string[] = ["endpoint", "url", "api", "host", "server", "serverurl", "address"];
const MODEL_KEYS: readonly string[] = ["model", "modelname", "modelid", "defaultmodel", "chatmodel", "llmmodel"];
const PROVIDER_KEYS: readonly string[] = ["provider", "providername", "llmprovider", "aiprovider"];
const KEY_KEYS: readonly string[] = ["apikey", "apitoken", "openaiapikey", "llmapikey"];
/** Keys whose maps (and everything below) are LLM places. */
const LLM_PLACE_WORDS: ReadonlySet<string> = new Set([
  "llm",
  "llms",
  "ai",
  "genai",
  "models",
  "model",
  "providers",
  "modelproviders",
  "llmproviders",
  "chat",
  "completion",
  "completions",
  "embedding",
  "embeddings",
  "inference",
  "assistant",
  "assistants",
]);

const MAX_DEPTH = 16;
const MAX_ENTRIES = 256;
/** `${VAR}`, `$${VAR}` (Flux's escape), `$VAR`, `{env:VAR}`, `os.environ/VAR`, Continue's `${{ secrets.VAR }}`, OpenHands' `ENV_VAR:VAR`. */
const REFERENCE =
  /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\$?\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|\{env:([A-Za-z_][A-Za-z0-9_]*)\}|^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$|^ENV_VAR:([A-Za-z_][A-Za-z0-9_]*)$/g;
/** A URL of another protocol (postgres://, redis://, s3://) is never an LLM endpoint. */
const OTHER_SCHEME = /^\s*(?!(?:https?|wss?):)[a-z][a-z0-9+.-]*:\/\//i;

function normalKey(key: string): string {
  return key.toLowerCase().replace(/[_\-\s.]/g, "");
}

/** The variables a value reads (`${MOONSHOT_API_KEY}` → MOONSHOT_API_KEY). */
export function referencedVars(raw: string): string[] {
  const out: string[] = [];
  for (const match of raw.matchAll(REFERENCE)) {
    const name = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? match[6];
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The catalogue SDK prefix a provider name stands for (`Moonshot`, `together_ai`, `DEEPSEEK`, `Together AI`), or null. */
export function providerPrefix(raw: string, catalog: CatalogView, llmPlace = false): string | null {
  const lower = raw.trim().toLowerCase();
  if (lower === "" || lower.length > 64) return null;
  for (const candidate of [lower, lower.replace(/[\s-]+/g, "_"), lower.replace(/[\s_-]+/g, "")]) {
    if (!catalog.sdkPrefixes.has(candidate)) continue;
    // a local or generic server type (ollama, lm_studio, custom_openai) names an LLM API; a cloud
    // (azure, bedrock) or a prefix with no operator (github) also names other services
    const operator = catalog.operatorOfPrefix(candidate);
    if (operator === null ? catalog.genericPrefixes.has(candidate) : llmPlace || operator.kind !== "cloud") return candidate;
  }
  return null;
}

function firstString(record: Record<string, unknown>, keys: Map<string, string>, names: readonly string[]): { key: string; value: string } | null {
  for (const name of names) {
    const original = keys.get(name);
    if (original === undefined) continue;
    const value = record[original];
    if (typeof value === "string" && value.trim() !== "") return { key: original, value };
  }
  return null;
}

function labelOf(segments: readonly string[]): string {
  return segments.reduce((out, seg) => (/^\d+$/.test(seg) ? `${out}[${seg}]` : out === "" ? seg : `${out}.${seg}`), "") || "(top level)";
}

function isUrlValue(raw: string): boolean {
  return !OTHER_SCHEME.test(raw) && (isLikelyUrl(raw) || referencedVars(raw).length > 0);
}

/**
 * The model a map names: its model key, else the first entry of a `models` list or of
 * `models.default` (LibreChat), as written.
 */
function modelOf(record: Record<string, unknown>, keys: Map<string, string>, pointer: string): ConfigEntry["model"] {
  const direct = firstString(record, keys, MODEL_KEYS);
  if (direct !== null) return { raw: direct.value, pointer: pointer + encodePointer([direct.key]) };
  const modelsKey = keys.get("models");
  if (modelsKey === undefined) return null;
  const models = record[modelsKey];
  const list = Array.isArray(models)
    ? { items: models, at: [modelsKey] }
    : isRecord(models) && Array.isArray(models.default)
      ? { items: models.default, at: [modelsKey, "default"] }
      : null;
  if (list === null) return null;
  const index = list.items.findIndex((item) => typeof item === "string" && item.trim() !== "");
  return index === -1 ? null : { raw: list.items[index] as string, pointer: pointer + encodePointer([...list.at, index]) };
}

/** The LLM entries of a config tree. `name` is the file or data key the config is read from (shapes recognise some by it). */
export function readConfig(root: unknown, name: string, catalog: CatalogView, isLlmHost: (raw: string) => boolean): ConfigReading {
  const shape = shapeOf(root, name);
  const entries: ConfigEntry[] = [];
  const places = new Set(shape?.places ?? []);

  const visit = (node: unknown, segments: string[], llmPlace: boolean, depth: number): void => {
    if (depth > MAX_DEPTH || entries.length >= MAX_ENTRIES) return;
    const pointer = encodePointer(segments);
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...segments, String(i)], llmPlace, depth + 1));
      return;
    }
    if (!isRecord(node)) return;
    const ownKey = segments.at(-1) ?? "";
    const ownPrefix = /^\d+$/.test(ownKey) ? null : providerPrefix(ownKey, catalog, llmPlace || places.has(pointer));
    const place = llmPlace || places.has(pointer) || LLM_PLACE_WORDS.has(normalKey(ownKey)) || ownPrefix !== null;
    const keys = new Map<string, string>();
    for (const key of Object.keys(node)) if (!keys.has(normalKey(key))) keys.set(normalKey(key), key);

    const strong = firstString(node, keys, STRONG_URL_KEYS);
    const weak = strong === null ? firstString(node, keys, WEAK_URL_KEYS) : null;
    const urlFound = strong ?? weak;
    const url = urlFound !== null && isUrlValue(urlFound.value) ? { raw: urlFound.value, pointer: pointer + encodePointer([urlFound.key]) } : null;
    const model = modelOf(node, keys, pointer);
    const providerValue = firstString(node, keys, PROVIDER_KEYS);
    const valuePrefix = providerValue !== null ? providerPrefix(providerValue.value, catalog, place) : null;
    // a LibreChat custom endpoint's `name` names its provider only when nothing else does
    const nameValue = shape?.nameIsProvider === true ? firstString(node, keys, ["name"]) : null;
    const namePrefix = nameValue !== null ? providerPrefix(nameValue.value, catalog, place) : null;
    let provider: ConfigEntry["provider"] = null;
    if (valuePrefix !== null) provider = { prefix: valuePrefix, pointer: pointer + encodePointer([providerValue!.key]) };
    else if (ownPrefix !== null) provider = { prefix: ownPrefix, pointer };
    else if (namePrefix !== null) provider = { prefix: namePrefix, pointer: pointer + encodePointer([nameValue!.key]) };
    const key = firstString(node, keys, KEY_KEYS);
    const keyRefs = key !== null ? referencedVars(key.value) : [];
    const keyVarKnown = keyRefs.some((ref) => catalog.keyVars.has(ref));
    const modelPrefix = model !== null ? modelPrefixOf(model.raw, catalog) : null;

    const llmHost = url !== null && isLlmHost(url.raw);
    const sign = llmHost || provider !== null || keyVarKnown || modelPrefix !== null || place || (strong !== null && model !== null);
    let isEntry = false;
    if (url !== null) isEntry = sign && (strong !== null || llmHost || provider !== null || keyVarKnown || (place && (model !== null || key !== null)));
    else if (provider !== null) isEntry = key !== null || model !== null;
    else if (modelPrefix !== null) isEntry = !definesProvider(root, shape, model!.raw);
    if (isEntry) {
      entries.push({
        pointer,
        label: labelOf(segments),
        url,
        model,
        provider,
        keyRefs,
        keyPointer: key !== null ? pointer + encodePointer([key.key]) : null,
      });
    }
    for (const [childKey, child] of Object.entries(node)) {
      if (typeof child === "object" && child !== null) visit(child, [...segments, childKey], place, depth + 1);
    }
  };
  visit(root, [], false, 0);
  return { shape, entries };
}

/** Whether `<id>/<model>` names a provider the config defines itself (its entry is read where it is defined). */
function definesProvider(root: unknown, shape: AppShape | null, model: string): boolean {
  if (shape?.providersAt === undefined || !isRecord(root)) return false;
  const providers = root[shape.providersAt];
  const id = model.slice(0, model.indexOf("/"));
  return isRecord(providers) && id !== "" && isRecord(providers[id]);
}

/** The catalogue prefix of a model written `prefix/model` (`deepseek/deepseek-chat`), or null. */
function modelPrefixOf(raw: string, catalog: CatalogView): string | null {
  const slash = raw.indexOf("/");
  if (slash <= 0) return null;
  const prefix = raw.slice(0, slash).trim().toLowerCase();
  return catalog.sdkPrefixes.has(prefix) && !catalog.genericPrefixes.has(prefix) ? prefix : null;
}
