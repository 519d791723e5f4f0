/**
 * Name hints for LiteLLM deployments whose endpoint is hidden (`api_base: os.environ/CUSTOM_BASE`
 * the config does not define): the variables the deployment reads (`api_key:
 * os.environ/DEEPSEEK_API_KEY`) speak for it; only when none of them carries a catalogue word do
 * the names the config's own `environment_variables` section sets. src/normalize/hints.ts keeps the names that carry a
 * catalogue word; policies/lib says which operator each word means.
 */

import type { Route } from "../../model/canonical";
import { attachNameHints } from "../../normalize/hints";
import { isRecord } from "../core/objects";

/** `os.environ/VAR`, and `${VAR}` / `$VAR` as configs substituted by envsubst or compose write it. */
const ENV_REFERENCE = /^\s*(?:os\.environ\/([A-Za-z_][A-Za-z0-9_]*)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*))\s*$/;

/** The variable names a deployment's litellm_params values reference, in the order written. */
function referencedNames(params: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const value of Object.values(params)) {
    const match = typeof value === "string" ? ENV_REFERENCE.exec(value) : null;
    const name = match?.[1] ?? match?.[2] ?? match?.[3];
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** Sets `nameHints` on the hidden-endpoint routes of `model_list/<i>` deployments. */
export function attachLiteLLMNameHints(config: Record<string, unknown>, routes: Route[], words: ReadonlySet<string>): void {
  if (words.size === 0 || !Array.isArray(config.model_list)) return;
  const modelList: unknown[] = config.model_list;
  const environment = isRecord(config.environment_variables) ? Object.keys(config.environment_variables) : [];
  for (const route of routes) {
    if (route.endpoint !== null) continue;
    const match = /^model_list\/(\d+)$/.exec(route.id);
    const entry = match ? modelList[Number(match[1])] : undefined;
    const params = isRecord(entry) && isRecord(entry.litellm_params) ? entry.litellm_params : {};
    attachNameHints([route], referencedNames(params), words);
    if (route.nameHints === undefined) attachNameHints([route], environment, words);
  }
}
