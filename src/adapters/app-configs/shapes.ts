/**
 * Application config shapes seen in public repositories, recognised by their top-level keys (and
 * for some by file name). A shape names the sections that are LLM places whatever their keys are
 * called, so the generic reader (./reader.ts) reads e.g. LibreChat's `endpoints.custom[]` entries
 * even when their `baseURL` is an in-cluster name.
 *
 *  - LibreChat `librechat.yaml`: `version`, `endpoints.custom[]` (`name`, `apiKey: "${VAR}"`,
 *    `baseURL`, `models.default`), `endpoints.openAI|anthropic|azureOpenAI|...`;
 *  - Continue `config.yaml` / `config.json`: `models[]` (`provider`, `model`, `apiBase`, `apiKey`),
 *    `tabAutocompleteModel`, `embeddingsProvider`;
 *  - Perplexica `config.toml`: `[MODELS.<PROVIDER>]` (`API_KEY`, `API_URL`, `MODEL_NAME`) beside
 *    `[GENERAL]` / `[API_ENDPOINTS]`;
 *  - aider `.aider.conf.yml`: top-level `model`, `openai-api-base`, `<provider>-api-key`;
 *  - OpenCode `opencode.json`: `provider.<id>` (`npm` AI SDK package, `options.baseURL`,
 *    `options.apiKey: "{env:VAR}"`, `models`), top-level `model: "<provider>/<model>"`, with the
 *    `https://opencode.ai/config.json` schema or in a file named opencode.json(c).
 */

import { isRecord } from "../core/objects";

export interface AppShape {
  /** The application, as the workload kind of a config read on its own: "LibreChat". */
  app: string;
  /** Pointers of maps that are LLM places, and everything below them. */
  places: readonly string[];
  /** A custom endpoint's `name` names its provider (LibreChat). */
  nameIsProvider: boolean;
  /**
   * Where the config defines providers by id (OpenCode `provider`): a model written
   * `<id>/<model>` with such an id is that provider's, read there, not a route by SDK prefix.
   */
  providersAt?: string;
}

function basename(name: string): string {
  const cut = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
  return (cut === -1 ? name : name.slice(cut + 1)).toLowerCase();
}

/** `endpoints.custom[]` beside the required `version`, or any `endpoints` map in a file named after LibreChat. */
function isLibreChat(root: Record<string, unknown>, file: string): boolean {
  if (!isRecord(root.endpoints)) return false;
  return file.includes("librechat") || ("version" in root && Array.isArray(root.endpoints.custom));
}

function isContinue(root: Record<string, unknown>): boolean {
  const models = root.models;
  if (!Array.isArray(models) || models.length === 0) return false;
  const entries = models.filter(isRecord);
  return entries.length > 0 && entries.every((model) => typeof model.provider === "string" && typeof model.model === "string");
}

function isPerplexica(root: Record<string, unknown>): boolean {
  return isRecord(root.MODELS) && (isRecord(root.GENERAL) || isRecord(root.API_ENDPOINTS));
}

function isOpenCode(root: Record<string, unknown>, file: string): boolean {
  if (!isRecord(root.provider)) return false;
  const schema = typeof root.$schema === "string" ? root.$schema : "";
  return schema.startsWith("https://opencode.ai/") || file === "opencode.json" || file === "opencode.jsonc";
}

/** The known app shape of a config, or null. `file` is the file or data key it is read from. */
export function shapeOf(root: unknown, file: string): AppShape | null {
  if (!isRecord(root)) return null;
  const name = basename(file);
  if (isLibreChat(root, name)) return { app: "LibreChat", places: ["/endpoints"], nameIsProvider: true };
  if (isPerplexica(root)) return { app: "Perplexica", places: ["/MODELS"], nameIsProvider: false };
  if (isContinue(root)) return { app: "Continue", places: ["/models", "/tabAutocompleteModel", "/embeddingsProvider"], nameIsProvider: false };
  if (isOpenCode(root, name)) return { app: "OpenCode", places: ["/provider"], nameIsProvider: false, providersAt: "provider" };
  if (name === ".aider.conf.yml" || name === ".aider.conf.yaml") return { app: "Aider", places: [""], nameIsProvider: false };
  return null;
}
