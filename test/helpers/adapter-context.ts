import { existsSync } from "node:fs";
import path from "node:path";

import { ScanIndex } from "../../src/adapters/core/scan-index";
import { ADAPTERS } from "../../src/adapters/registry";
import type { AdapterContext } from "../../src/adapters/core/types";
import { PolicyEngine } from "../../src/engine/engine";
import { applyConfig, loadConfig } from "../../src/config/load";
import { ClassificationPaths, projectSettings, type ClassificationMapping } from "../../src/config/project";
import type { ParsedDocument } from "../../src/parse/document";
import { contextsByMapping } from "../../src/scan/contexts";
import { settingsFromBundleData } from "../../src/scan/settings";
import { defaultEngine } from "./engine";

/** The project config a case folder may hold, read and schema-validated as `modelgate check` reads it. */
export const CASE_CONFIG = "modelgate.yaml";

export interface CaseContext {
  /** The rule bundle the case is evaluated with: the default one, with the case's config applied. */
  engine: PolicyEngine;
  /** The context the document is adapted with. */
  contextFor(doc: ParsedDocument): AdapterContext;
  /** The `classification.paths` mapping covering the document's file, if any. */
  mappingFor(doc: ParsedDocument): ClassificationMapping | undefined;
}

/**
 * How the case harness gets its adapter context, built as `modelgate check` builds it
 * (src/scan/shard.ts `link`): settings from the default bundle's data (its real catalogue and
 * policy), with the case folder's modelgate.yaml applied to that data when there is one; every
 * document of the case in the scan index; and, for a file a `classification.paths` mapping covers,
 * that mapping's classification over the default one. Findings are evaluated with the same data.
 * This is the one place tests build an
 * adapter context: when the adapter contract changes, only this function changes.
 */
export function caseContext(dir: string, parsed: readonly ParsedDocument[]): CaseContext {
  const defaults = defaultEngine();
  const configFile = path.join(dir, CASE_CONFIG);
  const config = existsSync(configFile) ? loadConfig(configFile, CASE_CONFIG, defaults.catalog.rules) : null;
  const data = config ? applyConfig(defaults.bundle.data, config) : defaults.bundle.data;
  const engine = config ? new PolicyEngine({ ...defaults.bundle, data }) : defaults;
  const base = settingsFromBundleData(data);
  const project = projectSettings(config, dir);
  const paths = new ClassificationPaths(project.classificationPaths, dir, project.baseDir);
  const index = new ScanIndex([...parsed]);
  const contextOf = contextsByMapping(index, base, paths, ADAPTERS);
  return {
    engine,
    contextFor(doc) {
      return contextOf(paths.indexFor(doc.file));
    },
    mappingFor(doc) {
      return paths.mapping(paths.indexFor(doc.file));
    },
  };
}
