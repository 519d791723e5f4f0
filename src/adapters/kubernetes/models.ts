/** Model identifiers as clients write them: LiteLLM-style `provider/model` prefixes and indirection. */

import type { ModelRef } from "../../model/canonical";
import { GENERIC_PROVIDER_TYPES } from "../provider-types";

/** LiteLLM provider prefixes (`litellm_params.model: deepseek/deepseek-chat`), lowercase. */
const SDK_PREFIXES: ReadonlySet<string> = new Set([
  "openai",
  "openai_like",
  "custom_openai",
  "text-completion-openai",
  "hosted_vllm",
  "litellm_proxy",
  "azure",
  "azure_ai",
  "anthropic",
  "bedrock",
  "bedrock_converse",
  "sagemaker",
  "vertex_ai",
  "gemini",
  "mistral",
  "codestral",
  "cohere",
  "cohere_chat",
  "groq",
  "xai",
  "together_ai",
  "fireworks_ai",
  "deepinfra",
  "perplexity",
  "cerebras",
  "sambanova",
  "nvidia_nim",
  "huggingface",
  "replicate",
  "cloudflare",
  "databricks",
  "watsonx",
  "nebius",
  "novita",
  "openrouter",
  "ollama",
  "ollama_chat",
  "lm_studio",
  "llamafile",
  "vllm",
  "deepseek",
  "moonshot",
  "dashscope",
  "volcengine",
  "zai",
  "minimax",
  "xiaomi_mimo",
  "aihubmix",
  "siliconflow",
]);

const INDIRECTION = /\$\(|\$\{|\$[A-Za-z_]|\{\{|^os\.environ\//;

export interface ModelInfo {
  model: ModelRef;
  sdkPrefix: string | null;
  type: string | null;
}

export function hasIndirection(raw: string): boolean {
  return INDIRECTION.test(raw);
}

/** A model written as a literal: `deepseek/deepseek-chat` sets the SDK prefix; `${MODEL}` is unresolved. */
export function modelInfo(raw: string): ModelInfo {
  const text = raw.trim();
  if (text === "" || hasIndirection(text)) return { model: { id: null, raw, resolved: false }, sdkPrefix: null, type: null };
  const slash = text.indexOf("/");
  if (slash > 0) {
    const prefix = text.slice(0, slash).toLowerCase();
    if (SDK_PREFIXES.has(prefix)) {
      return {
        model: { id: text.slice(slash + 1), raw, resolved: true },
        sdkPrefix: prefix,
        type: GENERIC_PROVIDER_TYPES.has(prefix) ? prefix : null,
      };
    }
  }
  return { model: { id: text, raw, resolved: true }, sdkPrefix: null, type: null };
}

/** A model that cannot be known before deploy (a Secret not in the scan, a fieldRef). */
export function unresolvedModel(raw: string): ModelInfo {
  return { model: { id: null, raw, resolved: false }, sdkPrefix: null, type: null };
}
