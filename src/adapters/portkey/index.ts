/**
 * Portkey gateway configs in JSON/YAML files: a config at the top level, under `config` or
 * `data.config` (the admin API's shape), or as the JSON value of an `x-portkey-config` header in
 * any config file. See ./config.ts for the field mapping.
 */

import type { ParsedDocument } from "../../parse/document";
import { isRecord } from "../core/objects";
import type { Adapter, AdapterContext, AdapterOutput, Claimed } from "../core/types";

type PortkeyConfigs = ReturnType<typeof findPortkeyConfigs>;
import { adaptPortkeyConfig, findPortkeyConfigs } from "./config";

export { findPortkeyConfigs, isPortkeyConfig } from "./config";

export const portkeyConfigAdapter: Adapter<PortkeyConfigs> = {
  name: "portkey-config",
  claim: (doc: ParsedDocument) => {
    const found = findPortkeyConfigs(doc.value);
    return found.length > 0 ? { doc, value: found } : null;
  },
  adapt({ doc, value: found }: Claimed<PortkeyConfigs>, ctx: AdapterContext): AdapterOutput {
    return { documents: found.map((config) => adaptPortkeyConfig(doc, ctx, config, found.length > 1)), problems: [] };
  },
  // virtual key exports, for targets that name a `virtual_key`
  joins: isVirtualKeyExport,
};

function isVirtualKeyExport(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.object === "virtual-key") return true;
  const data = value.data;
  return (Array.isArray(data) ? data : [data]).some((item) => isRecord(item) && item.object === "virtual-key");
}
