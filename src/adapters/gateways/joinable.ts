/**
 * Documents that the OpenRouter and Portkey adapters join with from other files of the scan:
 * OpenRouter preset exports (for `@preset/{slug}`), Terraform JSON that declares or uses OpenRouter
 * resources (a module spans the .tf.json files of a directory) and Portkey virtual key exports (for
 * `virtual_key`). A scan split into shards must share these with every shard, like ConfigMaps.
 */

import { isRecord } from "../kubernetes/objects";
import { findRequestDefaults } from "../openrouter/app-config";

function isVirtualKeyExport(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.object === "virtual-key") return true;
  const data = value.data;
  return (Array.isArray(data) ? data : [data]).some((item) => isRecord(item) && item.object === "virtual-key");
}

function isOpenRouterTerraform(value: unknown): boolean {
  if (!isRecord(value) || !(isRecord(value.resource) || Array.isArray(value.resource))) return false;
  const text = JSON.stringify(value.resource) ?? "";
  return text.includes('"openrouter_') || text.includes("openrouter_api_key.");
}

/** True for a document another document of the scan may need to be joined with (see above). */
export function isJoinableDocument(value: unknown): boolean {
  return isVirtualKeyExport(value) || isOpenRouterTerraform(value) || findRequestDefaults(value).some((found) => found.presetSlug !== null);
}
