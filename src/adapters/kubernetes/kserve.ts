/**
 * KServe `InferenceService` (serving.kserve.io): the predictor's model and storage URIs, read with
 * the storage initializer's semantics, plus the containers of the predictor, transformer and
 * explainer, which are read like any pod's containers.
 */

import type { ModelServer, Route } from "../../model/canonical";
import type { LabelLayer } from "../classification/resolve";
import { joinsKinds } from "../core/scan-index";
import type { Adapter, AdapterContext, AdapterOutput, Claimed } from "../core/types";
import { flagValue } from "./command";
import { analyzeContainer, analyzePodSpec } from "./containers";
import { workloadOutput } from "./document";
import type { EnvVar } from "./env";
import { ProblemSink, toSource, type Loc } from "./location";
import type { ContainerFacts } from "./model-servers";
import { isKubeObject, isRecord, objectNamespace, type KubeObject } from "../core/objects";
import { classifyWeights, isTruthy, modelNameOf, organizationWeights, unknownWeights, type WeightHints } from "./weights";

const COMPONENTS = ["predictor", "transformer", "explainer"] as const;
/** `spec.predictor.model` and the framework-specific predictors of v1beta1. */
const MODEL_SPECS = ["model", "huggingface", "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "pmml", "lightgbm", "paddle"] as const;
const MODEL_ID_FLAGS: ReadonlySet<string> = new Set(["--model-id"]);
const MODEL_REVISION_FLAGS: ReadonlySet<string> = new Set(["--model-revision", "--revision"]);

function hintsOf(facts: ContainerFacts): WeightHints {
  const env = facts.env.vars;
  return {
    revision: flagValue(facts.commands.main.words, MODEL_REVISION_FLAGS)?.value ?? null,
    offline: isTruthy(env.get("HF_HUB_OFFLINE")?.value) || isTruthy(env.get("TRANSFORMERS_OFFLINE")?.value),
    hub: "huggingface",
  };
}

interface StorageRef {
  uri: string;
  at: Loc;
  unresolved: boolean;
  /** A `storage: {key, path}` spec: a bucket the organisation configured in its storage-config Secret. */
  configured?: boolean;
}

function storageRefs(model: Record<string, unknown>, loc: Loc, problems: ProblemSink): StorageRef[] {
  const refs: StorageRef[] = [];
  if (typeof model.storageUri === "string") refs.push({ uri: model.storageUri, at: { doc: loc.doc, pointer: `${loc.pointer}/storageUri` }, unresolved: false });
  const storage = model.storage;
  if (isRecord(storage) && typeof storage.path === "string") {
    const key = typeof storage.key === "string" ? storage.key : "default";
    refs.push({ uri: `${key}:${storage.path}`, at: { doc: loc.doc, pointer: `${loc.pointer}/storage` }, unresolved: false, configured: true });
  }
  const list = model.storageUris;
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) problems.add({ doc: loc.doc, pointer: `${loc.pointer}/storageUris` }, "storageUris is not a list");
    else {
      list.forEach((entry, index) => {
        const at: Loc = { doc: loc.doc, pointer: `${loc.pointer}/storageUris/${index}` };
        if (typeof entry === "string") refs.push({ uri: entry, at, unresolved: false });
        else if (isRecord(entry) && typeof entry.uri === "string")
          refs.push({ uri: entry.uri, at: { doc: at.doc, pointer: `${at.pointer}/uri` }, unresolved: false });
        else problems.add(at, "storageUris entry has no uri");
      });
    }
  }
  return refs;
}

function storageFromEnv(variable: EnvVar): StorageRef {
  return variable.value === null ? { uri: variable.raw, at: variable.at, unresolved: true } : { uri: variable.value, at: variable.at, unresolved: false };
}

function storageServer(id: string, ref: StorageRef, hints: WeightHints, source: Loc, ctx: AdapterContext): ModelServer {
  const at = toSource(ref.at);
  return {
    id,
    kind: "kserve",
    source: toSource(source),
    model: ref.unresolved ? null : modelNameOf(ref.uri),
    weights: ref.unresolved
      ? unknownWeights(ref.uri, hints, at)
      : ref.configured
        ? organizationWeights(ref.uri, "storage-config", hints, at)
        : classifyWeights(ref.uri, hints, at, ctx.settings),
    hostedModels: [],
  };
}

