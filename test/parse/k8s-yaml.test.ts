/**
 * Differential test of Modelgate's YAML reading: every file in test/parse/k8s-yaml/ is read by
 * tools/yamloracle (kubectl's own Go code: apimachinery's decoder, sigs.k8s.io/yaml, go-yaml v2)
 * and by Modelgate. cases.json states each file's outcome, so a new case is a file and one line:
 * - "match": kubectl reads it and Modelgate reads the very same JSON, document by document;
 * - "refuse: why": Modelgate reports invalid-input at a line (kubectl may read it, or refuse it);
 * - "kubectl-refuses: why": kubectl refuses it while Modelgate reads it, which lets nothing onto
 *   a cluster unchecked; the reason says why Modelgate does not refuse it too.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ParsedDocument } from "../../src/parse/document";
import { InputError } from "../../src/parse/errors";
import { DEFAULT_PARSE_LIMITS } from "../../src/parse/limits";
import { decodeText, parseText } from "../../src/parse/parse-text";
import { readAsKubectl, type KubectlReading } from "../../src/tools/yaml-oracle";

const DIR = path.join(__dirname, "k8s-yaml");
const cases = JSON.parse(readFileSync(path.join(DIR, "cases.json"), "utf8")) as Record<string, string>;
const files = readdirSync(DIR)
  .filter((name) => name !== "cases.json")
  .sort();

function readByModelgate(name: string): { documents: ParsedDocument[]; errors: InputError[]; wholeFile: boolean } {
  try {
    const text = decodeText(name, readFileSync(path.join(DIR, name)), DEFAULT_PARSE_LIMITS);
    return { ...parseText(name, text, DEFAULT_PARSE_LIMITS), wholeFile: false };
  } catch (error) {
    if (error instanceof InputError) return { documents: [], errors: [error], wholeFile: true };
    throw error;
  }
}

let kubectl: Map<string, KubectlReading>;

beforeAll(() => {
  kubectl = new Map(readAsKubectl(files.map((name) => path.join(DIR, name))).map((reading) => [path.basename(reading.file), reading]));
}, 600_000);

describe("YAML read as kubectl reads it", () => {
  it("has a stated outcome for every corpus file, and at least 40 files", () => {
    expect(files.filter((name) => !(name in cases))).toEqual([]);
    expect(Object.keys(cases).filter((name) => !files.includes(name))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)("%s", (name) => {
    const expected = cases[name] ?? "";
    const outcome = expected.split(":")[0];
    const theirs = kubectl.get(name)!;
    const ours = readByModelgate(name);
    const messages = ours.errors.map(String);
    if (outcome === "match") {
      expect(theirs.error).toBeUndefined();
      expect(messages).toEqual([]);
      expect(ours.documents.map((doc) => doc.value)).toStrictEqual(theirs.documents);
    } else if (outcome === "refuse") {
      expect(messages).not.toEqual([]);
      // an unreadable encoding is the whole file's; every other refusal names its line
      if (!ours.wholeFile) for (const error of ours.errors) expect(error.line).toBeGreaterThan(0);
    } else if (outcome === "kubectl-refuses") {
      expect(theirs.error).toBeDefined();
      expect(messages).toEqual([]);
    } else {
      throw new Error(`cases.json: "${expected}" for ${name} is not match, refuse: or kubectl-refuses:`);
    }
  });
});
