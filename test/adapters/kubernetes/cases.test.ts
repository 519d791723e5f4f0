/**
 * Fixture-driven tests of the Kubernetes and KServe adapters. Each folder under cases/ holds input
 * YAML/JSON files and an expected.json:
 *   { "documents": [ partial canonical documents, in order ], "problems"?: [ adapter problems ] }
 * Documents are compared with toMatchObject, so a case states only what it checks (arrays are
 * compared element by element and must have the same length). Adding a case needs no code.
 * File names in expected.json are relative to the case folder; positions are resolved (line and
 * column as reported), as the adapters defer them.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { kserveAdapter } from "../../../src/adapters/kubernetes";
import { kubernetesWorkloadAdapter } from "../../../src/adapters/workloads";
import type { ParsedDocument } from "../../../src/parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../../src/parse/limits";
import { parseText } from "../../../src/parse/parse-text";
import { adaptDocuments } from "../../../src/adapters/core/adapt";
import { resolveAllSources, sourceResolver } from "../../../src/scan/positions";
import { validator } from "../../../src/schemas";
import { settings } from "./settings";

const CASES_DIR = path.join(__dirname, "cases");
const INPUT = /\.(ya?ml|json)$/i;

interface Expected {
  documents: unknown[];
  problems?: unknown[];
}

/** The canonical document schema, when schemas/llm-usage.schema.json exists. */
function usageValidator(): ((value: unknown) => boolean) & { errors?: unknown } | null {
  try {
    return validator("llm-usage");
  } catch {
    return null;
  }
}

function loadCase(dir: string): { parsed: ParsedDocument[]; expected: Expected } {
  const parsed: ParsedDocument[] = [];
  const files = readdirSync(dir)
    .filter((name) => INPUT.test(name) && name !== "expected.json")
    .sort();
  for (const file of files) {
    const result = parseText(file, readFileSync(path.join(dir, file), "utf8"), DEFAULT_PARSE_LIMITS);
    expect(result.errors.map(String)).toEqual([]);
    parsed.push(...result.documents);
  }
  const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
  return { parsed, expected };
}

const cases = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("kubernetes adapters", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)("%s", (name) => {
    const { parsed, expected } = loadCase(path.join(CASES_DIR, name));
    // positions are deferred by the adapters; resolve them as the reporters do
    const result = resolveAllSources(adaptDocuments(parsed, settings, [kubernetesWorkloadAdapter, kserveAdapter]), sourceResolver(parsed));
    expect(result.documents).toHaveLength(expected.documents.length);
    expect(result.documents).toMatchObject(expected.documents);
    expect(result.problems).toMatchObject(expected.problems ?? []);

    for (const document of result.documents) {
      // ids are unique within a document (baselines key on them)
      expect(new Set(document.routes.map((r) => r.id)).size).toBe(document.routes.length);
      expect(new Set(document.servers.map((s) => s.id)).size).toBe(document.servers.length);
      const validate = usageValidator();
      if (validate && !validate(document)) throw new Error(JSON.stringify(validate.errors, null, 2));
    }
  });
});
