/**
 * Gateways that sit between a client and the provider: Cloudflare AI Gateway (the provider is in
 * the URL path or the model id) and Vercel AI Gateway (an aggregator with routing options).
 */

import type { Endpoint, ModelRef } from "../../model/canonical";
import { cloudflareProvider } from "./cloudflare";

export { cloudflareGatewayPath, cloudflareProvider, providerOfModelId, CLOUDFLARE_API_HOST, CLOUDFLARE_GATEWAY_HOST, WORKERS_AI_PREFIX } from "./cloudflare";
export { catalogPrefix, CLOUDFLARE_PROVIDER_PREFIXES, PORTKEY_PROVIDER_PREFIXES } from "./providers";
export { readVercelGatewayOptions, VERCEL_GATEWAY_HOST, type VercelGatewayOptions } from "./vercel";

/**
 * The SDK prefix a route must carry because its endpoint is a gateway that names the provider in
 * the URL or the model id. `undefined` leaves the route's own prefix alone; `null` clears it,
 * because a client-side prefix (`openai/` in LiteLLM) only names the protocol the gateway speaks.
 */
export function gatewaySdkPrefix(endpoint: Endpoint | null, model: ModelRef | undefined): string | null | undefined {
  if (endpoint === null) return undefined;
  return cloudflareProvider(endpoint, model);
}
