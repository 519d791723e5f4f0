/**
 * Routes of one Kong `ai-proxy` / `ai-proxy-advanced` plugin configuration, wherever it is declared
 * (a decK file or a KongPlugin resource). Each target is a route:
 *   - `model.options.upstream_url` is the endpoint whatever `model.provider` says, so
 *     `provider: openai` + a Chinese upstream is caught by host; `${{ env "DECK_X" }}` there is an
 *     endpoint decK fills in at sync time, so it is unresolved;
 *   - without it, the provider's public API is the endpoint (by SDK prefix, e.g. `deepseek`, `kimi`;
 *     Azure and Bedrock by their instance or region when given); self-hosted formats (`llama2`,
 *     `vllm`, `ollama`) without it are unresolved;
 *   - `model.name` is the model; `$(uri_captures.model)`, `$(headers.x)` or no name mean the client
 *     chooses it at run time;
 *   - the `auth.header_value` / `param_value` `${{ env "DECK_<PROVIDER>_API_KEY" }}` names the key
 *     variable (DECK_ removed), a hint kept in `provider.keyVar`.
 * `model.options.max_tokens` is a default Kong fills in when the client sends none, not a cap.
 */

import type { ModelRef, Problem, ProviderHints, Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { isRecord } from "../core/objects";
import { endpointFields, newRoute, type EndpointFields } from "../core/route";
import { sourceAt, type AdapterContext } from "../core/types";
import { isFormatProvider, kongProvider, regionalUrl } from "./providers";

/** Kong template variables in a model name: the model comes from the request. */
const RUNTIME_MODEL = /\$\((?:uri_captures|headers|query_params)\.[^()]*\)/;
export const DECK_ENV = /\$\{\{\s*env\s+"([^"]+)"\s*\}\}/;

export interface ProxyPlugin {
  doc: ParsedDocument;
  /** ai-proxy or ai-proxy-advanced. */
  name: string;
  config: Record<string, unknown>;
  /** Pointer of `config` in the document. */
  configPointer: string;
  /** Prefix of the route ids: the instance name, or the plugin name. */
  idBase: string;
  /** "route chat", "KongPlugin ai/openai-proxy": what the plugin applies to, for `via`. */
  where: string;
}

/** A route with the Kong provider and model it was built from (rate limits match on them). */
export interface KongRoute {
  route: Route;
  provider: string | null;
  model: string | null;
}

function modelOf(raw: unknown): ModelRef {
  if (typeof raw !== "string" || raw.trim() === "") return { id: null, raw: null, resolved: false };
  const text = raw.trim();
  if (RUNTIME_MODEL.test(text) || DECK_ENV.test(text)) return { id: null, raw: text, resolved: false };
  return { id: text, raw: text, resolved: true };
}

/** `Bearer ${{ env "DECK_DEEPSEEK_API_KEY" }}` → DEEPSEEK_API_KEY when that is a known provider key variable. */
function keyVarOf(auth: unknown, ctx: AdapterContext): string | null {
  if (!isRecord(auth)) return null;
  for (const key of ["header_value", "param_value"]) {
    const value = auth[key];
    if (typeof value !== "string") continue;
    const name = DECK_ENV.exec(value)?.[1];
    if (name === undefined) continue;
    const bare = name.replace(/^DECK_/, "");
    if (ctx.settings.catalog.keyVars.has(bare)) return bare;
  }
  return null;
}

function targetRoute(
  plugin: ProxyPlugin,
  target: Record<string, unknown>,
  pointer: string,
  id: string,
  via: string,
  ctx: AdapterContext,
  problems: Problem[],
): KongRoute {
  const problem = (message: string, at: string): void => void problems.push({ message, source: sourceAt(plugin.doc, at) });
  const model = isRecord(target.model) ? target.model : null;
  if (model === null) {
    problem(`${via} has no model: its provider is unknown`, pointer);
    const route = newRoute({
      id,
      via,
      source: sourceAt(plugin.doc, pointer),
      endpoint: { endpoint: null, unresolvedEndpoint: { raw: "", reason: "no model.provider" } },
    });
    return { route, provider: null, model: null };
  }
  const providerName = typeof model.provider === "string" ? model.provider.trim().toLowerCase() : null;
  const options = isRecord(model.options) ? model.options : {};
  const upstream = options.upstream_url;
  const modelRef = modelOf(model.name);
  const provider: ProviderHints = { sdkPrefix: null, keyVar: keyVarOf(target.auth, ctx), type: null };
  let endpoint: EndpointFields;
  let source = `${pointer}/model/provider`;
  const label = `${via} (provider ${providerName ?? "?"}${modelRef.raw ? `, model ${modelRef.raw}` : ""})`;

  if (typeof upstream === "string" && upstream.trim() !== "") {
    endpoint = endpointFields(upstream, ctx.settings);
    const variable = DECK_ENV.exec(upstream)?.[1];
    if (endpoint.unresolvedEndpoint !== null && variable !== undefined) {
      endpoint = { endpoint: null, unresolvedEndpoint: { raw: upstream, reason: `decK substitutes ${variable} from the environment of the deck sync run` } };
    }
    source = `${pointer}/model/options/upstream_url`;
    if (providerName !== null && isFormatProvider(providerName, ctx.settings.catalog)) provider.type = providerName;
  } else if (providerName === null) {
    const raw = model.provider === undefined ? "" : JSON.stringify(model.provider);
    endpoint = { endpoint: null, unresolvedEndpoint: { raw, reason: "model.provider is missing or not a string" } };
    problem(`${via} has no model.provider`, `${pointer}/model`);
  } else if (DECK_ENV.test(providerName)) {
    endpoint = { endpoint: null, unresolvedEndpoint: { raw: String(model.provider), reason: "decK fills the provider from the environment of the deck run" } };
  } else {
    const known = kongProvider(providerName, ctx.settings.catalog);
    if (known === null) {
      endpoint = {
        endpoint: null,
        unresolvedEndpoint: { raw: providerName, reason: `Kong provider "${providerName}" is not one Modelgate knows the default host of` },
      };
    } else if (known.kind === "prefix") {
      const regional = regionalUrl(providerName, options, ctx.settings.catalog);
      if (regional !== null) endpoint = endpointFields(regional, ctx.settings);
      else {
        endpoint = { endpoint: null, unresolvedEndpoint: null };
        provider.sdkPrefix = known.sdkPrefix;
      }
    } else if (known.kind === "url") {
      endpoint = endpointFields(known.url, ctx.settings);
    } else {
      endpoint = { endpoint: null, unresolvedEndpoint: { raw: providerName, reason: `${known.why}; set model.options.upstream_url` } };
    }
  }
  const route = newRoute({ id, via: label, source: sourceAt(plugin.doc, source), endpoint, provider, model: modelRef });
  return { route, provider: providerName, model: modelRef.id };
}

/** The routes of one proxy plugin; malformed parts become problems (and unresolved routes). */
export function proxyPluginRoutes(plugin: ProxyPlugin, ctx: AdapterContext, problems: Problem[]): KongRoute[] {
  if (plugin.name === "ai-proxy") {
    return [targetRoute(plugin, plugin.config, plugin.configPointer, plugin.idBase, `Kong ai-proxy on ${plugin.where}`, ctx, problems)];
  }
  const targets = plugin.config.targets;
  if (!Array.isArray(targets) || targets.length === 0) {
    problems.push({
      message: `ai-proxy-advanced on ${plugin.where} has no config.targets: the models it proxies are unknown`,
      source: sourceAt(plugin.doc, plugin.configPointer),
    });
    const route = newRoute({
      id: plugin.idBase,
      via: `Kong ai-proxy-advanced on ${plugin.where}`,
      source: sourceAt(plugin.doc, plugin.configPointer),
      endpoint: { endpoint: null, unresolvedEndpoint: { raw: "", reason: "ai-proxy-advanced has no targets" } },
    });
    return [{ route, provider: null, model: null }];
  }
  const routes: KongRoute[] = [];
  targets.forEach((target, i) => {
    const pointer = `${plugin.configPointer}/targets/${i}`;
    if (!isRecord(target)) {
      problems.push({ message: `ai-proxy-advanced targets[${i}] must be a map with model and auth`, source: sourceAt(plugin.doc, pointer) });
      return;
    }
    routes.push(targetRoute(plugin, target, pointer, `${plugin.idBase}/targets/${i}`, `Kong ai-proxy-advanced target[${i}] on ${plugin.where}`, ctx, problems));
  });
  return routes;
}
