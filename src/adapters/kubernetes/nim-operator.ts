/**
 * NVIDIA NIM Operator (github.com/NVIDIA/k8s-nim-operator, apps.nvidia.com/v1alpha1):
 *   - `NIMService` runs a NIM container from `spec.image` (`repository` + `tag`, a digest as
 *     `tag: sha256:...` or `repository@sha256:...`); the model is the image's (`nim/meta/x` is
 *     meta/x) unless `NIM_MODEL_NAME` in `spec.env` names one (the multi-LLM NIM);
 *   - its weights come from the `NIMCache` named by `spec.storage.nimCache.name` when there is one,
 *     else the NIM downloads them from NGC at start, as the image's manifest says;
 *   - a `NIMCache` fetches the weights once into a PVC from `spec.source`: `ngc.modelPuller` (an
 *     NGC image: its digest pins the weights only with the profiles it caches named in
 *     `ngc.model.profiles`, else the profile is chosen when the cache job runs), `hf` (a Hugging Face repo `namespace/modelName` at `revision`,
 *     from `endpoint`) or `dataStore` (a NeMo Data Store the organisation runs, at `endpoint`).
 * A NIMCache no NIMService of the scan uses is its own workload, so its source is still checked.
 * A referenced NIMCache missing from the scan leaves the weights unknown: reported, not assumed.
 */

import type { ModelServer, Problem, SourceLocation, WeightSource } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type AdapterSettings, type Claimed } from "../core/types";
import { serverResourceDocument } from "./server-document";
import { classifyWeights, modelNameOf, NO_HINTS, parseImage, unknownWeights, type WeightHints } from "./weights";

const GROUP = "apps.nvidia.com/";
const SHA256 = /^sha256:[0-9a-f]{64}$/i;

function isNimObject(value: unknown, kind: string): value is KubeObject {
  return isKubeObject(value) && value.apiVersion.startsWith(GROUP) && value.kind === kind;
}

function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

interface ImageFacts {
  ref: string;
  /** The model the image serves (`nim/meta/llama-3.1-8b-instruct` → meta/llama-3.1-8b-instruct). */
  model: string | null;
  revision: string | null;
  pinned: boolean;
}

function imageFacts(reference: string): ImageFacts {
  const image = parseImage(reference);
  const digest = image.digest !== null && SHA256.test(image.digest) ? image.digest : null;
  const model = image.path.startsWith("nim/") ? image.path.slice("nim/".length) : null;
  return { ref: reference, model, revision: digest ?? image.tag, pinned: digest !== null };
}

/** `spec.image` of a NIMService: repository with a tag, or a digest in either field. */
function serviceImage(spec: Record<string, unknown>): ImageFacts | null {
  const image = isRecord(spec.image) ? spec.image : {};
  const repository = text(image.repository);
  if (repository === null) return null;
  const tag = text(image.tag);
  if (tag === null || repository.includes("@")) return imageFacts(repository);
  return imageFacts(SHA256.test(tag) ? `${repository}@${tag}` : `${repository}:${tag}`);
}

/**
 * NGC weights fetched by a NIM image: its digest pins the server, not the weights, unless the
 * profiles it fetches are named (a NIMCache's `ngc.model.profiles`); a tag can move.
 */
function ngcWeights(facts: ImageFacts, at: SourceLocation, profiles: readonly string[] = []): WeightSource {
  const named = profiles.length > 0 && !profiles.some((p) => p.toLowerCase() === "all");
  const pin: WeightSource["pin"] = facts.pinned ? (named ? "pinned" : "unverifiable") : "unpinned";
  const pinReason: WeightSource["pinReason"] = facts.pinned ? (named ? "digest" : "serving-image") : facts.revision !== null ? "image-tag" : "no-revision";
  return { ref: facts.ref, origin: "hub", hub: "ngc", revision: facts.revision, pin, pinReason, offline: false, source: at };
}

