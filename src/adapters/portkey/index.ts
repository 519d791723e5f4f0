/**
 * Portkey gateway configs in JSON/YAML files: a config at the top level, under `config` or
 * `data.config` (the admin API's shape), or as the JSON value of an `x-portkey-config` header in
 * any config file. See ./config.ts for the field mapping.
 */

import type { ParsedDocument } from "../../parse/document";
import type { Adapter, AdapterContext, AdapterOutput } from "../types";
import { adaptPortkeyConfig, findPortkeyConfigs } from "./config";

export { findPortkeyConfigs, isPortkeyConfig } from "./config";

export const portkeyConfigAdapter: Adapter = {
  name: "portkey-config",
  matches: (doc: ParsedDocument) => findPortkeyConfigs(doc.value).length > 0,
  adapt(doc: ParsedDocument, ctx: AdapterContext): AdapterOutput {
    const found = findPortkeyConfigs(doc.value);
    return { documents: found.map((config) => adaptPortkeyConfig(doc, ctx, config, found.length > 1)), problems: [] };
  },
};
