/**
 * The adapter case harness: every folder of adapter cases (test/adapters/*, test/config/
 * classification-cases) is run by `describeAdapterCases`, and test/evasions reads and evaluates
 * its one-file cases with `parseFiles`/`adaptParsed`. A case is a folder of input files (any
 * .yaml/.yml/.json in it or its subfolders, except expected.json and modelgate.yaml), an optional
 * modelgate.yaml (the project config, applied as `modelgate check` applies it), and expected.json
 * (test/helpers/adapter-case.schema.json):
 *   { "documents": [partial canonical documents, in order], "problems"?: [adapter-level problems],
 *     "invalidInputs"?: [schema errors of inputs the case is about] }
 * Inputs are read as `modelgate check` reads them and go through the whole adapter registry with
 * every document of the case in the scan index and the adapter context of the real default bundle
 * (./adapter-context.ts). Nothing switches validation off: expected.json is validated against its schema, every WorkloadClassification
 * input against schemas/workload-classification.schema.json (errors must be exactly those the case
 * lists), and every output document against schemas/llm-usage.schema.json. Documents are compared
 * after resolving their locations, with toMatchObject (arrays of the same length); a document whose
 * expectation leaves out `problems` or `classificationErrors` must have none, and an object marked
 * `"$exact": true`, or an empty object, must equal the output exactly. Adding a case needs no code.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { ADAPTERS } from "../../src/adapters/registry";
import type { Finding } from "../../src/findings/types";
import type { LlmUsageDocument, Problem, SourceLocation } from "../../src/model/canonical";
import type { ParsedDocument } from "../../src/parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../src/parse/limits";
import { adaptOne } from "../../src/adapters/core/adapt";
import { catalogFromBundleData } from "../../src/adapters/core/catalog";
import { sourceAt } from "../../src/adapters/core/types";
import { coverageOf, CoverageIndex, judgedAt } from "../../src/sweep/sweep";
import { documentSightings, settleSightings, type PendingSightings } from "../../src/sweep/pending";
import { resolveAllSources, sourceResolver } from "../../src/scan/positions";
import { pointAtMapping } from "../../src/scan/contexts";
import { readAndParse } from "../../src/scan/read";
import { describeSchemaErrors, validator } from "../../src/schemas";
import { CASE_CONFIG, caseContext } from "./adapter-context";

const INPUT = /\.(ya?ml|json)$/i;
const EXPECTED = "expected.json";
const EXACT = "$exact";

/** A schema error of an input document. */
export interface InputError {
  file: string;
  pointer: string;
  message: string;
}

export interface CaseExpectation {
  description?: string;
  documents: Array<Record<string, unknown>>;
  problems?: Array<Record<string, unknown>>;
  invalidInputs?: InputError[];
}

export interface CaseResult {
  documents: LlmUsageDocument[];
  problems: Problem[];
  /** The residual sweep's documents: references no route of the case accounts for (src/sweep). */
  sightings: LlmUsageDocument[];
  /** What the rule bundle finds in the documents (the case's config applied). */
  findings(): Finding[];
}

const validateExpectation = new Ajv2020({ allErrors: true, strict: true }).compile<CaseExpectation>(
  JSON.parse(readFileSync(path.join(__dirname, "adapter-case.schema.json"), "utf8")),
);

/** Case folder names under `casesDir`, sorted. */
export function caseNames(casesDir: string): string[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Input files of a case folder, relative to it, sorted so documents come out in a stable order. */
function inputFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  const entries = readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...inputFiles(dir, relative));
    else if (INPUT.test(entry.name) && relative !== EXPECTED && relative !== CASE_CONFIG) out.push(relative);
  }
  return out;
}

/**
 * Every document of `files` (relative to `root`, and named so), read as `modelgate check` reads
 * them (src/scan/read.ts: size limits, decoding, `kind: List` expanded); read and parse errors
 * are returned, not thrown.
 */
export async function parseFiles(root: string, files: readonly string[]): Promise<{ parsed: ParsedDocument[]; errors: string[] }> {
  const parsed: ParsedDocument[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const result = await readAndParse({ absolute: path.join(root, file), display: file }, DEFAULT_PARSE_LIMITS);
    errors.push(...result.errors.map(String));
    parsed.push(...result.documents);
  }
  return { parsed, errors };
}

/** Every document of a case folder's input files; a read or parse error fails the case. */
export async function parseCase(dir: string): Promise<ParsedDocument[]> {
  const { parsed, errors } = await parseFiles(dir, inputFiles(dir));
  expect(errors).toEqual([]);
  return parsed;
}

function isWorkloadClassification(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return record.kind === "WorkloadClassification" && typeof record.apiVersion === "string" && record.apiVersion.startsWith("modelgate.dev/");
}

/** Schema errors of the input documents that have a schema. */
export function inputSchemaErrors(parsed: readonly ParsedDocument[]): InputError[] {
  const validate = validator("workload-classification");
  return parsed
    .filter((doc) => isWorkloadClassification(doc.value))
    .flatMap((doc) => (validate(doc.value) ? [] : describeSchemaErrors(validate.errors).map((error) => ({ file: doc.file, ...error }))));
}

