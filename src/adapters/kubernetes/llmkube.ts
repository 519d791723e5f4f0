/**
 * LLMKube (github.com/defilantech/LLMKube, inference.llmkube.dev/v1alpha1), as GitOps repositories
 * declare self-hosted models with it:
 *   - a `Model` says where the weights come from: `spec.source` is an http(s) URL (a Hugging Face
 *     `resolve/<revision>/<file>` link), `hf://org/repo[@revision]` (no revision: `main`), `s3://`,
 *     `pvc://`, `file://` or a local path, with `spec.files` picking files out of a repository
 *     prefix; `spec.sha256` makes the controller verify the file it fetched, which pins it;
 *   - an `InferenceService` serves the `Model` named by `spec.modelRef` in its namespace with the
 *     runtime `spec.runtime` (llama.cpp by default; vLLM, TGI, SGLang, generic) and downloads the
 *     weights when its pod starts (into `modelCache` when set), unless the Model was prefetched.
 * A Model no InferenceService of the scan serves is its own workload, so its source is still
 * checked; a referenced Model missing from the scan leaves the weights unknown: reported, not assumed.
 */

import type { ModelServer, Problem, SourceLocation, WeightSource } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { isKubeObject, isRecord, objectName, objectNamespace, type KubeObject } from "../core/objects";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type AdapterSettings, type Claimed } from "../core/types";
import { serverResourceDocument } from "./server-document";
import { classifyWeights, modelNameOf, NO_HINTS, unknownWeights } from "./weights";

const GROUP = "inference.llmkube.dev/";
const SHA256 = /^[0-9a-f]{64}$/i;

/** LLMKube runtimes as the server kinds the rules name; llama.cpp in router mode is still llama.cpp. */
const RUNTIME_KINDS: Readonly<Record<string, ModelServer["kind"]>> = {
  llamacpp: "llamacpp",
  "llamacpp-router": "llamacpp",
  vllm: "vllm",
  tgi: "tgi",
  sglang: "sglang",
};

