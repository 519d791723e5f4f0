/**
 * Cloudflare AI Gateway URLs. The gateway only relays: the provider that receives the prompts is
 * named in the URL path or, on the OpenAI-compatible endpoints, in the model id.
 *
 *   https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/{provider}/...   provider segment
 *   https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/compat/...       model "{provider}/{model}"
 *   https://gateway.ai.cloudflare.com/v1/{account}/{gateway}                  Universal Endpoint: per request
 *   https://api.cloudflare.com/client/v4/accounts/{account}/ai/v1/...         model "{provider}/{model}" or "@cf/..."
 *   https://api.cloudflare.com/client/v4/accounts/{account}/ai/run/@cf/...    Workers AI
 *
 * (developers.cloudflare.com/ai-gateway: providers, chat-completion, universal; llm-domain.md §2.)
 */

import type { Endpoint, ModelRef } from "../../model/canonical";
import { catalogPrefix, CLOUDFLARE_PROVIDER_PREFIXES } from "./providers";

export const CLOUDFLARE_GATEWAY_HOST = "gateway.ai.cloudflare.com";
export const CLOUDFLARE_API_HOST = "api.cloudflare.com";

/** Workers AI runs on Cloudflare itself; its models are named `@cf/...` or `@hf/...`. */
export const WORKERS_AI_PREFIX = "workers-ai";

export type CloudflareForm =
  /** `.../{provider}/...`: the path names the provider. */
  | "provider"
  /** `.../compat/...` and the REST `ai/v1` endpoints: the model id names the provider. */
  | "compat"
  /** The Universal Endpoint: the provider is chosen in each request body. */
  | "universal"
  /** The REST `ai/run/...` endpoint of Workers AI. */
  | "workers-ai";

export interface CloudflareGatewayPath {
  form: CloudflareForm;
  /** The provider path segment as written (decoded), for the "provider" form. */
  segment: string | null;
}

const PROVIDER_SEGMENT = /^[a-z0-9][a-z0-9._-]*$/i;

function segments(path: string): string[] {
  return path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** How a Cloudflare URL names its upstream provider; null for hosts and paths that are not an AI Gateway or Workers AI endpoint. */
export function cloudflareGatewayPath(endpoint: Endpoint): CloudflareGatewayPath | null {
  const parts = segments(endpoint.path);
  if (endpoint.host === CLOUDFLARE_GATEWAY_HOST) {
    if (parts.length < 4 || parts[0] !== "v1") return { form: "universal", segment: null };
    const segment = parts[3]!;
    if (segment.toLowerCase() === "compat") return { form: "compat", segment: null };
    return { form: "provider", segment };
  }
  if (endpoint.host === CLOUDFLARE_API_HOST) {
    // /client/v4/accounts/{account}/ai/{v1|run}/...
    if (parts[0] !== "client" || parts[2] !== "accounts" || parts[4] !== "ai") return null;
    if (parts[5] === "run") return { form: "workers-ai", segment: null };
    if (parts[5] === "v1") return { form: "compat", segment: null };
    return null;
  }
  return null;
}

/** The provider a `{provider}/{model}` id names, as a catalogue prefix; `@cf/...` models are Workers AI. */
export function providerOfModelId(model: string): string | null {
  const text = model.trim();
  if (/^@(cf|hf)\//i.test(text)) return WORKERS_AI_PREFIX;
  const slash = text.indexOf("/");
  if (slash <= 0) return null;
  const head = text.slice(0, slash);
  return PROVIDER_SEGMENT.test(head) ? catalogPrefix(head, CLOUDFLARE_PROVIDER_PREFIXES) : null;
}

/**
 * The SDK prefix of the provider behind a Cloudflare AI Gateway endpoint, or null when the URL or
 * model does not say (the Universal Endpoint, a model chosen at run time). `undefined` when the
 * endpoint is not a Cloudflare AI endpoint at all.
 */
export function cloudflareProvider(endpoint: Endpoint, model: ModelRef | undefined): string | null | undefined {
  const path = cloudflareGatewayPath(endpoint);
  if (path === null) return undefined;
  switch (path.form) {
    case "provider": {
      const segment = path.segment!;
      // an unresolved ${PROVIDER} in the path names nobody
      return PROVIDER_SEGMENT.test(segment) ? catalogPrefix(segment, CLOUDFLARE_PROVIDER_PREFIXES) : null;
    }
    case "compat": {
      // A client that splits "provider/model" (LiteLLM `openai/deepseek/deepseek-chat`) keeps the
      // gateway's own prefix in the id; one that does not keeps it in the raw value.
      for (const candidate of [model?.id, model?.raw]) {
        if (typeof candidate !== "string" || !candidate.includes("/")) continue;
        const fromId = providerOfModelId(candidate);
        if (fromId !== null) return fromId;
      }
      return null;
    }
    case "workers-ai":
      return WORKERS_AI_PREFIX;
    case "universal":
      return null;
  }
}
