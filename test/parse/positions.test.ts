/**
 * The fast path's positions (js-yaml's listener tree) must equal the `yaml` AST's for every pointer
 * of every YAML file the project ships as examples or fixtures; any new file is covered for free.
 * The tree answers every pointer of these files itself, in block and flow style, empty values
 * included: none of them is parsed a second time to place a finding.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { encodePointer, yamlParsedDocument } from "../../src/parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../src/parse/limits";
import { parseText, secondParseCount } from "../../src/parse/parse-text";

const ROOT = path.join(__dirname, "..", "..");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

function pointers(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) out.push(...pointers(child, [...prefix, key]));
  }
  return out;
}

// test/parse/k8s-yaml holds the YAML 1.1 corpus of the differential test, read by the careful path
const CORPUS = path.join(ROOT, "test", "parse", "k8s-yaml");
const files = [...yamlFiles(path.join(ROOT, "examples")), ...yamlFiles(path.join(ROOT, "test"))].filter((file) => {
  if (file.startsWith(CORPUS + path.sep)) return false;
  const text = readFileSync(file, "utf8");
  return !text.includes("# Source:") && parseAllDocuments(text).every((doc) => doc.errors.length === 0);
});

describe("positions of the fast parse path", () => {
  it("covers a real corpus", () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it.each(files.map((file) => [path.relative(ROOT, file), file]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines });
    const mismatches: string[] = [];
    const parsedBefore = secondParseCount();
    for (const doc of parseText("f.yaml", text, DEFAULT_PARSE_LIMITS).documents) {
      const reference = yamlParsedDocument("f.yaml", doc.index, docs[doc.index], null, lines);
      for (const segments of pointers(doc.value)) {
        const pointer = encodePointer(segments);
        const got = doc.locate(pointer);
        const want = reference.locate(pointer);
        if (got.line !== want.line || got.column !== want.column) mismatches.push(`${pointer}: ${got.line}:${got.column} != ${want.line}:${want.column}`);
      }
    }
    if (secondParseCount() !== parsedBefore) mismatches.push("parsed a second time to place a pointer");
    expect(mismatches).toEqual([]);
  });
});
