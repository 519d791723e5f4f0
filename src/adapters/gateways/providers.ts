/**
 * Provider names as gateways write them (a Cloudflare AI Gateway path segment, a Portkey `provider`)
 * mapped to the SDK prefixes of the provider catalogue (policies/data/providers.json `sdkPrefixes`),
 * so the rules find the operator with one lookup. Names a table does not know pass through in
 * lowercase: the catalogue may know them, and an unknown one stays visible as unresolved.
 */

/**
 * Cloudflare AI Gateway provider path segments (developers.cloudflare.com/ai-gateway/usage/providers/,
 * the `{provider}` of `gateway.ai.cloudflare.com/v1/{account}/{gateway}/{provider}/...` and of
 * `compat` model ids `{provider}/{model}`). Only names that differ from the catalogue's prefix.
 */
export const CLOUDFLARE_PROVIDER_PREFIXES: Readonly<Record<string, string>> = {
  "azure-openai": "azure",
  "aws-bedrock": "bedrock",
  "google-ai-studio": "gemini",
  "google-vertex-ai": "gcpvertexai",
  grok: "xai",
  "perplexity-ai": "perplexity",
};

/**
 * Portkey provider ids (Portkey-AI/gateway `src/globals.ts`, the `provider` of a config target).
 * Only names that differ from the catalogue's prefix.
 */
export const PORTKEY_PROVIDER_PREFIXES: Readonly<Record<string, string>> = {
  "azure-openai": "azure",
  "azure-ai": "azure_ai",
  google: "gemini",
  "vertex-ai": "gcpvertexai",
  "mistral-ai": "mistral",
  "together-ai": "together_ai",
  "fireworks-ai": "fireworks_ai",
  "perplexity-ai": "perplexity",
  "x-ai": "xai",
};

/** A gateway's provider name as a catalogue SDK prefix: lowercase, trimmed, renamed where the table says so. */
export function catalogPrefix(name: string, table: Readonly<Record<string, string>>): string {
  const key = name.trim().toLowerCase();
  return table[key] ?? key;
}
