import { isKubeObject, isRecord } from "../core/objects";

/** Top-level sections of a LiteLLM proxy config other than `model_list`. */
const SETTINGS_SECTIONS = ["litellm_settings", "router_settings", "general_settings", "environment_variables"] as const;

/**
 * True for a LiteLLM proxy config: a map with a top-level `model_list` array (optionally next to
 * litellm_settings / router_settings / ...). A `model_list` that is not an array is still claimed
 * when a settings section shows the map is a LiteLLM config, so the malformed list is reported
 * instead of the file being skipped.
 */
export function isLiteLLMConfig(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || isKubeObject(value) || !Object.hasOwn(value, "model_list")) return false;
  if (Array.isArray(value.model_list)) return true;
  return SETTINGS_SECTIONS.some((section) => Object.hasOwn(value, section));
}

/**
 * A cheap test on text before parsing it: a `model_list` key, in YAML or JSON form. Only text that
 * passes is parsed as a candidate LiteLLM config.
 */
export function mentionsModelList(text: string): boolean {
  return /(?:^|[\s{,])["']?model_list["']?\s*:/m.test(text);
}

/** A `model_list:` key at the start of a line or as a JSON key: text meant as a LiteLLM config. */
export function looksLikeLiteLLMConfigText(text: string): boolean {
  return /^["']?model_list["']?\s*:/m.test(text) || /^\s*\{[\s\S]*"model_list"\s*:/.test(text);
}
