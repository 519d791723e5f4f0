/**
 * Reads one LiteLLM proxy config (docs.litellm.ai/docs/proxy/configs) into a canonical document:
 * one route per `model_list[]` deployment, proxy-wide and per-provider budgets, fallbacks and
 * aliases between model groups. Both the plain-file and the ConfigMap adapter use it; they only
 * differ in how a pointer inside the config maps to a file position.
 * A route points at its deployment's `api_base` (or `base_url`), else its `litellm_params.model`:
 * the line a reviewer changes. Reusable credentials (`credential_list[]`: `credential_name`,
 * `credential_values {api_base, api_key}`, `credential_info {custom_llm_provider}`) fill the
 * deployments that name them with `litellm_params.litellm_credential_name`; a credential no
 * deployment names is a route of its own (models added at run time can use it), and a name the
 * config does not define is a credential stored in the database, whose endpoint is unknown.
 * `general_settings.store_model_in_db: true` is reported as a run-time model source, not a problem.
 */

import {
  CANONICAL_API_VERSION,
  emptyLimits,
  type AggregatorRouting,
  type Cap,
  type CapWindow,
  type Limits,
  type LlmUsageDocument,
  type ModelRef,
  type Problem,
  type ProviderHints,
  type RuntimeModelSource,
  type Route,
  type SourceLocation,
  type Workload,
} from "../../model/canonical";
import { encodePointer } from "../../parse/document";
import { describeValue } from "../core/fields";
import type { ResolvedClassification } from "../classification/resolve";
import { isRecord } from "../core/objects";
import { cap, durationWindow, endpointFields, LIFETIME, newRoute, PER_MINUTE, numberValue, type EndpointFields } from "../core/route";
import type { AdapterSettings } from "../core/types";
import { resolveAutoRouters } from "./auto-router";
import { attachLiteLLMNameHints } from "./name-hints";

export interface ConfigInput {
  config: Record<string, unknown>;
  /** Source location of a JSON pointer inside the config. */
  at(pointer: string): SourceLocation;
  workload: Workload;
  classification: ResolvedClassification;
  settings: AdapterSettings;
}

const ENV_REFERENCE = /^\s*os\.environ\/([A-Za-z_][A-Za-z0-9_]*)\s*$/;

const FALLBACK_KEYS = ["fallbacks", "context_window_fallbacks", "content_policy_fallbacks"] as const;

interface Credential {
  name: string;
  index: number;
  values: Record<string, unknown>;
  /** custom_llm_provider of credential_info, lowercased. */
  provider: string | null;
  used: boolean;
}

interface Deployment {
  index: number;
  modelName: string | null;
  route: Route;
}

/** A value after `os.environ/VAR` substitution from the config's own `environment_variables`. */
interface Resolved {
  value: unknown;
  /** The variable named by an `os.environ/VAR` reference, if the value was one. */
  envVar: string | null;
  /** False when the value is an `os.environ/VAR` reference the config does not define. */
  resolved: boolean;
}

function envVarOf(value: unknown): string | null {
  if (typeof value !== "string") return null;
  return ENV_REFERENCE.exec(value)?.[1] ?? null;
}

class ConfigReader {
  readonly problems: Problem[] = [];
  readonly runtimeModels: RuntimeModelSource[] = [];
  private readonly credentials = new Map<string, Credential>();
  private readonly env = new Map<string, string>();
  private readonly sections = new Map<string, Record<string, unknown>>();

  constructor(private readonly input: ConfigInput) {
    this.readEnvironment();
    this.readCredentials();
  }

  private get config(): Record<string, unknown> {
    return this.input.config;
  }

  problem(message: string, pointer: string): void {
    this.problems.push({ message, source: this.input.at(pointer) });
  }

  /** A top-level section as a map; anything other than a map or nothing is a problem. */
  section(name: string): Record<string, unknown> {
    const cached = this.sections.get(name);
    if (cached) return cached;
    const value = this.config[name];
    let section: Record<string, unknown> = {};
    if (isRecord(value)) section = value;
    else if (value !== undefined && value !== null) this.problem(`${name} must be a map, got ${describeValue(value)}`, `/${name}`);
    this.sections.set(name, section);
    return section;
  }

