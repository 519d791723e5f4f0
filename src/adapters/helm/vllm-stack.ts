/**
 * vLLM production-stack Helm values (github.com/vllm-project/production-stack, helm/values.yaml),
 * read directly so a chart's values are checked before anything is rendered. Each enabled
 * `servingEngineSpec.modelSpec[]` is a vLLM server whose chart template runs
 * `vllm serve <modelURL> [--revision <modelRevision>] <vllmConfig.extraArgs...>`:
 *   - `modelURL` is the weight reference (a hub repo id is pulled at start-up, a path is local);
 *   - the revision is `modelRevision`, else a `--revision` in `vllmConfig.extraArgs`;
 *   - `env[]` `HF_HUB_OFFLINE` / `TRANSFORMERS_OFFLINE` keep the server off the hub,
 *     `VLLM_USE_MODELSCOPE` makes a bare repo id a ModelScope one;
 *   - `pvcStorage` only caches the download (HF_HOME on the volume): it does not change where
 *     the weights come from.
 * The values may sit at the top level or under one parent key (an umbrella chart's subchart key).
 * The workload is `VLLMProductionStack/<file>`; classification from WorkloadClassification documents.
 */

import type { ModelServer, Problem } from "../../model/canonical";
import { encodePointer } from "../../parse/document";
import { valuesFileDocument } from "./values-workload";
import { classifyWeights, isTruthy, unknownWeights, type WeightHints } from "../kubernetes/weights";
import { isKubeObject, isRecord } from "../core/objects";
import { claimWhen, sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";

export const VLLM_STACK_KIND = "VLLMProductionStack";

/** The pointer of the object holding `servingEngineSpec` (top level or one key down), or null. */
interface StackRoot {
  pointer: string;
  values: Record<string, unknown>;
}

function stackRoot(value: unknown): StackRoot | null {
  if (!isRecord(value) || isKubeObject(value)) return null;
  const holds = (candidate: unknown): candidate is Record<string, unknown> =>
    isRecord(candidate) && isRecord(candidate.servingEngineSpec) && Array.isArray(candidate.servingEngineSpec.modelSpec);
  if (holds(value)) return { pointer: "", values: value };
  for (const [key, child] of Object.entries(value)) {
    if (holds(child)) return { pointer: encodePointer([key]), values: child };
  }
  return null;
}

function envMap(list: unknown): Map<string, string> {
  const env = new Map<string, string>();
  if (!Array.isArray(list)) return env;
  for (const entry of list) {
    if (
      isRecord(entry) &&
      typeof entry.name === "string" &&
      (typeof entry.value === "string" || typeof entry.value === "number" || typeof entry.value === "boolean")
    ) {
      env.set(entry.name, String(entry.value));
    }
  }
  return env;
}

/** `--revision X` or `--revision=X` in a list of extra arguments. */
function revisionArg(args: unknown): string | null {
  if (!Array.isArray(args)) return null;
  for (let i = 0; i < args.length; i++) {
    const arg = String(args[i]);
    if (arg === "--revision" && i + 1 < args.length) return String(args[i + 1]);
    if (arg.startsWith("--revision=")) return arg.slice("--revision=".length);
  }
  return null;
}

function adaptStack({ doc, value: root }: Claimed<StackRoot>, ctx: AdapterContext): AdapterOutput {
  const specs = (root.values.servingEngineSpec as Record<string, unknown>).modelSpec as unknown[];
  const base = `${root.pointer}/servingEngineSpec/modelSpec`;
  const servers: ModelServer[] = [];
  const problems: Problem[] = [];
  specs.forEach((spec, i) => {
    const pointer = `${base}/${i}`;
    if (!isRecord(spec)) {
      problems.push({ message: `servingEngineSpec.modelSpec[${i}] must be a map`, source: sourceAt(doc, pointer) });
      return;
    }
    if (spec.enabled === false || spec.enabled === "false") return;
    const name = typeof spec.name === "string" && spec.name !== "" ? spec.name : `modelSpec[${i}]`;
    const vllmConfig = isRecord(spec.vllmConfig) ? spec.vllmConfig : {};
    const env = envMap(spec.env);
    const revision = typeof spec.modelRevision === "string" && spec.modelRevision.trim() !== "" ? spec.modelRevision.trim() : revisionArg(vllmConfig.extraArgs);
    const hints: WeightHints = {
      revision,
      offline: isTruthy(env.get("HF_HUB_OFFLINE")) || isTruthy(env.get("TRANSFORMERS_OFFLINE")),
      hub: isTruthy(env.get("VLLM_USE_MODELSCOPE")) ? "modelscope" : "huggingface",
    };
    const modelURL = spec.modelURL;
    let weights;
    if (typeof modelURL === "string" && modelURL.trim() !== "") {
      weights = classifyWeights(modelURL, hints, sourceAt(doc, `${pointer}/modelURL`), ctx.settings);
    } else {
      problems.push({ message: `servingEngineSpec.modelSpec[${i}] (${name}) has no modelURL: the model it serves is unknown`, source: sourceAt(doc, pointer) });
      weights = unknownWeights(null, hints, sourceAt(doc, pointer));
    }
    servers.push({
      id: `modelSpec/${name}`,
      kind: "vllm",
      // findings about the weights point at the model reference itself
      source: sourceAt(doc, typeof modelURL === "string" && modelURL.trim() !== "" ? `${pointer}/modelURL` : pointer),
      model: typeof modelURL === "string" && modelURL.trim() !== "" ? modelURL.trim() : null,
      weights,
      hostedModels: [],
    });
  });
  if (servers.length === 0) return { documents: [], problems };
  return {
    documents: [valuesFileDocument(VLLM_STACK_KIND, doc, root.pointer, ctx, { servers, problems })],
    problems: [],
  };
}

export const vllmStackValuesAdapter: Adapter<StackRoot> = {
  name: "vllm-production-stack-values",
  claim: (doc) => claimWhen(doc, stackRoot(doc.value)),
  adapt: adaptStack,
};
