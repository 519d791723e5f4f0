/**
 * Fixture-driven adapter tests of the Kong, Envoy AI Gateway, egress and Helm suites. Each folder
 * under a suite's cases/ holds input files (any .yaml/.yml/.json except expected.json, in
 * subfolders too) and expected.json:
 *   { "documents": [partial canonical documents, in order], "problems"?: [adapter-level problems] }
 * Inputs go through the whole adapter registry with every document of the case in the scan index
 * (joins across documents are the point of these formats), with the adapter settings of the real
 * default bundle (its provider catalogue). Documents are compared after resolveAllSources with
 * toMatchObject; arrays must have the same length. A document whose expectation leaves out
 * `problems` or `classificationErrors` must have none. Every document is validated against
 * schemas/llm-usage.schema.json and route ids are unique within it. Adding a case needs no code.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ADAPTERS } from "../../../src/adapters/registry";
import type { AdapterSettings } from "../../../src/adapters/core/types";
import { validator } from "../../../src/schemas";
import { adaptDocuments } from "../../../src/adapters/core/adapt";
import { resolveAllSources, sourceResolver } from "../../../src/scan/positions";
import { settingsFromBundleData } from "../../../src/scan/settings";
import { defaultEngine } from "../../helpers/engine";
import { parseCase } from "../../helpers/cases";


interface Expected {
  documents: Array<Record<string, unknown>>;
  problems?: unknown[];
}

let cached: AdapterSettings | null = null;

/** Adapter settings of the default bundle: the real catalogue's hosts and variables. */
export function bundleSettings(): AdapterSettings {
  cached ??= settingsFromBundleData(defaultEngine().bundle.data);
  return cached;
}


/** Registers one jest test per case folder of `casesDir`. */
export function describeCases(title: string, casesDir: string, minimum: number): void {
  const names = readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  describe(title, () => {
    test("has cases", () => {
      expect(names.length).toBeGreaterThanOrEqual(minimum);
    });

    test.each(names)("%s", (name) => {
      const dir = path.join(casesDir, name);
      const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
      const parsed = parseCase(dir);
      const result = resolveAllSources(adaptDocuments(parsed, bundleSettings(), ADAPTERS), sourceResolver(parsed));
      expect(result.problems).toMatchObject(expected.problems ?? []);
      expect(result.documents).toHaveLength(expected.documents.length);
      expect(result.documents).toMatchObject(expected.documents.map((doc) => ({ problems: [], classificationErrors: [], ...doc })));
      const validate = validator("llm-usage");
      for (const document of result.documents) {
        expect(new Set(document.routes.map((r) => r.id)).size).toBe(document.routes.length);
        validate(document);
        expect(validate.errors ?? []).toEqual([]);
      }
    });
  });
}