  private readEnvironment(): void {
    for (const [name, value] of Object.entries(this.section("environment_variables"))) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") this.env.set(name, String(value));
    }
  }

  resolve(value: unknown): Resolved {
    const envVar = envVarOf(value);
    if (envVar === null) return { value, envVar: null, resolved: true };
    const defined = this.env.get(envVar);
    return defined === undefined ? { value, envVar, resolved: false } : { value: defined, envVar, resolved: true };
  }

  /**
   * A non-negative number, or null when absent or set through an environment variable the config
   * does not define (a cap that cannot be known statically is no cap). Anything else is a problem.
   */
  number(holder: Record<string, unknown>, key: string, pointer: string, label: string): number | null {
    const raw = holder[key];
    if (raw === undefined || raw === null) return null;
    const resolved = this.resolve(raw);
    if (!resolved.resolved) return null;
    const value = numberValue(resolved.value);
    if (value === null) this.problem(`${label} must be a non-negative number, got ${describeValue(raw)}`, pointer);
    return value;
  }

  duration(holder: Record<string, unknown>, key: string, pointer: string, label: string): CapWindow | null {
    const raw = holder[key];
    if (raw === undefined || raw === null) return null;
    const resolved = this.resolve(raw);
    if (!resolved.resolved) return null;
    const window = durationWindow(resolved.value);
    if (window === null) this.problem(`${label} is ${describeValue(raw)}, not a LiteLLM duration such as 30d, 24h or 1mo`, pointer);
    return window;
  }

  // -------------------------------------------------------------------------
  // credential_list

  private readCredentials(): void {
    const list = this.config.credential_list;
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      this.problem(`credential_list must be a list of {credential_name, credential_values, credential_info}, got ${describeValue(list)}`, "/credential_list");
      return;
    }
    list.forEach((entry, index) => {
      const base = `/credential_list/${index}`;
      const label = `credential_list[${index}]`;
      if (!isRecord(entry)) {
        this.problem(`${label} must be a map with credential_name and credential_values, got ${describeValue(entry)}`, base);
        return;
      }
      const name = typeof entry.credential_name === "string" && entry.credential_name.trim() !== "" ? entry.credential_name.trim() : null;
      if (name === null) {
        this.problem(`${label} has no credential_name: no deployment can use it`, base);
        return;
      }
      let values: Record<string, unknown> = {};
      if (isRecord(entry.credential_values)) values = entry.credential_values;
      else if (entry.credential_values !== undefined && entry.credential_values !== null)
        this.problem(`${label}.credential_values must be a map, got ${describeValue(entry.credential_values)}`, `${base}/credential_values`);
      const info = isRecord(entry.credential_info) ? entry.credential_info : {};
      const custom = info.custom_llm_provider;
      const provider = typeof custom === "string" && custom.trim() !== "" ? custom.trim().toLowerCase() : null;
      if (!this.credentials.has(name)) this.credentials.set(name, { name, index, values, provider, used: false });
    });
  }

  /** The deployment's params with the values of the credential it names; a credential not in the config is stored in the database. */
  private withCredential(params: Record<string, unknown>): { params: Record<string, unknown>; credential: Credential | null; missing: string | null } {
    const raw = params.litellm_credential_name;
    if (typeof raw !== "string" || raw.trim() === "") return { params, credential: null, missing: null };
    const credential = this.credentials.get(raw.trim());
    if (credential === undefined) return { params, credential: null, missing: raw.trim() };
    credential.used = true;
    const merged: Record<string, unknown> = { ...params };
    for (const [key, value] of Object.entries(credential.values)) if (merged[key] === undefined || merged[key] === null) merged[key] = value;
    const model = typeof params.model === "string" ? params.model : "";
    if (credential.provider !== null && (merged.custom_llm_provider === undefined || merged.custom_llm_provider === null) && !model.includes("/"))
      merged.custom_llm_provider = credential.provider;
    return { params: merged, credential, missing: null };
  }

  /** Credentials no deployment names: models added at run time (UI, API) can use them, so each is a route. */
  credentialRoutes(): Route[] {
    const routes: Route[] = [];
    for (const credential of this.credentials.values()) {
      if (credential.used) continue;
      const base = `/credential_list/${credential.index}`;
      const label = `credential_list[${credential.index}]`;
      const values = credential.values;
      const provider: ProviderHints = { sdkPrefix: credential.provider, keyVar: null, type: null };
      if (provider.sdkPrefix !== null && this.input.settings.catalog.genericPrefixes.has(provider.sdkPrefix)) provider.type = provider.sdkPrefix;
      const keyVar = envVarOf(values.api_key);
      if (keyVar !== null && this.input.settings.catalog.keyVars.has(keyVar)) provider.keyVar = keyVar;
      const endpoint = this.endpoint(values, `${base}/credential_values`, `${label}.credential_values`);
      const key =
        values.api_base !== undefined && values.api_base !== null ? "api_base" : values.base_url !== undefined && values.base_url !== null ? "base_url" : null;
      routes.push(
        newRoute({
          id: `credential_list/${credential.index}`,
          via: `LiteLLM ${label} ${credential.name} (a credential no model_list entry uses)`,
          source: this.input.at(key !== null ? `${base}/credential_values/${key}` : base),
          endpoint,
          provider,
        }),
      );
    }
    return routes;
  }

  // -------------------------------------------------------------------------
  // model_list

  deployments(): Deployment[] {
    const list = this.config.model_list;
    if (list === null || list === undefined) return [];
    if (!Array.isArray(list)) {
      this.problem(`model_list must be a list of deployments, got ${describeValue(list)}`, "/model_list");
      return [];
    }
    const deployments: Deployment[] = [];
    list.forEach((entry, index) => {
      const deployment = this.deployment(entry, index);
      if (deployment) deployments.push(deployment);
    });
    return deployments;
  }

  private deployment(entry: unknown, index: number): Deployment | null {
    const base = `/model_list/${index}`;
    const label = `model_list[${index}]`;
    if (!isRecord(entry)) {
      this.problem(`${label} must be a map with model_name and litellm_params, got ${describeValue(entry)}`, base);
      return null;
    }

    let modelName: string | null = null;
    const rawName = entry.model_name;
    if (typeof rawName === "string" || typeof rawName === "number") modelName = String(rawName);
    else if (rawName === undefined || rawName === null) this.problem(`${label} has no model_name`, base);
    else this.problem(`${label}.model_name must be a string, got ${describeValue(rawName)}`, `${base}/model_name`);

    const via = `LiteLLM ${label}${modelName !== null ? ` ${modelName}` : ""}`;
    const id = `model_list/${index}`;
    const written = entry.litellm_params;
    if (!isRecord(written)) {
      const why = written === undefined || written === null ? "has no litellm_params" : `has litellm_params that is ${describeValue(written)}, not a map`;
      this.problem(
        `${label}${modelName !== null ? ` (${modelName})` : ""} ${why}: its provider, model and endpoint are unknown`,
        Object.hasOwn(entry, "litellm_params") ? `${base}/litellm_params` : base,
      );
      return {
        index,
        modelName,
        route: newRoute({
          id,
          via,
          source: this.input.at(base),
          endpoint: { endpoint: null, unresolvedEndpoint: { raw: "", reason: `${label} ${why}` } },
        }),
      };
    }

    const paramsPointer = `${base}/litellm_params`;
    const paramsLabel = `${label}.litellm_params`;
    const { params, credential, missing } = this.withCredential(written);
    const modelInfo = isRecord(entry.model_info) ? entry.model_info : {};
    const { provider, model } = this.model(params, modelInfo, paramsPointer, paramsLabel);
    let endpoint = this.endpoint(written, paramsPointer, paramsLabel);
    const ownBase = (written.api_base ?? written.base_url) !== undefined && (written.api_base ?? written.base_url) !== null;
    if (!ownBase && credential !== null) {
      endpoint = this.endpoint(
        credential.values,
        `/credential_list/${credential.index}/credential_values`,
        `credential_list[${credential.index}].credential_values`,
      );
    } else if (!ownBase && missing !== null) {
      endpoint = {
        endpoint: null,
        unresolvedEndpoint: {
          raw: missing,
          reason: `litellm_credential_name ${missing} is not in credential_list: the credential, and any api_base in it, is stored in the LiteLLM database`,
        },
      };
    }
    // the line a reviewer changes: the endpoint, else the model
    const anchor = ownBase
      ? `${paramsPointer}/${written.api_base !== undefined && written.api_base !== null ? "api_base" : "base_url"}`
      : written.model !== undefined && written.model !== null
        ? `${paramsPointer}/model`
        : paramsPointer;
    const source = this.input.at(anchor);
    const keyVar = envVarOf(params.api_key);
    if (keyVar !== null && this.input.settings.catalog.keyVars.has(keyVar)) provider.keyVar = keyVar;

    const tpm = this.number(params, "tpm", `${paramsPointer}/tpm`, `${paramsLabel}.tpm`);
    const rpm = this.number(params, "rpm", `${paramsPointer}/rpm`, `${paramsLabel}.rpm`);
    const maxTokensPerRequest = this.number(params, "max_tokens", `${paramsPointer}/max_tokens`, `${paramsLabel}.max_tokens`);
    const budget = this.budget(params, "max_budget", "budget_duration", paramsPointer, paramsLabel);
    const limits: Partial<Limits> = {
      caps: [
        ...(tpm !== null ? [cap("tokens", tpm, PER_MINUTE, `${paramsLabel}.tpm`)] : []),
        ...(rpm !== null ? [cap("requests", rpm, PER_MINUTE, `${paramsLabel}.rpm`)] : []),
        ...budget,
      ],
      maxTokensPerRequest,
    };
    if (maxTokensPerRequest !== null) limits.origin = `${paramsLabel}.max_tokens`;

    // An aggregator of the catalogue picks the operator per request: its routing preferences apply.
    const catalog = this.input.settings.catalog;
    const aggregator =
      (provider.sdkPrefix !== null && catalog.isAggregatorPrefix(provider.sdkPrefix)) ||
      (endpoint.endpoint !== null && catalog.isAggregatorHost(endpoint.endpoint.host, endpoint.endpoint.registrableDomain ?? null));
    const routing = this.routing(params, paramsPointer, paramsLabel, aggregator);

    return { index, modelName, route: newRoute({ id, via, source, endpoint, provider, model, limits, routing }) };
  }

  /** `litellm_params.model` ("provider/model-id"), `custom_llm_provider` and `model_info.base_model`. */
  private model(
    params: Record<string, unknown>,
    modelInfo: Record<string, unknown>,
    pointer: string,
    label: string,
  ): { provider: ProviderHints; model: ModelRef } {
    const provider: ProviderHints = { sdkPrefix: null, keyVar: null, type: null };
    const raw = params.model;
    if (raw === undefined || raw === null) {
      this.problem(`${label} has no model: the deployment's provider and model are unknown`, pointer);
      return { provider, model: { id: null, raw: null, resolved: false } };
    }
    if (typeof raw !== "string") {
      this.problem(`${label}.model must be a string such as "provider/model-id", got ${describeValue(raw)}`, `${pointer}/model`);
      return { provider, model: { id: null, raw: null, resolved: false } };
    }
    const resolved = this.resolve(raw);
    if (!resolved.resolved || typeof resolved.value !== "string") return { provider, model: { id: null, raw, resolved: false } };
    const text = resolved.value.trim();

    let rest = text;
    const custom = params.custom_llm_provider;
    if (typeof custom === "string" && custom.trim() !== "") {
      provider.sdkPrefix = custom.trim().toLowerCase();
      if (text.toLowerCase().startsWith(`${provider.sdkPrefix}/`)) rest = text.slice(provider.sdkPrefix.length + 1);
    } else {
      const slash = text.indexOf("/");
      if (slash > 0) {
        provider.sdkPrefix = text.slice(0, slash).toLowerCase();
        rest = text.slice(slash + 1);
      }
    }
    if (provider.sdkPrefix !== null && this.input.settings.catalog.genericPrefixes.has(provider.sdkPrefix)) provider.type = provider.sdkPrefix;

    // An alias (an Azure deployment name, a custom name) is priced and judged by its base model.
    let id = rest;
    const baseModel = modelInfo.base_model;
    if (typeof baseModel === "string" && baseModel.trim() !== "") {
      const trimmed = baseModel.trim();
      const slash = trimmed.indexOf("/");
      id = slash > 0 && trimmed.slice(0, slash).toLowerCase() === provider.sdkPrefix ? trimmed.slice(slash + 1) : trimmed;
    }
    // Wildcard deployments ("openai/*") pass whatever model the client asks for.
    if (id === "" || id.includes("*")) return { provider, model: { id: null, raw, resolved: false } };
    return { provider, model: { id, raw, resolved: true } };
  }

  /** `api_base` (or its alias `base_url`), with `os.environ/VAR` resolved from `environment_variables`. */
  private endpoint(params: Record<string, unknown>, pointer: string, label: string): EndpointFields {
    const key = params.api_base !== undefined && params.api_base !== null ? "api_base" : "base_url";
    const raw = params[key];
    if (raw === undefined || raw === null) return { endpoint: null, unresolvedEndpoint: null };
    if (typeof raw !== "string") {
      this.problem(`${label}.${key} must be a URL string, got ${describeValue(raw)}`, `${pointer}/${key}`);
      return { endpoint: null, unresolvedEndpoint: { raw: JSON.stringify(raw), reason: `${key} is ${describeValue(raw)}, not a URL` } };
    }
    const resolved = this.resolve(raw);
    const value = resolved.resolved && typeof resolved.value === "string" ? resolved.value : raw;
    return endpointFields(value, this.input.settings);
  }

  /**
   * OpenRouter provider routing from `litellm_params.provider` (when a map) and
   * `litellm_params.extra_body.provider` (sent in the request body; it wins field by field).
   */
  private routing(params: Record<string, unknown>, pointer: string, label: string, aggregator: boolean): AggregatorRouting | null {
    const sources: Array<{ value: Record<string, unknown>; pointer: string; label: string }> = [];
    if (isRecord(params.provider)) sources.push({ value: params.provider, pointer: `${pointer}/provider`, label: `${label}.provider` });
    const extraBody = params.extra_body;
    if (isRecord(extraBody) && extraBody.provider !== undefined && extraBody.provider !== null) {
      if (isRecord(extraBody.provider)) {
        sources.push({ value: extraBody.provider, pointer: `${pointer}/extra_body/provider`, label: `${label}.extra_body.provider` });
      } else {
        this.problem(
          `${label}.extra_body.provider must be a map of routing preferences, got ${describeValue(extraBody.provider)}`,
          `${pointer}/extra_body/provider`,
        );
      }
    }
    if (sources.length === 0) return aggregator ? {} : null;
    let routing: AggregatorRouting = {};
    for (const source of sources) routing = { ...routing, ...this.routingPreferences(source.value, source.pointer, source.label) };
    return routing;
  }

  private routingPreferences(value: Record<string, unknown>, pointer: string, label: string): AggregatorRouting {
    const routing: AggregatorRouting = {};
    const field = (snake: string, camel: string): { key: string; value: unknown } | null => {
      for (const key of [snake, camel]) {
        if (value[key] !== undefined && value[key] !== null) return { key, value: value[key] };
      }
      return null;
    };
    for (const name of ["order", "only", "ignore"] as const) {
      const found = field(name, name);
      if (!found) continue;
      if (Array.isArray(found.value) && found.value.every((item) => typeof item === "string")) routing[name] = [...found.value];
      else this.problem(`${label}.${found.key} must be a list of provider names, got ${describeValue(found.value)}`, `${pointer}/${found.key}`);
    }
    const allow = field("allow_fallbacks", "allowFallbacks");
    if (allow) {
      if (typeof allow.value === "boolean") routing.allowFallbacks = allow.value;
      else this.problem(`${label}.${allow.key} must be true or false, got ${describeValue(allow.value)}`, `${pointer}/${allow.key}`);
    }
    const collection = field("data_collection", "dataCollection");
    if (collection) {
      const text = typeof collection.value === "string" ? collection.value.trim().toLowerCase() : null;
      if (text === "allow" || text === "deny") routing.dataCollection = text;
      else this.problem(`${label}.${collection.key} must be "allow" or "deny", got ${describeValue(collection.value)}`, `${pointer}/${collection.key}`);
    }
    const zdr = field("zdr", "zdr");
    if (zdr) {
      if (typeof zdr.value === "boolean") routing.zdr = zdr.value;
      else this.problem(`${label}.zdr must be true or false, got ${describeValue(zdr.value)}`, `${pointer}/zdr`);
    }
    return routing;
  }

  // -------------------------------------------------------------------------
  // Settings shared by every deployment

  /** A USD budget and the duration it resets over (a budget without one never resets). */
  private budget(holder: Record<string, unknown>, usdKey: string, durationKey: string, pointer: string, label: string): Cap[] {
    const usd = this.number(holder, usdKey, `${pointer}/${usdKey}`, `${label}.${usdKey}`);
    const window = this.duration(holder, durationKey, `${pointer}/${durationKey}`, `${label}.${durationKey}`);
    if (usd === null) return [];
    const declared = holder[durationKey] !== undefined && holder[durationKey] !== null;
    // a duration that is written but cannot be read leaves the budget's window unknown: not a cap
    if (declared && window === null) return [];
    return [cap("usd", usd, window ?? LIFETIME, `${label}.${usdKey}`)];
  }

  private lifetimeBudget(holder: Record<string, unknown>, usdKey: string, pointer: string, label: string): Cap[] {
    const usd = this.number(holder, usdKey, `${pointer}/${usdKey}`, `${label}.${usdKey}`);
    return usd === null ? [] : [cap("usd", usd, LIFETIME, `${label}.${usdKey}`)];
  }

  /**
   * `litellm_settings.max_budget` + `budget_duration`: the proxy-wide budget; and the limits kept
   * per caller (docs.litellm.ai/docs/proxy/users, /customers, /virtual_keys, /self_serve), each
   * scoped to whom it counts for, so none is taken for a cap on the total:
   *   - `max_end_user_budget`, `default_end_user_params` per end user (the request's `user` field
   *     or `x-litellm-end-user-id` header),
   *   - `max_internal_user_budget` (+ `internal_user_budget_duration`), `default_internal_user_params`
   *     per internal user, `default_team_params` per team,
   *   - `default_key_generate_params`, `upperbound_key_generate_params` per virtual key.
   */
  sharedLimits(): Limits {
    const settings = this.section("litellm_settings");
    const limits = emptyLimits();
    limits.caps = this.budget(settings, "max_budget", "budget_duration", "/litellm_settings", "litellm_settings");
    const perCaller = (caps: Cap[], scope: string, selector: string): Cap[] => caps.map((found) => ({ ...found, scope, selector }));
    const END_USER = "the request's user field or x-litellm-end-user-id header";
    limits.caps.push(
      // an end user's budget has no duration of its own in the config: it never resets
      ...perCaller(this.lifetimeBudget(settings, "max_end_user_budget", "/litellm_settings", "litellm_settings"), "end-user", END_USER),
      ...perCaller(
        this.budget(settings, "max_internal_user_budget", "internal_user_budget_duration", "/litellm_settings", "litellm_settings"),
        "internal-user",
        "internal user",
      ),
    );
    const groups: ReadonlyArray<[string, string, string]> = [
      ["default_end_user_params", "end-user", END_USER],
      ["default_internal_user_params", "internal-user", "internal user"],
      ["default_team_params", "team", "team"],
      ["default_key_generate_params", "key", "virtual key"],
      ["upperbound_key_generate_params", "key", "virtual key"],
    ];
    for (const [key, scope, selector] of groups) {
      const holder = settings[key];
      if (!isRecord(holder)) continue;
      const pointer = `/litellm_settings/${key}`;
      const label = `litellm_settings.${key}`;
      const tpm = this.number(holder, "tpm_limit", `${pointer}/tpm_limit`, `${label}.tpm_limit`);
      const rpm = this.number(holder, "rpm_limit", `${pointer}/rpm_limit`, `${label}.rpm_limit`);
      limits.caps.push(
        ...perCaller(
          [
            ...this.budget(holder, "max_budget", "budget_duration", pointer, label),
            ...(tpm !== null ? [cap("tokens", tpm, PER_MINUTE, `${label}.tpm_limit`)] : []),
            ...(rpm !== null ? [cap("requests", rpm, PER_MINUTE, `${label}.rpm_limit`)] : []),
          ],
          scope,
          selector,
        ),
      );
    }
    return limits;
  }

  /** `router_settings.provider_budget_config`: a budget per provider for deployments without their own. */
  applyProviderBudgets(deployments: Deployment[]): void {
    const router = this.section("router_settings");
    const config = router.provider_budget_config;
    if (config === undefined || config === null) return;
    const base = "/router_settings/provider_budget_config";
    if (!isRecord(config)) {
      this.problem(`router_settings.provider_budget_config must be a map of provider to {budget_limit, time_period}, got ${describeValue(config)}`, base);
      return;
    }
    for (const [name, budget] of Object.entries(config)) {
      const pointer = `${base}${encodePointer([name])}`;
      const label = `router_settings.provider_budget_config.${name}`;
      if (!isRecord(budget)) {
        this.problem(`${label} must be a map with budget_limit and time_period, got ${describeValue(budget)}`, pointer);
        continue;
      }
      const caps = this.budget(budget, "budget_limit", "time_period", pointer, label);
      if (caps.length === 0) continue;
      const prefix = name.trim().toLowerCase();
      for (const { route } of deployments) {
        if (route.provider.sdkPrefix === prefix) route.limits.caps.push(...caps);
      }
    }
  }

  /**
   * Fallback lists and model group aliases: each deployment of a source group lists the route ids
   * of every deployment of its target groups. A target that names no deployment is a problem.
   */
  applyFallbacks(deployments: Deployment[]): void {
    const groups = new Map<string, Deployment[]>();
    for (const deployment of deployments) {
      if (deployment.modelName === null) continue;
      const group = groups.get(deployment.modelName) ?? [];
      group.push(deployment);
      groups.set(deployment.modelName, group);
    }
    const aliases = this.aliases(groups);
    // LiteLLM resolves an alias before the model group of the same name.
    const resolveGroup = (name: string): Deployment[] | undefined => {
      const alias = aliases.get(name);
      return (alias !== undefined ? groups.get(alias) : undefined) ?? groups.get(name);
    };
    const link = (sources: Deployment[], targets: Deployment[]): void => {
      for (const source of sources) {
        for (const target of targets) {
          if (target === source || source.route.fallbacks.includes(target.route.id)) continue;
          source.route.fallbacks.push(target.route.id);
        }
      }
    };

    for (const [alias, target] of aliases) {
      const sources = groups.get(alias);
      const targets = groups.get(target);
      if (sources && targets) link(sources, targets);
    }

    for (const sectionName of ["litellm_settings", "router_settings"] as const) {
      const section = this.section(sectionName);
      for (const key of FALLBACK_KEYS) {
        const list = section[key];
        if (list === undefined || list === null) continue;
        const pointer = `/${sectionName}/${key}`;
        const label = `${sectionName}.${key}`;
        if (!Array.isArray(list)) {
          this.problem(`${label} must be a list of {model_name: [fallback model names]} maps, got ${describeValue(list)}`, pointer);
          continue;
        }
        list.forEach((item, i) => {
          const itemPointer = `${pointer}/${i}`;
          if (!isRecord(item)) {
            this.problem(`${label}[${i}] must be a map of model name to a list of fallback model names, got ${describeValue(item)}`, itemPointer);
            return;
          }
          for (const [from, to] of Object.entries(item)) {
            const sources = from === "*" ? deployments : (resolveGroup(from) ?? []);
            const targets = this.fallbackTargets(to, `${itemPointer}${encodePointer([from])}`, `${label}[${i}].${from}`, resolveGroup);
            link(sources, targets);
          }
        });
      }
      const defaults = section.default_fallbacks;
      if (defaults !== undefined && defaults !== null) {
        const targets = this.fallbackTargets(defaults, `/${sectionName}/default_fallbacks`, `${sectionName}.default_fallbacks`, resolveGroup);
        link(deployments, targets);
      }
    }
  }

  private fallbackTargets(value: unknown, pointer: string, label: string, resolveGroup: (name: string) => Deployment[] | undefined): Deployment[] {
    if (!Array.isArray(value)) {
      this.problem(`${label} must be a list of fallback model names, got ${describeValue(value)}`, pointer);
      return [];
    }
    const targets: Deployment[] = [];
    value.forEach((target, i) => {
      if (typeof target !== "string") {
        this.problem(`${label}[${i}] must be a model name, got ${describeValue(target)}`, `${pointer}/${i}`);
        return;
      }
      const group = resolveGroup(target);
      if (group === undefined) this.problem(`fallback target "${target}" (${label}) is not defined in model_list`, `${pointer}/${i}`);
      else targets.push(...group);
    });
    return targets;
  }

  /** `model_group_alias: {alias: target}` or `{alias: {model: target, hidden: bool}}`, in router_settings or litellm_settings. */
  private aliases(groups: Map<string, Deployment[]>): Map<string, string> {
    const aliases = new Map<string, string>();
    for (const sectionName of ["litellm_settings", "router_settings"] as const) {
      const value = this.section(sectionName).model_group_alias;
      if (value === undefined || value === null) continue;
      const pointer = `/${sectionName}/model_group_alias`;
      if (!isRecord(value)) {
        this.problem(`${sectionName}.model_group_alias must be a map of alias to model name, got ${describeValue(value)}`, pointer);
        continue;
      }
      for (const [alias, spec] of Object.entries(value)) {
        const aliasPointer = `${pointer}${encodePointer([alias])}`;
        const target = typeof spec === "string" ? spec : isRecord(spec) && typeof spec.model === "string" ? spec.model : null;
        if (target === null) {
          this.problem(`${sectionName}.model_group_alias.${alias} must be a model name or {model: name}, got ${describeValue(spec)}`, aliasPointer);
          continue;
        }
        if (!groups.has(target)) {
          this.problem(
            `model_group_alias target "${target}" (alias "${alias}") is not defined in model_list`,
            typeof spec === "string" ? aliasPointer : `${aliasPointer}/model`,
          );
          continue;
        }
        aliases.set(alias, target);
      }
    }
    return aliases;
  }

  /**
   * Models stored in the proxy's database are added at run time and are invisible to a file scan:
   * a run-time model source of the document (its own finding), not a problem of the file.
   */
  checkDatabaseModels(): void {
    const general = this.section("general_settings");
    const raw = general.store_model_in_db;
    if (raw === undefined || raw === null || raw === false) return;
    const pointer = "/general_settings/store_model_in_db";
    const add = (certain: boolean, how: string): void => {
      this.runtimeModels.push({
        id: "general_settings/store_model_in_db",
        via: `LiteLLM general_settings.store_model_in_db ${how}`,
        certain,
        source: this.input.at(pointer),
      });
    };
    const resolved = this.resolve(raw);
    if (!resolved.resolved) {
      add(false, `is set from ${typeof raw === "string" ? raw.trim() : describeValue(raw)}, which may be true`);
      return;
    }
    const value = resolved.value;
    if (value === true || (typeof value === "string" && /^\s*true\s*$/i.test(value))) add(true, "is true");
    else if (!(typeof value === "string" && /^\s*false\s*$/i.test(value))) {
      this.problem(`general_settings.store_model_in_db must be true or false, got ${describeValue(raw)}`, pointer);
    }
  }
}

