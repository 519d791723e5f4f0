/**
 * Recognises containers that serve model weights (vLLM, TGI, SGLang, Ollama, NVIDIA NIM,
 * llama.cpp) from their command, image, arguments and environment, and reads where the weights
 * come from and how they are pinned.
 */

import type { ModelServer, ModelServerKind, SourceLocation, WeightSource } from "../../model/canonical";
import type { AdapterSettings } from "../core/types";
import { basename, flagValue, type CommandLine, type ContainerCommands, type FlagValue, type Word } from "./command";
import type { ContainerEnv, EnvVar } from "./env";
import { toSource, type Loc } from "./location";
import {
  classifyWeights,
  isOllamaCloudTag,
  isTruthy,
  modelNameOf,
  ollamaWeights,
  parseImage,
  unknownWeights,
  type ImageRef,
  type WeightHints,
} from "./weights";

/** What the analysis of one container needs to know about it. */
export interface ContainerFacts {
  name: string;
  loc: Loc;
  image: { text: string; at: Loc } | null;
  env: ContainerEnv;
  commands: ContainerCommands;
  /** The container's `volumeMounts`, to say which volume a file read at run time is in. */
  mounts?: readonly VolumeMount[];
  /** The text of a file in a mounted ConfigMap or Secret of the scan; null when no mount holds the path. */
  readFile?: (path: string) => MountedFile | null;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
}

export interface MountedFile {
  /** The file's text, or null when it cannot be known before deploy. */
  value: string | null;
  /** Why value is null. */
  reason: string;
  /** "ConfigMap ns/x key url", or the volume when the object is unknown. */
  from: string;
}

interface Evidence {
  value: string;
  at: Loc;
  /** The value cannot be known before deploy (a Secret not in the scan, `$(VAR)` left unexpanded). */
  unresolved: boolean;
}

