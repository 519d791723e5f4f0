import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ParsedDocument } from "../../src/parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../src/parse/limits";
import { parseText } from "../../src/parse/parse-text";

const INPUT = /\.(ya?ml|json)$/i;

/** Input files of a case folder, relative to it, sorted so documents come out in a stable order. */
function inputFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  const entries = readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...inputFiles(dir, relative));
    else if (INPUT.test(entry.name) && relative !== "expected.json") out.push(relative);
  }
  return out;
}

/** Every document of an adapter case folder (all but expected.json); a parse error fails the case. */
export function parseCase(dir: string): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of inputFiles(dir)) {
    const parsed = parseText(file, readFileSync(path.join(dir, file), "utf8"), DEFAULT_PARSE_LIMITS);
    expect(parsed.errors.map(String)).toEqual([]);
    documents.push(...parsed.documents);
  }
  return documents;
}
