/**
 * Fixture-driven tests of the LiteLLM adapters. Each folder under cases/ holds input files (any
 * .yaml/.yml/.json except expected.json, in subfolders too) and expected.json:
 *   { "documents": [partial canonical documents, in order], "problems"?: [adapter-level problems] }
 * Documents are compared with toMatchObject; a document whose expectation leaves out `problems` or
 * `classificationErrors` must have none, and an empty object `{}` in an expectation means exactly
 * an empty object (toMatchObject alone would accept null or any object). Adding a case needs no test code.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { litellmConfigAdapter, litellmConfigMapAdapter } from "../../../src/adapters/litellm";
import { DEFAULT_PARSE_LIMITS } from "../../../src/parse/limits";
import { parseText } from "../../../src/parse/parse-text";
import type { ParsedDocument } from "../../../src/parse/document";
import { paths } from "../../../src/paths";
import { validator } from "../../../src/schemas";
import { adaptDocuments } from "../../../src/adapters/core/adapt";
import { resolveAllSources, sourceResolver } from "../../../src/scan/positions";
import { settings } from "./settings";
import { parseCase } from "../../helpers/cases";

const CASES = path.join(__dirname, "cases");

interface Expected {
  documents: Array<Record<string, unknown>>;
  problems?: unknown[];
}


/** Pointers where the expectation has `{}`, so they can be compared exactly. */
function emptyObjectPointers(expected: unknown, pointer = ""): string[] {
  if (expected === null || typeof expected !== "object") return [];
  const entries = Object.entries(expected as Record<string, unknown>);
  if (!Array.isArray(expected) && entries.length === 0) return [pointer];
  return entries.flatMap(([key, value]) => emptyObjectPointers(value, `${pointer}/${key}`));
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);
}

const caseNames = readdirSync(CASES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const llmUsageSchema = existsSync(path.join(paths.schemas, "llm-usage.schema.json"));

describe("LiteLLM adapter cases", () => {
  test("there are cases", () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(15);
  });

  test.each(caseNames)("%s", (name) => {
    const dir = path.join(CASES, name);
    const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
    const parsed = parseCase(dir);
    const result = resolveAllSources(adaptDocuments(parsed, settings, [litellmConfigMapAdapter, litellmConfigAdapter]), sourceResolver(parsed));

    expect(result.problems).toMatchObject(expected.problems ?? []);
    expect(result.documents).toMatchObject(expected.documents.map((doc) => ({ problems: [], classificationErrors: [], ...doc })));
    for (const pointer of emptyObjectPointers(expected.documents)) {
      expect([pointer, valueAt(result.documents, pointer)]).toEqual([pointer, {}]);
    }
    if (llmUsageSchema) {
      const validate = validator("llm-usage");
      for (const doc of result.documents) {
        validate(doc);
        expect(validate.errors ?? []).toEqual([]);
      }
    }
  });
});

describe("ConfigMap claiming", () => {
  const parse = (text: string): ParsedDocument => parseText("cm.yaml", text, DEFAULT_PARSE_LIMITS).documents[0]!;

  test("a ConfigMap without a LiteLLM config is left to other adapters", () => {
    const doc = parse(
      ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: app}", "data:", "  LOG_LEVEL: info", "  notes: |", "    the model_list lives elsewhere", ""].join("\n"),
    );
    expect(litellmConfigMapAdapter.claim(doc)).toBeNull();
    expect(litellmConfigAdapter.claim(doc)).toBeNull();
  });

  test("a ConfigMap whose model_list is nested deeper is not a LiteLLM config", () => {
    const doc = parse(["apiVersion: v1", "kind: ConfigMap", "metadata: {name: app}", "data:", "  app.yaml: |", "    llm:", "      model_list: [a, b]", ""].join("\n"));
    expect(litellmConfigMapAdapter.claim(doc)).toBeNull();
  });

  test("a ConfigMap with a LiteLLM config is claimed", () => {
    const doc = parse(["apiVersion: v1", "kind: ConfigMap", "metadata: {name: proxy}", "data:", "  config.yaml: |", "    model_list: []", ""].join("\n"));
    expect(litellmConfigMapAdapter.claim(doc)).not.toBeNull();
    expect(litellmConfigAdapter.claim(doc)).toBeNull();
  });

  test("a map with model_list that is not a list and no settings section is not claimed", () => {
    expect(litellmConfigAdapter.claim(parse("model_list: 3\n"))).toBeNull();
    expect(litellmConfigAdapter.claim(parse("model_list: 3\nlitellm_settings: {}\n"))).not.toBeNull();
  });
});
