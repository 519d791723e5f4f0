/**
 * Fixture-driven adapter tests shared by the OpenRouter, Portkey and gateway suites. Each folder
 * under a suite's cases/ holds input files (any .yaml/.yml/.json except expected.json, in
 * subfolders too) and expected.json:
 *   { "documents": [partial canonical documents, in order], "problems"?: [adapter-level problems] }
 * Inputs go through the whole adapter registry (so precedence between formats is tested too) with
 * every document of the case in the scan index; documents are compared after resolveAllSources
 * with toMatchObject. A document whose expectation leaves out `problems` or `classificationErrors`
 * must have none, and `{}` in an expectation means exactly an empty object. Every document is
 * validated against schemas/llm-usage.schema.json.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ADAPTERS } from "../../../src/adapters/registry";
import { catalogSettings } from "../../helpers/catalog";
import type { AdapterSettings } from "../../../src/adapters/core/types";
import { validator } from "../../../src/schemas";
import { adaptDocuments } from "../../../src/adapters/core/adapt";
import { resolveAllSources, sourceResolver } from "../../../src/scan/positions";
import { parseCase } from "../../helpers/cases";


export const settings: AdapterSettings = catalogSettings;

interface Expected {
  documents: Array<Record<string, unknown>>;
  problems?: unknown[];
}


/** Adapts a case folder and returns documents and problems with every location resolved. */
export function adaptCase(dir: string): ReturnType<typeof adaptDocuments> {
  const parsed = parseCase(dir);
  return resolveAllSources(adaptDocuments(parsed, settings, ADAPTERS), sourceResolver(parsed));
}

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

export function caseNames(casesDir: string): string[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Runs one case folder against its expected.json. */
export function runCase(dir: string): void {
  const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
  const result = adaptCase(dir);
  expect(result.problems).toMatchObject(expected.problems ?? []);
  expect(result.documents).toHaveLength(expected.documents.length);
  expect(result.documents).toMatchObject(expected.documents.map((doc) => ({ problems: [], classificationErrors: [], ...doc })));
  for (const pointer of emptyObjectPointers(expected.documents)) {
    expect([pointer, valueAt(result.documents, pointer)]).toEqual([pointer, {}]);
  }
  const validate = validator("llm-usage");
  for (const doc of result.documents) {
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
  }
}
