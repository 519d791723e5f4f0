/**
 * Classification by path (modelgate.yaml `classification.paths`), one folder per case under
 * classification-cases/: the files scanned, their modelgate.yaml, and expected.json:
 *   { "description": "...", "workloads": { "<resource>": { "origin": "resource|document|config|default",
 *     "source"?: {partial source location}, "classification": {exact classification} } } }
 * Every workload of the scan must be listed. Adding a case needs no test code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { applyConfig, loadConfig } from "../../src/config/load";
import { projectSettings } from "../../src/config/project";
import { PolicyEngine } from "../../src/engine/engine";
import { scan } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";

const CASES = path.join(__dirname, "classification-cases");

interface Expected {
  description: string;
  workloads: Record<string, { origin: string; source?: Record<string, unknown>; classification: Record<string, unknown> }>;
}

describe("classification.paths", () => {
  it.each(readdirSync(CASES).sort())("%s", async (name) => {
    const dir = path.join(CASES, name);
    const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
    const base = defaultEngine();
    const config = loadConfig(path.join(dir, "modelgate.yaml"), "modelgate.yaml", base.catalog.rules);
    const engine = new PolicyEngine({ ...base.bundle, data: applyConfig(base.bundle.data, config) });
    const result = await scan({ paths: ["."], cwd: dir, engine, project: projectSettings(config, dir), workers: 0 });
    const actual = Object.fromEntries(
      result.documents.map((doc) => [
        doc.workload.resource,
        { origin: doc.classificationSource?.origin ?? null, source: doc.classificationSource ? result.resolve(doc.classificationSource.source) : null, classification: doc.classification },
      ]),
    );
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected.workloads).sort());
    for (const [resource, want] of Object.entries(expected.workloads)) {
      const got = actual[resource]!;
      expect([resource, got.origin]).toEqual([resource, want.origin]);
      expect([resource, got.classification]).toEqual([resource, want.classification]);
      if (want.source) expect(got.source).toMatchObject(want.source);
    }
  });
});
