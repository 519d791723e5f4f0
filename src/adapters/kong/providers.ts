/**
 * Kong AI Gateway `model.provider` values (developer.konghq.com/ai-gateway/ai-providers) and what
 * each one means for the operator when no `model.options.upstream_url` overrides it.
 */

export type KongProvider =
  /** Kong calls the provider's public API: the catalogue finds the operator by this SDK prefix. */
  | { kind: "prefix"; sdkPrefix: string }
  /** Kong calls one fixed public host (providers the catalogue has no prefix for). */
  | { kind: "url"; url: string }
  /** A self-hosted or per-account format: without upstream_url the endpoint is unknown. */
  | { kind: "needs-upstream"; why: string };

const TABLE: ReadonlyMap<string, KongProvider> = new Map<string, KongProvider>([
  ["openai", { kind: "prefix", sdkPrefix: "openai" }],
  ["anthropic", { kind: "prefix", sdkPrefix: "anthropic" }],
  ["azure", { kind: "prefix", sdkPrefix: "azure" }],
  ["bedrock", { kind: "prefix", sdkPrefix: "bedrock" }],
  ["gemini", { kind: "prefix", sdkPrefix: "gemini" }],
  ["vertex", { kind: "prefix", sdkPrefix: "gcpvertexai" }],
  ["cohere", { kind: "prefix", sdkPrefix: "cohere" }],
  ["mistral", { kind: "prefix", sdkPrefix: "mistral" }],
  ["huggingface", { kind: "prefix", sdkPrefix: "huggingface" }],
  ["kimi", { kind: "prefix", sdkPrefix: "moonshot" }],
  ["dashscope", { kind: "prefix", sdkPrefix: "dashscope" }],
  ["deepseek", { kind: "prefix", sdkPrefix: "deepseek" }],
  ["vercel", { kind: "prefix", sdkPrefix: "vercel" }],
  ["xai", { kind: "url", url: "https://api.x.ai/v1" }],
  ["cerebras", { kind: "url", url: "https://api.cerebras.ai/v1" }],
  ["llama2", { kind: "needs-upstream", why: "the llama2 provider format has no default host" }],
  ["llama", { kind: "needs-upstream", why: "the llama provider format has no default host" }],
  ["vllm", { kind: "needs-upstream", why: "a vLLM server has no default host" }],
  ["ollama", { kind: "needs-upstream", why: "an Ollama server has no default host" }],
  ["databricks", { kind: "needs-upstream", why: "Databricks serving endpoints are per workspace" }],
]);

/** Provider formats that only say how requests are shaped, so the upstream_url alone names the operator. */
export const FORMAT_PROVIDERS: ReadonlySet<string> = new Set(["openai", "llama2", "llama", "vllm", "ollama", "mistral", "anthropic"]);

export function kongProvider(name: string): KongProvider | null {
  return TABLE.get(name.trim().toLowerCase()) ?? null;
}
