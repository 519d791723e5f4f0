/**
 * The provider catalogue (policies/data/providers.json) is the only source of provider data: no
 * operator host, registrable domain, host-pattern domain, SDK prefix, key variable or base-URL
 * variable the catalogue knows may be written as a string in the source of the adapters, the scan
 * or the Pulumi pack. Adapters read them from the bundle's data at run time (CatalogView), so an
 * organisation pack's provider is recognised without a code change.
 *
 * Every string literal and template-literal part is checked (comments are not): hosts and domains
 * anywhere inside a string, prefixes and variables as the whole string (case-insensitive for
 * prefixes, which also appear as env-name words such as "OPENAI").
 *
 * Regular-expression literals are checked for hosts and domains (with `\.` read as `.`).
 *
 * Allowed: the canonical model's own vocabulary, i.e. the enum values of
 * schemas/llm-usage.schema.json (model server kinds such as "vllm" and "ollama", weight hubs such
 * as "huggingface" and "modelscope"). They name what an adapter reports (a server kind, a hub),
 * not a provider to recognise, and the schema is where they are defined.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { loadCatalogs } from "../../src/catalog/load";

const ROOT = path.join(__dirname, "..", "..");
const FOLDERS = ["src/adapters", "src/scan", "src/pulumi"];

function schemaEnums(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) schemaEnums(item, out);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key !== "enum" || !Array.isArray(value)) {
        schemaEnums(value, out);
        continue;
      }
      for (const item of value) if (typeof item === "string") out.add(item.toLowerCase());
    }
  }
  return out;
}

/** Literals that equal a catalogue term but mean something else where they are written. */
const ALLOWED: ReadonlyArray<{ file: string; literal: string; why: string }> = [
  { file: "src/adapters/kubernetes/weights.ts", literal: "azure", why: "the azure:// storage URI scheme (KServe storageUri), not the azure SDK prefix" },
  { file: "src/adapters/kubernetes/weights.ts", literal: "oci", why: "the oci:// model-car URI scheme (KServe storageUri), not LiteLLM's Oracle Cloud prefix" },
  { file: "src/adapters/kubernetes/kserve.ts", literal: "triton", why: "the KServe v1beta1 predictor framework key, not LiteLLM's triton/ prefix" },
];

const VOCABULARY = schemaEnums(JSON.parse(readFileSync(path.join(ROOT, "schemas/llm-usage.schema.json"), "utf8")), new Set());

interface Terms {
  /** Lowercase hosts and domains, matched anywhere inside a string. */
  inside: Map<string, string>;
  /** Lowercase prefixes, matched as the whole string, any case. */
  words: Map<string, string>;
  /** Variable names, matched as the whole string, exactly. */
  exact: Map<string, string>;
}

/** The fixed tail of a host pattern when it is specific to the operator (three labels or more). */
function patternTail(pattern: string): string | null {
  const labels = pattern.toLowerCase().split(".");
  const fixed = labels.slice(labels.findLastIndex((label) => label.includes("*")) + 1);
  return fixed.length >= 3 ? fixed.join(".") : null;
}

function catalogueTerms(): Terms {
  const providers = loadCatalogs().providers;
  const terms: Terms = { inside: new Map(), words: new Map(), exact: new Map() };
  for (const op of providers.operators) {
    for (const host of op.hosts) terms.inside.set(host.toLowerCase(), `host of ${op.id}`);
    for (const domain of op.domains ?? []) terms.inside.set(domain.toLowerCase(), `domain of ${op.id}`);
    for (const pattern of op.hostPatterns ?? []) {
      const tail = patternTail(pattern);
      if (tail !== null) terms.inside.set(tail, `host pattern ${pattern} of ${op.id}`);
    }
    for (const prefix of op.sdkPrefixes ?? []) terms.words.set(prefix.toLowerCase(), `SDK prefix of ${op.id}`);
    for (const name of [...(op.keyVars ?? []), ...(op.baseUrlVars ?? [])]) terms.exact.set(name, `variable of ${op.id}`);
  }
  for (const prefix of providers.genericPrefixes) terms.words.set(prefix.toLowerCase(), "generic prefix");
  for (const prefix of Object.keys(providers.localPrefixes)) terms.words.set(prefix.toLowerCase(), "local prefix");
  for (const prefix of providers.unassignedPrefixes?.prefixes ?? []) terms.words.set(prefix.toLowerCase(), "unassigned prefix");
  for (const word of VOCABULARY) terms.words.delete(word);
  return terms;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith(".ts") ? [rel] : [];
  });
}

interface Literal {
  text: string;
  line: number;
  regex: boolean;
}

function literals(file: string, text: string): Literal[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // import specifiers name modules, not providers
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) {
        out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, regex: false });
      }
    }
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = (node as ts.RegularExpressionLiteral).text.replace(/\\\./g, ".");
      out.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, regex: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function violations(file: string, terms: Terms, source = readFileSync(path.join(ROOT, file), "utf8")): string[] {
  const found: string[] = [];
  for (const { text, line, regex } of literals(file, source)) {
    const lower = text.toLowerCase();
    for (const [term, what] of terms.inside) {
      if (lower.includes(term)) found.push(`${file}:${line} ${JSON.stringify(text)} contains ${term} (${what})`);
    }
    if (regex || ALLOWED.some((entry) => entry.file === file && entry.literal === text)) continue;
    const word = terms.words.get(lower);
    if (word !== undefined) found.push(`${file}:${line} ${JSON.stringify(text)} is a ${word}`);
    const exact = terms.exact.get(text);
    if (exact !== undefined) found.push(`${file}:${line} ${JSON.stringify(text)} is a ${exact}`);
  }
  return found;
}

describe("no provider data outside the catalogue", () => {
  const terms = catalogueTerms();
  const files = FOLDERS.flatMap(sourceFiles);

  test("the catalogue and the folders give the check something to find", () => {
    expect(terms.inside.size).toBeGreaterThan(100);
    expect(terms.words.size).toBeGreaterThan(50);
    expect(terms.exact.size).toBeGreaterThan(50);
    expect(files.length).toBeGreaterThan(80);
  });

  test.each([
    ['const url = "https://api.deepseek.com/v1";', 2], // host and registrable domain
    ["const prefix = 'qwen';", 1],
    ["const word = `DEEPSEEK`;", 1],
    ['const name = "DASHSCOPE_API_KEY";', 1],
    ["const host = `${account}.openai.azure.com`;", 1],
    ["const re = /^api\\.deepseek\\.com$/;", 2],
    ['// a comment naming "api.deepseek.com" is not code', 0],
    ['const kind = "vllm";', 0],
    ['const scheme = "azure";', 1],
  ])("the check finds %s", (code, count) => {
    expect(violations("test/architecture/probe.ts", terms, code)).toHaveLength(count);
  });

  test.each(FOLDERS)("%s names no provider", (folder) => {
    const found = sourceFiles(folder).flatMap((file) => violations(file, terms));
    expect(found).toEqual([]);
  });
});
