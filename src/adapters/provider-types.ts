/**
 * LiteLLM provider types that say nothing about who operates the endpoint: the operator is
 * whatever `api_base` names (or a local default), so rules must decide by host.
 */
export const GENERIC_PROVIDER_TYPES: ReadonlySet<string> = new Set([
  "openai",
  "openai_like",
  "custom_openai",
  "text-completion-openai",
  "hosted_vllm",
  "litellm_proxy",
  "ollama",
  "ollama_chat",
  "lm_studio",
  "llamafile",
  "xinference",
  "oobabooga",
]);