function isLlmkubeObject(value: unknown, kind: string): value is KubeObject {
  return isKubeObject(value) && value.apiVersion.startsWith(GROUP) && value.kind === kind;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function specOf(object: KubeObject): Record<string, unknown> {
  return isRecord(object.spec) ? object.spec : {};
}

interface ModelReading {
  model: string | null;
  weights: WeightSource;
  problems: Problem[];
}

/**
 * `hf://org/repo@rev` names its revision after `@` (the controller resolves it to
 * `https://huggingface.co/org/repo/resolve/<rev>/`); the shared reader takes it as a hint.
 */
function hubSource(source: string): { ref: string; revision: string | null } {
  if (!source.toLowerCase().startsWith("hf://")) return { ref: source, revision: null };
  const at = source.indexOf("@");
  return at === -1 ? { ref: source, revision: null } : { ref: source.slice(0, at), revision: source.slice(at + 1) || null };
}

/** The repository a hub URL points into (`https://huggingface.co/org/repo/resolve/main/x.gguf` → org/repo). */
function repoOf(ref: string, weights: WeightSource): string {
  if (weights.hub === null || !/^https?:\/\//i.test(ref)) return modelNameOf(ref);
  const [org, repo] = new URL(ref).pathname.split("/").filter((part) => part !== "");
  return org !== undefined && repo !== undefined ? `${org}/${repo}` : ref;
}

function readModel(doc: ParsedDocument, model: KubeObject, settings: AdapterSettings): ModelReading {
  const spec = specOf(model);
  const source = text(spec.source);
  const at = (pointer: string): SourceLocation => sourceAt(doc, pointer);
  if (source === null) {
    return {
      model: null,
      weights: unknownWeights(null, NO_HINTS, at("/spec")),
      problems: [{ message: `LLMKube Model ${objectName(model)} has no spec.source: the weights it serves are unknown`, source: at("/spec") }],
    };
  }
  const { ref, revision } = hubSource(source);
  const weights = classifyWeights(ref, { ...NO_HINTS, revision }, at("/spec/source"), settings);
  const checksum = text(spec.sha256);
  // the controller refuses a file whose SHA-256 differs: the bytes are pinned wherever they come from
  const verified: WeightSource =
    checksum !== null && SHA256.test(checksum) && weights.pin !== "pinned"
      ? { ...weights, ref: source, revision: `sha256:${checksum.toLowerCase()}`, pin: "pinned", pinReason: "digest" }
      : { ...weights, ref: source };
  return { model: repoOf(ref, weights), weights: verified, problems: [] };
}

function adaptService(doc: ParsedDocument, service: KubeObject, ctx: AdapterContext): AdapterOutput {
  const spec = specOf(service);
  const namespace = objectNamespace(service);
  const runtime = text(spec.runtime) ?? "llamacpp";
  const kind = RUNTIME_KINDS[runtime] ?? "llmkube";
  const modelRef = text(spec.modelRef);
  const problems: Problem[] = [];
  let reading: ModelReading;
  if (modelRef === null) {
    const at = sourceAt(doc, "/spec");
    reading = { model: null, weights: unknownWeights(null, NO_HINTS, at), problems: [] };
    problems.push({ message: `LLMKube InferenceService ${objectName(service)} names no spec.modelRef: the model it serves is unknown`, source: at });
  } else {
    const entry = ctx.index
      .objectsOfKind("Model")
      .find(
        (candidate) =>
          isLlmkubeObject(candidate.object, "Model") && objectName(candidate.object) === modelRef && objectNamespace(candidate.object) === namespace,
      );
    // as for a ConfigMap not in the scan: the fact stays unknown and the self-hosting rules report it
    reading =
      entry === undefined
        ? { model: null, weights: unknownWeights(`Model/${namespace}/${modelRef}`, NO_HINTS, sourceAt(doc, "/spec/modelRef")), problems: [] }
        : readModel(entry.doc, entry.object, ctx.settings);
  }
  problems.push(...reading.problems);
  const server: ModelServer = {
    id: `InferenceService/${objectName(service)}`,
    kind,
    source: sourceAt(doc, modelRef === null ? "/spec" : "/spec/modelRef"),
    model: reading.model,
    weights: reading.weights,
    hostedModels: [],
  };
  return serverResourceDocument(doc, service, [server], problems, ctx);
}

function servedBy(model: KubeObject, ctx: AdapterContext): boolean {
  const namespace = objectNamespace(model);
  const name = objectName(model);
  return ctx.index
    .objectsOfKind("InferenceService")
    .some(
      (entry) =>
        isLlmkubeObject(entry.object, "InferenceService") && objectNamespace(entry.object) === namespace && text(specOf(entry.object).modelRef) === name,
    );
}

function adaptModel(doc: ParsedDocument, model: KubeObject, ctx: AdapterContext): AdapterOutput {
  // the InferenceService serving this Model reports its weights; reporting them here too would count them twice
  if (servedBy(model, ctx)) return { documents: [], problems: [] };
  const reading = readModel(doc, model, ctx.settings);
  const server: ModelServer = {
    id: `Model/${objectName(model)}`,
    kind: "llmkube",
    source: reading.weights.source,
    model: reading.model,
    weights: reading.weights,
    hostedModels: [],
  };
  return serverResourceDocument(doc, model, [server], reading.problems, ctx);
}

export const llmkubeAdapter: Adapter<KubeObject> = {
  name: "llmkube",
  claim: (doc) => (isLlmkubeObject(doc.value, "InferenceService") || isLlmkubeObject(doc.value, "Model") ? { doc, value: doc.value } : null),
  adapt: ({ doc, value }: Claimed<KubeObject>, ctx) => (value.kind === "InferenceService" ? adaptService(doc, value, ctx) : adaptModel(doc, value, ctx)),
  // an InferenceService reads the Model it serves, and a Model looks for the InferenceService serving it
  joins: (value) => isLlmkubeObject(value, "Model") || isLlmkubeObject(value, "InferenceService"),
};