function profilesOf(ngc: Record<string, unknown>): string[] {
  const model = isRecord(ngc.model) ? ngc.model : {};
  return Array.isArray(model.profiles) ? model.profiles.filter((p): p is string => typeof p === "string" && p.trim() !== "") : [];
}

function envValue(spec: Record<string, unknown>, name: string): { value: string; pointer: string } | null {
  if (!Array.isArray(spec.env)) return null;
  for (let i = 0; i < spec.env.length; i++) {
    const entry: unknown = spec.env[i];
    if (isRecord(entry) && entry.name === name && text(entry.value) !== null) return { value: text(entry.value)!, pointer: `/spec/env/${i}/value` };
  }
  return null;
}

interface CacheReading {
  model: string | null;
  weights: WeightSource;
  problems: Problem[];
}

/** Where a NIMCache fetches its weights from, read from `spec.source`. */
function readCache(doc: ParsedDocument, cache: KubeObject, settings: AdapterSettings): CacheReading {
  const spec = isRecord(cache.spec) ? cache.spec : {};
  const source = isRecord(spec.source) ? spec.source : {};
  const sourceAtPointer = (pointer: string): SourceLocation => sourceAt(doc, pointer);
  if (isRecord(source.ngc)) {
    const puller = text(source.ngc.modelPuller);
    if (puller !== null) {
      const facts = imageFacts(puller);
      return { model: facts.model, weights: ngcWeights(facts, sourceAtPointer("/spec/source/ngc/modelPuller"), profilesOf(source.ngc)), problems: [] };
    }
  }
  for (const key of ["hf", "dataStore"] as const) {
    const hub = source[key];
    if (!isRecord(hub)) continue;
    const pointer = `/spec/source/${key}`;
    const namespace = text(hub.namespace);
    const name = text(hub.modelName) ?? text(hub.datasetName);
    const hints: WeightHints = { ...NO_HINTS, revision: text(hub.revision) };
    if (name === null) {
      return {
        model: null,
        weights: unknownWeights(null, hints, sourceAtPointer(pointer)),
        problems: [
          {
            message: `NIMCache ${objectName(cache)} names no model in spec.source.${key}: the weights it fetches are unknown`,
            source: sourceAtPointer(pointer),
          },
        ],
      };
    }
    const repo = namespace === null ? name : `${namespace}/${name}`;
    const endpoint = text(hub.endpoint);
    const at = sourceAtPointer(`${pointer}/${hub.modelName !== undefined ? "modelName" : "datasetName"}`);
    let host: string | null = null;
    try {
      host = endpoint === null ? null : new URL(endpoint).hostname.toLowerCase();
    } catch {
      host = null;
    }
    // the Hugging Face hub itself is a hub repo; any other endpoint (a Data Store, a mirror) is read as the URL it is
    const onHub = key === "hf" && (endpoint === null || (host !== null && settings.catalog.weightHubOfHost(host) === "huggingface"));
    const ref = onHub ? `hf://${repo}` : `${endpoint ?? ""}/${repo}`;
    const weights = endpoint === null && !onHub ? unknownWeights(ref, hints, at) : classifyWeights(ref, hints, at, settings);
    return { model: repo, weights, problems: [] };
  }
  const at = sourceAtPointer(isRecord(spec.source) ? "/spec/source" : "/spec");
  return {
    model: null,
    weights: unknownWeights(null, NO_HINTS, at),
    problems: [
      {
        message: `NIMCache ${objectName(cache)} has no source this version of Modelgate reads (ngc.modelPuller, hf, dataStore): the weights it fetches are unknown`,
        source: at,
      },
    ],
  };
}

function nimCacheName(spec: Record<string, unknown>): string | null {
  const storage = isRecord(spec.storage) ? spec.storage : {};
  return isRecord(storage.nimCache) ? text(storage.nimCache.name) : null;
}