export function adaptLiteLLMConfig(input: ConfigInput): LlmUsageDocument {
  const reader = new ConfigReader(input);
  const all = reader.deployments();
  const limits = reader.sharedLimits();
  reader.applyProviderBudgets(all);
  reader.applyFallbacks(all);
  reader.checkDatabaseModels();
  // auto_router/<name> picks among the config's own model groups: it is no endpoint itself.
  const deployments = resolveAutoRouters(input.config.model_list, all, (message, pointer) => reader.problem(message, pointer));
  attachLiteLLMNameHints(
    input.config,
    deployments.map((deployment) => deployment.route),
    input.settings.catalog.envWords,
  );
  const routes = [...deployments.map((deployment) => deployment.route), ...reader.credentialRoutes()];
  // general_settings carries nothing else the rules read yet (master_key, database_url, ...).
  return {
    apiVersion: CANONICAL_API_VERSION,
    kind: "LLMUsage",
    workload: input.workload,
    classification: input.classification.classification,
    classificationSource: input.classification.classificationSource,
    classificationErrors: input.classification.classificationErrors,
    classificationConflicts: input.classification.classificationConflicts,
    routes,
    servers: [],
    limits,
    problems: reader.problems,
    ...(reader.runtimeModels.length > 0 ? { runtimeModels: reader.runtimeModels } : {}),
  };
}
