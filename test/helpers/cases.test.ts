/**
 * The adapter case harness (./cases.ts) must be able to fail: each case below is a folder written
 * to a temporary directory that breaks one of its promises, and running it must throw.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { outputErrors, runAdapterCase } from "./cases";

const CONFIG = [
  "model_list:",
  "  - model_name: chat",
  "    litellm_params:",
  "      model: openai/gpt-5.4",
  "      api_key: os.environ/OPENAI_API_KEY",
  "",
].join("\n");

const CLASSIFICATION = ["apiVersion: modelgate.dev/v1", "kind: WorkloadClassification", "metadata: {name: team}", "spec: {dataClass: internal}", ""].join("\n");

const DOCUMENT = { workload: { resource: "LiteLLMProxy/config.yaml" }, routes: [{ id: "model_list/0" }] };

const INVALID_CLASSIFICATION = CLASSIFICATION.replace("internal", "secret");

/** What the adapters make of the invalid classification: a document that carries the schema error. */
const INVALID_DOCUMENTS = [
  { workload: { resource: "WorkloadClassification/team" }, classificationErrors: [{ source: { file: "classification.yaml", pointer: "/spec/dataClass" } }] },
  { workload: DOCUMENT.workload, classification: null },
];

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "modelgate-cases-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function writeCase(name: string, files: Record<string, string>, expected: unknown): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  writeFileSync(path.join(dir, "expected.json"), JSON.stringify(expected));
  return dir;
}

describe("adapter case harness", () => {
  test("a case that states the output passes", async () => {
    const dir = writeCase("passes", { "config.yaml": CONFIG, "classification.yaml": CLASSIFICATION }, { documents: [DOCUMENT] });
    expect((await runAdapterCase(dir)).documents).toHaveLength(1);
  });

  test.each([
    ["an expected.json with an unknown key", { "config.yaml": CONFIG }, { documents: [DOCUMENT], document: [] }],
    ["a missing document", { "config.yaml": CONFIG }, { documents: [] }],
    ["a wrong value", { "config.yaml": CONFIG }, { documents: [{ ...DOCUMENT, routes: [{ id: "model_list/1" }] }] }],
    [
      "an exact object with a key too few",
      { "config.yaml": CONFIG },
      { documents: [{ ...DOCUMENT, routes: [{ id: "model_list/0", model: { $exact: true, id: "gpt-5.4" } }] }] },
    ],
    ["an empty object that is not empty", { "config.yaml": CONFIG }, { documents: [{ ...DOCUMENT, routes: [{ id: "model_list/0", model: {} }] }] }],
    [
      "a WorkloadClassification input that breaks its schema, unlisted",
      { "config.yaml": CONFIG, "classification.yaml": INVALID_CLASSIFICATION },
      { documents: INVALID_DOCUMENTS },
    ],
    [
      "a schema error listed that does not happen",
      { "config.yaml": CONFIG },
      { documents: [DOCUMENT], invalidInputs: [{ file: "config.yaml", pointer: "", message: "x" }] },
    ],
    ["an input that does not parse", { "config.yaml": `${CONFIG}  - [\n` }, { documents: [DOCUMENT] }],
  ])("fails on %s", async (name, files, expected) => {
    const dir = writeCase(name.replace(/\W+/g, "-"), files, expected);
    await expect(runAdapterCase(dir)).rejects.toThrow();
  });

  test("an output document that breaks llm-usage.schema.json or repeats a route id has errors", async () => {
    const dir = writeCase("output", { "config.yaml": CONFIG }, { documents: [DOCUMENT] });
    const [document] = (await runAdapterCase(dir)).documents;
    expect(outputErrors(document)).toEqual([]);
    const broken = { ...document, kind: "Usage", routes: [document.routes[0], document.routes[0]] } as unknown as typeof document;
    expect(outputErrors(broken)).toEqual(["/kind must be equal to constant", 'route id "model_list/0" is not unique']);
  });

  test("a listed schema error of an input is expected, not skipped", async () => {
    const files = { "config.yaml": CONFIG, "classification.yaml": INVALID_CLASSIFICATION };
    const message = 'must be equal to one of the allowed values: "public", "internal", "confidential", "restricted"';
    const dir = writeCase("listed", files, {
      documents: INVALID_DOCUMENTS,
      invalidInputs: [{ file: "classification.yaml", pointer: "/spec/dataClass", message }],
    });
    expect((await runAdapterCase(dir)).documents).toHaveLength(2);
  });
});
