/**
 * Differential test of Modelgate's YAML reading: every file in test/parse/k8s-yaml/ is read by
 * tools/yamloracle (kubectl's own Go code: apimachinery's decoder, sigs.k8s.io/yaml, go-yaml v2)
 * and by Modelgate. cases.json states each file's outcome, so a new case is a file and one line:
 * - "match": kubectl reads it and Modelgate reads the very same JSON, document by document;
 * - "refuse: why": Modelgate reports invalid-input at a line (kubectl may read it, or refuse it);
 * - "kubectl-refuses: why": kubectl refuses it while Modelgate reads it, which lets nothing onto
 *   a cluster unchecked; the reason says why Modelgate does not refuse it too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
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

/**
 * Plain scalars built from the characters go-yaml's resolver looks at (signs, base prefixes,
 * digits, underscores, dots, exponents) plus the YAML 1.1 words: a seeded, repeatable sample.
 * At most 12 characters, so every integer fits a double and no document is refused.
 */
function generatedScalars(count: number): string[] {
  let seed = 20_260_302;
  // mulberry32: 32-bit integer steps, so the sequence is exact and the same everywhere
  const random = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const words = [
    "y",
    "Y",
    "n",
    "N",
    "yes",
    "No",
    "ON",
    "off",
    "Off",
    "oN",
    "true",
    "False",
    "TRUE",
    "~",
    "null",
    "NULL",
    "nul",
    ".nan",
    ".inf",
    "-.inf",
    "+.INF",
    ".Inf",
    "<<",
    "2001-12-14",
    "2001-12-14T21:59:43Z",
    "1:20",
    "0.",
    "-0",
    "+0",
    "0_",
  ];
  const signs = ["", "", "+", "-"];
  const prefixes = ["", "", "", "0", "0x", "0X", "0o", "0O", "0b", "0B", ".", "1."];
  const chars = "0123456789012345678901234567890_._eE+-abcfABCFxXoObB~";
  const out = new Set<string>(words.filter((word) => !/inf|nan/i.test(word)));
  while (out.size < count) {
    let body = "";
    for (let i = random(10); i > 0; i--) body += chars[random(chars.length)];
    const text = (signs[random(signs.length)] + prefixes[random(prefixes.length)] + body).slice(0, 12);
    // a lone or leading "- " would be a sequence entry, and .inf/.nan cannot reach JSON
    if (text === "" || text === "-" || /inf|nan/i.test(text)) continue;
    out.add(text);
  }
  return [...out];
}

const SCALARS = generatedScalars(5000);

const ROOT = path.join(__dirname, "..", "..");

/** Every YAML and JSON file the project ships as an example or fixture, outside this corpus. */
function projectFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || full === DIR ? [] : projectFiles(full);
    return /\.(?:ya?ml|json)$/.test(entry.name) ? [full] : [];
  });
}

const PROJECT = [...projectFiles(path.join(ROOT, "examples")), ...projectFiles(path.join(ROOT, "test"))];
let kubectl: Map<string, KubectlReading>;
let project: KubectlReading[];
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "modelgate-yaml-"));
  writeFileSync(path.join(scratch, "scalars.yaml"), SCALARS.map((text, i) => `k${i}: ${text}\n`).join(""));
  const inputs = [...files.map((name) => path.join(DIR, name)), path.join(scratch, "scalars.yaml")];
  kubectl = new Map(readAsKubectl(inputs).map((reading) => [path.basename(reading.file), reading]));
  project = readAsKubectl(PROJECT);
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("YAML read as kubectl reads it", () => {
  it("has a stated outcome for every corpus file, and at least 40 files", () => {
    expect(files.filter((name) => !(name in cases))).toEqual([]);
    expect(Object.keys(cases).filter((name) => !files.includes(name))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it(`reads ${SCALARS.length} generated plain scalars as go-yaml v2 resolves them`, () => {
    const theirs = kubectl.get("scalars.yaml")!;
    expect(theirs.error).toBeUndefined();
    const ours = parseText("scalars.yaml", readFileSync(path.join(scratch, "scalars.yaml"), "utf8"), DEFAULT_PARSE_LIMITS);
    expect(ours.errors.map(String)).toEqual([]);
    const got = ours.documents[0].value as Record<string, unknown>;
    const want = theirs.documents[0] as Record<string, unknown>;
    const differences = SCALARS.flatMap((text, i) =>
      Object.is(got[`k${i}`], want[`k${i}`]) ? [] : [`${text}: ${String(got[`k${i}`])} != ${String(want[`k${i}`])}`],
    );
    expect(differences).toEqual([]);
  });

  it("reads every example and fixture of the project as kubectl does, or refuses it", () => {
    expect(project.length).toBeGreaterThan(400);
    const differences = project.flatMap((theirs) => {
      const name = path.relative(ROOT, theirs.file);
      let ours: { documents: ParsedDocument[]; errors: InputError[] };
      try {
        ours = parseText(name, decodeText(name, readFileSync(theirs.file), DEFAULT_PARSE_LIMITS), DEFAULT_PARSE_LIMITS);
      } catch (error) {
        if (error instanceof InputError) return [];
        throw error;
      }
      // refused by Modelgate, or by kubectl (then nothing reaches a cluster): no reading to compare
      if (ours.errors.length > 0 || theirs.error !== undefined) return [];
      return isDeepStrictEqual(
        ours.documents.map((doc) => doc.value),
        theirs.documents,
      )
        ? []
        : [name];
    });
    expect(differences).toEqual([]);
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