/** Servers of a predictor model spec: one per storage URI, else the `--model_id` the runtime downloads. */
function modelSpecServers(key: string, model: Record<string, unknown>, facts: ContainerFacts, ctx: AdapterContext, problems: ProblemSink): ModelServer[] {
  const hints = hintsOf(facts);
  const base = key === "model" ? "predictor" : `predictor/${key}`;
  const refs = storageRefs(model, facts.loc, problems);
  const fromEnv = facts.env.vars.get("STORAGE_URI");
  if (refs.length === 0 && fromEnv) refs.push(storageFromEnv(fromEnv));
  if (refs.length === 0) {
    const modelId = flagValue(facts.commands.main.words, MODEL_ID_FLAGS);
    if (modelId) refs.push({ uri: modelId.value, at: modelId.word.at, unresolved: false });
  }
  if (refs.length === 0) {
    return [
      { id: base, kind: "kserve", source: toSource(facts.loc), model: null, weights: unknownWeights(null, hints, toSource(facts.loc)), hostedModels: [] },
    ];
  }
  return refs.map((ref, index) => storageServer(index === 0 ? base : `${base}/storageUris/${index}`, ref, hints, facts.loc, ctx));
}

function adaptInferenceService({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const problems = new ProblemSink();
  const namespace = objectNamespace(object);
  const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }];
  const routes: Route[] = [];
  const servers: ModelServer[] = [];
  const spec = object.spec;
  if (spec !== undefined && spec !== null && !isRecord(spec)) problems.add({ doc, pointer: "/spec" }, "InferenceService /spec is not an object");
  for (const name of COMPONENTS) {
    const component = isRecord(spec) ? spec[name] : undefined;
    if (component === undefined || component === null) continue;
    const loc: Loc = { doc, pointer: `/spec/${name}` };
    if (!isRecord(component)) {
      problems.add(loc, `InferenceService /spec/${name} is not an object`);
      continue;
    }
    if (name === "predictor") {
      // KServe components carry their pod's labels and annotations directly
      layers.push({ origin: "pod-template", doc, metadataPointer: loc.pointer, metadata: component });
      for (const key of MODEL_SPECS) {
        const model = component[key];
        if (model === undefined || model === null) continue;
        const modelLoc: Loc = { doc, pointer: `${loc.pointer}/${key}` };
        if (!isRecord(model)) {
          problems.add(modelLoc, `InferenceService ${modelLoc.pointer} is not an object`);
          continue;
        }
        const analysis = analyzeContainer(
          model,
          modelLoc,
          typeof model.name === "string" && model.name !== "" ? model.name : "kserve-container",
          namespace,
          ctx,
          problems,
          true,
        );
        routes.push(...analysis.routes);
        servers.push(...modelSpecServers(key, model, analysis.facts, ctx, problems));
      }
    }
    for (const container of analyzePodSpec(component, loc, namespace, ctx, problems)) {
      routes.push(...container.routes);
      const storage = name === "predictor" ? container.facts.env.vars.get("STORAGE_URI") : undefined;
      if (storage) {
        // a custom predictor: the storage initializer fetches STORAGE_URI into /mnt/models for it
        const server = storageServer(`container/${container.facts.name}`, storageFromEnv(storage), hintsOf(container.facts), container.facts.loc, ctx);
        servers.push(container.server ? { ...container.server, model: server.model, weights: server.weights } : server);
      } else if (container.server) servers.push(container.server);
    }
  }
  return workloadOutput({ doc, object, layers, routes, servers, problems }, ctx);
}

export const kserveAdapter: Adapter<KubeObject> = {
  name: "kserve",
  claim: (doc) =>
    isKubeObject(doc.value) && doc.value.kind === "InferenceService" && doc.value.apiVersion.startsWith("serving.kserve.io/")
      ? { doc, value: doc.value }
      : null,
  adapt: adaptInferenceService,
  // container env from ConfigMaps and Secrets, as for any workload
  joins: joinsKinds("ConfigMap", "Secret"),
};
