/**
 * Gateway URLs that name the provider they forward to. The gateway only relays: the provider that
 * receives the prompts is named in the URL path or, on the OpenAI-compatible endpoints, in the
 * model id. Cloudflare AI Gateway's layouts, for a host whose catalogue role is
 *
 *   gateway-url  /v1/{account}/{gateway}/{provider}/...   provider segment
 *                /v1/{account}/{gateway}/compat/...       model "{provider}/{model}"
 *                /v1/{account}/{gateway}                  Universal Endpoint: per request
 *   rest-api     /client/v4/accounts/{account}/ai/v1/...  model "{provider}/{model}" or "@cf/..."
 *                /client/v4/accounts/{account}/ai/run/... the gateway's own models (Workers AI)
 *
 * (developers.cloudflare.com/ai-gateway: providers, chat-completion, universal; llm-domain.md §2.)
 * Which hosts play which role, and how provider names map to SDK prefixes, is catalogue data
 * (policies/data/providers.json `gateways`).
 */

import type { Endpoint, ModelRef } from "../../model/canonical";
import type { CatalogView, GatewayView } from "./catalog";

export type GatewayForm =
  /** `.../{provider}/...`: the path names the provider. */
  | "provider"
  /** `.../compat/...` and the REST `ai/v1` endpoints: the model id names the provider. */
  | "compat"
  /** The Universal Endpoint: the provider is chosen in each request body. */
  | "universal"
  /** The REST `ai/run/...` endpoint of the gateway's own models. */
  | "own-models";

export interface GatewayPath {
  form: GatewayForm;
  /** The provider path segment as written (decoded), for the "provider" form. */
  segment: string | null;
  /** The gateway's naming tables from the catalogue. */
  names: GatewayView;
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

/** A gateway's provider name as a catalogue SDK prefix: lowercase, trimmed, renamed where the catalogue says so. */
export function catalogPrefix(name: string, names: GatewayView): string {
  const key = name.trim().toLowerCase();
  return names.providerNames[key] ?? key;
}

/** How a gateway URL names its upstream provider; null for hosts and paths that are not such a gateway endpoint. */
export function gatewayPath(endpoint: Endpoint, catalog: CatalogView): GatewayPath | null {
  const operator = catalog.operatorOfHost(endpoint.host);
  if (operator === null) return null;
  const names = catalog.gateway(operator.id);
  const role = names.hostRoles[endpoint.host];
  if (role === undefined) return null;
  const parts = segments(endpoint.path);
  if (role === "gateway-url") {
    if (parts.length < 4 || parts[0] !== "v1") return { form: "universal", segment: null, names };
    const segment = parts[3];
    if (segment.toLowerCase() === "compat") return { form: "compat", segment: null, names };
    return { form: "provider", segment, names };
  }
  // /client/v4/accounts/{account}/ai/{v1|run}/...
  if (parts[0] !== "client" || parts[2] !== "accounts" || parts[4] !== "ai") return null;
  if (parts[5] === "run") return { form: "own-models", segment: null, names };
  if (parts[5] === "v1") return { form: "compat", segment: null, names };
  return null;
}

/** The provider a `{provider}/{model}` id names, as a catalogue prefix; `@cf/...` models are the gateway's own. */
export function providerOfModelId(model: string, names: GatewayView): string | null {
  const text = model.trim();
  if (/^@(cf|hf)\//i.test(text)) return names.modelPrefix;
  const slash = text.indexOf("/");
  if (slash <= 0) return null;
  const head = text.slice(0, slash);
  return PROVIDER_SEGMENT.test(head) ? catalogPrefix(head, names) : null;
}

/**
 * The SDK prefix of the provider behind a gateway endpoint, or null when the URL or model does not
 * say (the Universal Endpoint, a model chosen at run time).
 */
export function gatewayUpstream(path: GatewayPath, model: ModelRef | undefined): string | null {
  switch (path.form) {
    case "provider": {
      const segment = path.segment!;
      // an unresolved ${PROVIDER} in the path names nobody
      return PROVIDER_SEGMENT.test(segment) ? catalogPrefix(segment, path.names) : null;
    }
    case "compat": {
      // A client that splits "provider/model" (LiteLLM `openai/deepseek/deepseek-chat`) keeps the
      // gateway's own prefix in the id; one that does not keeps it in the raw value.
      for (const candidate of [model?.id, model?.raw]) {
        if (typeof candidate !== "string" || !candidate.includes("/")) continue;
        const fromId = providerOfModelId(candidate, path.names);
        if (fromId !== null) return fromId;
      }
      return null;
    }
    case "own-models":
      return path.names.modelPrefix;
    case "universal":
      return null;
  }
}

/**
 * The SDK prefix a route must carry because its endpoint is a gateway that names the provider in
 * the URL or the model id. `undefined` leaves the route's own prefix alone (not a gateway
 * endpoint); `null` clears it, because a client-side prefix (`openai/` in LiteLLM) only names the
 * protocol the gateway speaks.
 */
export function gatewaySdkPrefix(endpoint: Endpoint | null, model: ModelRef | undefined, catalog: CatalogView): string | null | undefined {
  if (endpoint === null) return undefined;
  const path = gatewayPath(endpoint, catalog);
  return path === null ? undefined : gatewayUpstream(path, model);
}