function adaptService(doc: ParsedDocument, service: KubeObject, ctx: AdapterContext): AdapterOutput {
  const spec = isRecord(service.spec) ? service.spec : {};
  const namespace = objectNamespace(service);
  const problems: Problem[] = [];
  const image = serviceImage(spec);
  const imageAt = sourceAt(doc, "/spec/image/repository");
  if (image === null)
    problems.push({ message: `NIMService ${objectName(service)} has no spec.image.repository: the NIM it runs is unknown`, source: sourceAt(doc, "/spec") });
  const named = envValue(spec, "NIM_MODEL_NAME");
  // NIM_MODEL_NAME as a path only says where the NIM finds the cache: the model is the cache's or the image's
  const namedModel = named !== null && !named.value.startsWith("/") ? modelNameOf(named.value) : null;
  let model = namedModel;
  let weights: WeightSource;
  const cacheName = nimCacheName(spec);
  if (cacheName !== null) {
    const cache = ctx.index
      .objectsOfKind("NIMCache")
      .find((entry) => isNimObject(entry.object, "NIMCache") && objectName(entry.object) === cacheName && objectNamespace(entry.object) === namespace);
    const cacheAt = sourceAt(doc, "/spec/storage/nimCache/name");
    if (cache === undefined) {
      // as for a ConfigMap not in the scan: the fact stays unknown and the self-hosting rules report it
      weights = unknownWeights(`NIMCache/${namespace}/${cacheName}`, NO_HINTS, cacheAt);
    } else {
      const reading = readCache(cache.doc, cache.object, ctx.settings);
      weights = reading.weights;
      model ??= reading.model ?? image?.model ?? null;
      problems.push(...reading.problems);
    }
  } else if (named?.value.includes("://") === true) {
    weights = classifyWeights(named.value, NO_HINTS, sourceAt(doc, named.pointer), ctx.settings);
  } else if (image !== null) {
    weights = ngcWeights(image, imageAt);
  } else {
    weights = unknownWeights(null, NO_HINTS, sourceAt(doc, "/spec"));
  }
  model ??= image?.model ?? null;
  const server: ModelServer = {
    id: `NIMService/${objectName(service)}`,
    kind: "nim",
    source: image !== null ? imageAt : sourceAt(doc, "/spec"),
    model,
    weights,
    hostedModels: [],
  };
  return serverResourceDocument(doc, service, [server], problems, ctx);
}

function adaptCache(doc: ParsedDocument, cache: KubeObject, ctx: AdapterContext): AdapterOutput {
  const namespace = objectNamespace(cache);
  const name = objectName(cache);
  // the NIMService that serves this cache reports its weights; reporting them here too would count them twice
  const served = ctx.index.objectsOfKind("NIMService").some((entry) => {
    const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
    return isNimObject(entry.object, "NIMService") && objectNamespace(entry.object) === namespace && nimCacheName(spec) === name;
  });
  if (served) return { documents: [], problems: [] };
  const reading = readCache(doc, cache, ctx.settings);
  const server: ModelServer = {
    id: `NIMCache/${name}`,
    kind: "nim",
    source: reading.weights.source,
    model: reading.model,
    weights: reading.weights,
    hostedModels: [],
  };
  return serverResourceDocument(doc, cache, [server], reading.problems, ctx);
}

export const nimOperatorAdapter: Adapter<KubeObject> = {
  name: "nim-operator",
  claim: (doc) => (isNimObject(doc.value, "NIMService") || isNimObject(doc.value, "NIMCache") ? { doc, value: doc.value } : null),
  adapt: ({ doc, value }: Claimed<KubeObject>, ctx) => (value.kind === "NIMService" ? adaptService(doc, value, ctx) : adaptCache(doc, value, ctx)),
  // a NIMService reads the NIMCache it serves, and a NIMCache looks for the NIMService serving it
  joins: (value) => isNimObject(value, "NIMCache") || isNimObject(value, "NIMService"),
};