const VLLM_MODEL_FLAGS: ReadonlySet<string> = new Set(["--model"]);
const SGLANG_MODEL_FLAGS: ReadonlySet<string> = new Set(["--model-path", "--model"]);
const TGI_MODEL_FLAGS: ReadonlySet<string> = new Set(["--model-id"]);
const REVISION_FLAGS: ReadonlySet<string> = new Set(["--revision"]);
const CODE_REVISION_FLAGS: ReadonlySet<string> = new Set(["--code-revision"]);
const LLAMACPP_HF_FLAGS: ReadonlySet<string> = new Set(["-hf", "-hfr", "--hf-repo"]);
const LLAMACPP_MODEL_FLAGS: ReadonlySet<string> = new Set(["-m", "--model"]);
const LLAMACPP_URL_FLAGS: ReadonlySet<string> = new Set(["-mu", "--model-url"]);
const OLLAMA_MODEL_COMMANDS: ReadonlySet<string> = new Set(["pull", "run"]);
const OLLAMA_MODEL_VARS: readonly string[] = ["OLLAMA_MODEL", "MODEL", "MODEL_NAME", "MODELS"];
const LIST_SEPARATOR = /[\s,]+/;
const UNEXPANDED = /\$\(|\$\{|\$[A-Za-z_]/;

function fromFlag(found: FlagValue | null): Evidence | null {
  if (found === null) return null;
  const word = found.word;
  return {
    value: found.value,
    at: word.variable && word.variable.value !== null ? word.variable.at : word.at,
    unresolved: UNEXPANDED.test(found.value),
  };
}

function fromWord(word: Word | undefined): Evidence | null {
  if (word?.flag !== null) return null;
  return { value: word.text, at: word.variable && word.variable.value !== null ? word.variable.at : word.at, unresolved: UNEXPANDED.test(word.text) };
}

function fromEnv(variable: EnvVar | undefined): Evidence | null {
  if (!variable) return null;
  if (variable.value === null) return { value: variable.raw, at: variable.at, unresolved: true };
  return { value: variable.value, at: variable.at, unresolved: UNEXPANDED.test(variable.value) };
}

function envText(env: ContainerEnv, name: string): string | null {
  return env.vars.get(name)?.value ?? null;
}

interface Signature {
  kind: ModelServerKind;
  /** Words after the program name: where its flags are. */
  words: Word[];
  /** vLLM's `serve <model>` positional argument. */
  positional: boolean;
}

/** Finds a serving command in any command of the container (`vllm serve`, `python -m sglang.launch_server`, ...). */
function commandSignature(line: CommandLine): Signature | null {
  for (const segment of line.segments) {
    for (let i = 0; i < segment.length; i++) {
      const text = segment[i].text;
      const name = basename(text);
      const next = segment[i + 1]?.text;
      if (name === "vllm" && next === "serve") return { kind: "vllm", words: segment.slice(i + 2), positional: true };
      if (text.startsWith("vllm.entrypoints.")) return { kind: "vllm", words: segment.slice(i + 1), positional: false };
      if (name === "text-generation-launcher") return { kind: "tgi", words: segment.slice(i + 1), positional: false };
      if (text === "sglang.launch_server" || (name === "sglang" && next === "serve")) {
        return { kind: "sglang", words: segment.slice(i + 1), positional: false };
      }
      if (name === "llama-server") return { kind: "llamacpp", words: segment.slice(i + 1), positional: false };
      if (name === "ollama" && next === "serve") return { kind: "ollama", words: segment.slice(i + 2), positional: false };
    }
  }
  return null;
}

/**
 * Images named after a server but built around it: `ollama-webui`, `ollama-exporter`,
 * `vllm-router`. They call or watch the server; they load no weights.
 */
const COMPANION_IMAGE = /(^|[-_.])(web-?ui|ui|chat-?ui|exporter|metrics|operator|router|gateway|proxy|client|dashboard|monitor)([-_.]|$)/;

function imageKind(image: ImageRef): ModelServerKind | null {
  const path = image.path;
  if (image.registry === "nvcr.io" && path.startsWith("nim/")) return "nim";
  if (COMPANION_IMAGE.test(path.slice(path.lastIndexOf("/") + 1))) return null;
  if (path.includes("text-generation-inference")) return "tgi";
  if (path.includes("vllm")) return "vllm";
  if (path.includes("sglang")) return "sglang";
  if (path.includes("ollama")) return "ollama";
  if (path.includes("llama.cpp") || path.includes("llama-cpp")) return "llamacpp";
  return null;
}

function hfHints(words: readonly Word[], env: ContainerEnv, modelscopeVar: string | null, extraRevisionVar: string | null): WeightHints {
  const revision =
    flagValue(words, REVISION_FLAGS)?.value ??
    (extraRevisionVar !== null ? envText(env, extraRevisionVar) : null) ??
    flagValue(words, CODE_REVISION_FLAGS)?.value ??
    null;
  const offline = isTruthy(envText(env, "HF_HUB_OFFLINE")) || isTruthy(envText(env, "TRANSFORMERS_OFFLINE"));
  const modelscope = modelscopeVar !== null && isTruthy(envText(env, modelscopeVar));
  return { revision, offline, hub: modelscope ? "modelscope" : "huggingface" };
}

function weightsFor(evidence: Evidence | null, hints: WeightHints, fallback: SourceLocation, settings: AdapterSettings): WeightSource {
  if (evidence === null) return unknownWeights(null, hints, fallback);
  const at = toSource(evidence.at);
  if (evidence.unresolved) return unknownWeights(evidence.value, hints, at);
  return classifyWeights(evidence.value, hints, at, settings);
}

interface Reading {
  model: string | null;
  weights: WeightSource;
  hostedModels: string[];
}

function hfServer(model: Evidence | null, hints: WeightHints, containerAt: SourceLocation, settings: AdapterSettings): Reading {
  return {
    model: model === null ? null : modelNameOf(model.value),
    weights: weightsFor(model, hints, containerAt, settings),
    hostedModels: [],
  };
}

function readVllm(c: ContainerFacts, signature: Signature | null, containerAt: SourceLocation, settings: AdapterSettings): Reading {
  const words = signature?.words ?? c.commands.main.words;
  let model = fromFlag(flagValue(words, VLLM_MODEL_FLAGS));
  if (model === null && (signature?.positional ?? !c.commands.hasCommand)) {
    // `vllm serve <model>`; the image's own entrypoint is `vllm serve` in recent releases
    const first = signature ? words[0] : words[0]?.text === "serve" ? words[1] : words[0];
    model = fromWord(first);
  }
  return hfServer(model, hfHints(words, c.env, "VLLM_USE_MODELSCOPE", null), containerAt, settings);
}

function readSglang(c: ContainerFacts, signature: Signature | null, containerAt: SourceLocation, settings: AdapterSettings): Reading {
  const words = signature?.words ?? c.commands.main.words;
  const model = fromFlag(flagValue(words, SGLANG_MODEL_FLAGS));
  return hfServer(model, hfHints(words, c.env, "SGLANG_USE_MODELSCOPE", null), containerAt, settings);
}

function readTgi(c: ContainerFacts, signature: Signature | null, containerAt: SourceLocation, settings: AdapterSettings): Reading {
  const words = signature?.words ?? c.commands.main.words;
  const model = fromFlag(flagValue(words, TGI_MODEL_FLAGS)) ?? fromEnv(c.env.vars.get("MODEL_ID"));
  return hfServer(model, hfHints(words, c.env, null, "REVISION"), containerAt, settings);
}

function readLlamaCpp(c: ContainerFacts, signature: Signature | null, containerAt: SourceLocation, settings: AdapterSettings): Reading {
  const words = signature?.words ?? c.commands.main.words;
  const hints = hfHints(words, c.env, null, null);
  const repo = fromFlag(flagValue(words, LLAMACPP_HF_FLAGS)) ?? fromEnv(c.env.vars.get("LLAMA_ARG_HF_REPO"));
  if (repo !== null) {
    // `org/repo[:quant]`: the quantisation tag selects a file, it does not pin a revision
    const colon = repo.value.lastIndexOf(":");
    const name = colon > repo.value.indexOf("/") && colon !== -1 ? repo.value.slice(0, colon) : repo.value;
    const weights = weightsFor({ ...repo, value: name }, { ...hints, revision: null }, containerAt, settings);
    return { model: name, weights: { ...weights, ref: repo.value }, hostedModels: [] };
  }
  const model =
    fromFlag(flagValue(words, LLAMACPP_URL_FLAGS)) ??
    fromEnv(c.env.vars.get("LLAMA_ARG_MODEL_URL")) ??
    fromFlag(flagValue(words, LLAMACPP_MODEL_FLAGS)) ??
    fromEnv(c.env.vars.get("LLAMA_ARG_MODEL"));
  return { model: model?.value ?? null, weights: weightsFor(model, hints, containerAt, settings), hostedModels: [] };
}

function readNim(c: ContainerFacts, image: ImageRef, containerAt: SourceLocation, settings: AdapterSettings): Reading {
  const imageAt = c.image ? toSource(c.image.at) : containerAt;
  const hints: WeightHints = { revision: null, offline: false, hub: "huggingface" };
  const fromImage = image.path.slice("nim/".length);
  const override = fromEnv(c.env.vars.get("NIM_REPOSITORY_OVERRIDE"));
  const named = fromEnv(c.env.vars.get("NIM_MODEL_NAME"));
  const model = named !== null && !named.unresolved ? modelNameOf(named.value) : fromImage;
  if (override !== null) {
    const weights = weightsFor(override, hints, imageAt, settings);
    if (weights.origin === "organization" || override.unresolved) return { model, weights, hostedModels: [] };
  }
  if (named !== null) {
    const weights = weightsFor(named, hints, imageAt, settings);
    // a bare name is an NGC model, not a Hugging Face repo
    if (weights.origin === "organization" || named.unresolved || named.value.includes("://")) return { model, weights, hostedModels: [] };
  }
  const ref = c.image?.text ?? null;
  return { model, weights: nimImageWeights(ref, image, imageAt), hostedModels: [] };
}

/**
 * The weights of a NIM whose image names them: the NIM downloads a model profile from NGC when it
 * starts. An image digest pins the server, not the weights: which profile it fetches is chosen at
 * run time (GPU, NIM_MODEL_PROFILE), so the pin of the weights is unverifiable; a tag can move.
 */
export function nimImageWeights(ref: string | null, image: ImageRef, at: SourceLocation): WeightSource {
  const digest = image.digest?.toLowerCase().startsWith("sha256:") === true ? image.digest : null;
  return {
    ref,
    origin: "hub",
    hub: "ngc",
    revision: digest ?? image.tag,
    pin: digest !== null ? "unverifiable" : "unpinned",
    pinReason: digest !== null ? "serving-image" : image.tag !== null ? "image-tag" : "no-revision",
    offline: false,
    source: at,
  };
}

/** Models named by `ollama pull|run <model>` anywhere in the container's commands and hooks. */
function ollamaModels(c: ContainerFacts): Evidence[] {
  const found: Evidence[] = [];
  for (const line of [c.commands.main, ...c.commands.hooks]) {
    for (const segment of line.segments) {
      for (let i = 0; i + 2 < segment.length; i++) {
        if (basename(segment[i].text) !== "ollama" || !OLLAMA_MODEL_COMMANDS.has(segment[i + 1].text)) continue;
        const evidence = fromWord(segment[i + 2]);
        if (evidence) found.push(evidence);
      }
    }
  }
  for (const name of OLLAMA_MODEL_VARS) {
    const variable = c.env.vars.get(name);
    if (!variable) continue;
    if (variable.value === null) {
      found.push({ value: variable.raw, at: variable.at, unresolved: true });
      continue;
    }
    for (const tag of variable.value.split(LIST_SEPARATOR)) {
      if (tag !== "") found.push({ value: tag, at: variable.at, unresolved: UNEXPANDED.test(tag) });
    }
  }
  return found;
}

function readOllama(c: ContainerFacts, containerAt: SourceLocation): Reading {
  const models = ollamaModels(c);
  const hostedModels: string[] = [];
  let local: Evidence | null = null;
  for (const model of models) {
    if (!model.unresolved && isOllamaCloudTag(model.value)) {
      if (!hostedModels.includes(model.value)) hostedModels.push(model.value);
    } else local ??= model;
  }
  const hints: WeightHints = { revision: null, offline: false, hub: "huggingface" };
  if (local === null) {
    return { model: hostedModels[0] ?? null, weights: unknownWeights(null, hints, containerAt), hostedModels };
  }
  const weights = local.unresolved ? unknownWeights(local.value, hints, toSource(local.at)) : ollamaWeights(local.value, hints, toSource(local.at));
  return { model: local.value, weights, hostedModels };
}

/** The model server a container runs, or null when it does not serve weights. */
export function detectServer(c: ContainerFacts, settings: AdapterSettings): ModelServer | null {
  const signature = commandSignature(c.commands.main);
  const image = c.image ? parseImage(c.image.text) : null;
  let kind: ModelServerKind | null = signature?.kind ?? (image ? imageKind(image) : null);
  if (kind === null && (c.env.vars.has("LLAMA_ARG_HF_REPO") || c.env.vars.has("LLAMA_ARG_MODEL"))) kind = "llamacpp";
  if (kind === null) return null;
  const containerAt = toSource(c.loc);
  let reading: Reading;
  switch (kind) {
    case "vllm":
      reading = readVllm(c, signature, containerAt, settings);
      break;
    case "sglang":
      reading = readSglang(c, signature, containerAt, settings);
      break;
    case "tgi":
      reading = readTgi(c, signature, containerAt, settings);
      break;
    case "llamacpp":
      reading = readLlamaCpp(c, signature, containerAt, settings);
      break;
    case "nim":
      reading = readNim(c, image!, containerAt, settings);
      break;
    case "ollama":
      reading = readOllama(c, containerAt);
      break;
    default:
      return null;
  }
  return { id: `container/${c.name}`, kind, source: containerAt, ...reading };
}
