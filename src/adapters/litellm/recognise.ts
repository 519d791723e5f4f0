import { isKubeObject, isRecord } from "../core/objects";

/** Top-level sections of a LiteLLM proxy config other than `model_list`. */
const SETTINGS_SECTIONS = ["litellm_settings", "router_settings", "general_settings", "environment_variables"] as const;

/** `general_settings` keys only the LiteLLM proxy reads: a `general_settings` map with one of them is LiteLLM's. */
const GENERAL_SETTINGS_KEYS = [
  "master_key",
  "database_url",
  "store_model_in_db",
  "store_prompts_in_spend_logs",
  "alerting",
  "proxy_batch_write_at",
  "database_connection_pool_limit",
  "disable_spend_logs",
  "ui_access_mode",
  "max_parallel_requests",
  "global_max_parallel_requests",
  "allowed_routes",
  "public_routes",
  "enforce_user_param",
  "litellm_key_header_name",
];

/**
 * True for a LiteLLM proxy config: a map with a top-level `model_list` array (optionally next to
 * litellm_settings / router_settings / ...). A `model_list` that is not an array is still claimed
 * when a settings section shows the map is a LiteLLM config, so the malformed list is reported
 * instead of the file being skipped. A config without `model_list` is claimed too when it holds
 * `litellm_settings`, `router_settings`, a `credential_list`, or a `general_settings` map with a
 * key only the proxy reads: a proxy whose models live in its database, or a settings file.
 */
export function isLiteLLMConfig(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || isKubeObject(value)) return false;
  if (!Object.hasOwn(value, "model_list")) return isSettingsOnlyConfig(value);
  if (Array.isArray(value.model_list)) return true;
  return SETTINGS_SECTIONS.some((section) => Object.hasOwn(value, section));
}

function isSettingsOnlyConfig(value: Record<string, unknown>): boolean {
  if (isRecord(value.litellm_settings) || isRecord(value.router_settings)) return true;
  if (Array.isArray(value.credential_list) && value.credential_list.some((entry) => isRecord(entry) && Object.hasOwn(entry, "credential_name"))) return true;
  const general = value.general_settings;
  return isRecord(general) && GENERAL_SETTINGS_KEYS.some((key) => Object.hasOwn(general, key));
}

/** Top-level keys that can mark text as a LiteLLM config. */
const CONFIG_KEYS = "model_list|litellm_settings|router_settings|general_settings|credential_list";

/**
 * A cheap test on text before parsing it: a `model_list` (or settings section) key, in YAML or
 * JSON form. Only text that passes is parsed as a candidate LiteLLM config.
 */
export function mentionsModelList(text: string): boolean {
  return new RegExp(`(?:^|[\\s{,])["']?(?:${CONFIG_KEYS})["']?\\s*:`, "m").test(text);
}

/** A `model_list:` (or settings section) key at the start of a line or as a JSON key: text meant as a LiteLLM config. */
export function looksLikeLiteLLMConfigText(text: string): boolean {
  return new RegExp(`^["']?(?:${CONFIG_KEYS})["']?\\s*:`, "m").test(text) || new RegExp(`^\\s*\\{[\\s\\S]*"(?:${CONFIG_KEYS})"\\s*:`).test(text);
}