/** The schema errors of a canonical document (llm-usage.schema.json) and its duplicate ids. */
export function outputErrors(document: LlmUsageDocument): string[] {
  const validate = validator("llm-usage");
  const errors = validate(document) ? [] : describeSchemaErrors(validate.errors).map((e) => `${e.pointer} ${e.message}`);
  for (const [kind, items] of [
    ["route", document.routes],
    ["server", document.servers],
  ] as const) {
    const ids = items.map((item) => item.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) errors.push(`${kind} id ${JSON.stringify(id)} is not unique`);
  }
  return errors;
}

/** Reads and validates a case folder's expected.json. */
export function readExpectation(dir: string): CaseExpectation {
  const file = path.join(dir, EXPECTED);
  const value: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!validateExpectation(value)) throw new Error(`${file} does not fit test/helpers/adapter-case.schema.json: ${JSON.stringify(validateExpectation.errors)}`);
  return value;
}

/**
 * Adapts a case folder as `modelgate check` does (src/scan/shard.ts): the first adapter of the
 * registry that claims a document adapts it; a workload left to the default classification that
 * a `classification.paths` mapping covers is classified by that mapping. Locations are resolved.
 */
export async function adaptCase(dir: string): Promise<CaseResult> {
  return adaptParsed(dir, await parseCase(dir));
}

/** Adapts parsed documents as a case; `configDir` is where its modelgate.yaml would be. */
export function adaptParsed(configDir: string, parsed: readonly ParsedDocument[]): CaseResult {
  const context = caseContext(configDir, parsed);
  const documents: LlmUsageDocument[] = [];
  const problems: Problem[] = [];
  const pending: PendingSightings[] = [];
  const coverage = new CoverageIndex();
  const catalog = catalogFromBundleData(context.engine.bundle.data);
  for (const doc of parsed) {
    const ctx = { ...context.contextFor(doc), judged: (at: SourceLocation) => coverage.add([judgedAt(at)]) };
    const output = adaptOne(doc, ctx, ADAPTERS);
    if (!output?.swept) pending.push(...documentSightings(doc, ctx, output?.documents ?? [], catalog, (pointer) => sourceAt(doc, pointer)));
    if (!output) continue;
    const covered = coverageOf(output, catalog);
    coverage.add(covered.coverage);
    coverage.addReach(covered.reach);
    for (const document of output.documents) {
      pointAtMapping(document, context.mappingFor(doc));
      documents.push(document);
    }
    problems.push(...output.problems);
  }
  const sightings = pending.map((entry) => settleSightings(entry, coverage, catalog)).filter((document) => document !== null);
  const resolved = resolveAllSources({ documents, problems, sightings }, sourceResolver(parsed));
  const evaluated = [...resolved.documents, ...resolved.sightings];
  return { ...resolved, findings: () => evaluated.flatMap((document) => context.engine.evaluate(document)) };
}

/** JSON pointers of the expectation's exact objects: marked `"$exact": true`, or empty. */
function exactPointers(expected: unknown, pointer = ""): string[] {
  if (expected === null || typeof expected !== "object") return [];
  const record = expected as Record<string, unknown>;
  if (!Array.isArray(expected) && (record[EXACT] === true || Object.keys(record).length === 0)) return [pointer];
  return Object.entries(record).flatMap(([key, value]) => exactPointers(value, `${pointer}/${key}`));
}

/** The expectation without `$exact` markers. */
function unmarked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unmarked);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== EXACT)
      .map(([key, child]) => [key, unmarked(child)]),
  );
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** Runs one case folder against its expected.json; returns what it produced. */
export async function runAdapterCase(dir: string): Promise<CaseResult> {
  const expected = readExpectation(dir);
  const parsed = await parseCase(dir);
  expect(inputSchemaErrors(parsed)).toEqual(expected.invalidInputs ?? []);
  const result = adaptParsed(dir, parsed);
  expect(result.problems).toMatchObject(expected.problems ?? []);
  const documents = expected.documents.map((doc) => unmarked({ problems: [], classificationErrors: [], ...doc }));
  expect(result.documents).toHaveLength(documents.length);
  expect(result.documents).toMatchObject(documents);
  for (const pointer of exactPointers(expected.documents)) {
    expect([pointer, valueAt(result.documents, pointer)]).toEqual([pointer, valueAt(documents, pointer)]);
  }
  expect(result.documents.map((document) => [document.workload.resource, outputErrors(document)])).toEqual(
    result.documents.map((document) => [document.workload.resource, []]),
  );
  return result;
}

/** Registers one jest test per case folder of `casesDir`, and one that there are at least `minimum`. */
export function describeAdapterCases(title: string, casesDir: string, minimum: number): void {
  const names = caseNames(casesDir);
  describe(title, () => {
    test(`has at least ${minimum} cases`, () => {
      expect(names.length).toBeGreaterThanOrEqual(minimum);
    });

    test.each(names)("%s", async (name) => {
      await runAdapterCase(path.join(casesDir, name));
    });
  });
}
