import { CORE_SCHEMA, loadAll } from "js-yaml";
import { lineStartsOf, nodeAt, positionCollector, positionOf } from "./listener-positions";
import { LineCounter, parseAllDocuments, YAMLParseError, type Document } from "yaml";
import { decodePointer, yamlParsedDocument, type ParsedDocument, type Position } from "./document";
import { InputError } from "./errors";
import { mayHaveHelmSources, withHelmSources } from "./helm-source";
import type { ParseLimits } from "./limits";

export interface ParseResult {
  documents: ParsedDocument[];
  errors: InputError[];
}

function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

/** Decodes bytes as UTF-8, refusing binary content and invalid sequences instead of guessing. */
export function decodeText(file: string, bytes: Buffer, limits: ParseLimits): string {
  if (bytes.length > limits.maxFileBytes) {
    throw new InputError(file, 0, 0, `file is ${bytes.length} bytes, over the ${limits.maxFileBytes}-byte limit`);
  }
  // A UTF-16 byte-order mark (what PowerShell redirection writes) is text, not binary.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      return new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be", { fatal: true }).decode(bytes.subarray(2));
    } catch {
      throw new InputError(file, 0, 0, "file is not valid UTF-16 text");
    }
  }
  if (looksBinary(bytes)) throw new InputError(file, 0, 0, "binary file (contains NUL bytes)");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new InputError(file, 0, 0, "file is not valid UTF-8 text");
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0].trim();
}

/**
 * The precise parser: `yaml` keeps every node's source range and bounds alias expansion, so it
 * handles files with anchors and every file that fails to parse (its errors name line and column).
 */
function parseWithPositions(file: string, text: string, limits: ParseLimits): ParseResult {
  const lines = new LineCounter();
  const result: ParseResult = { documents: [], errors: [] };
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > limits.maxDocuments) {
    result.errors.push(new InputError(file, 0, 0, `${list.length} documents, over the limit of ${limits.maxDocuments}`));
    return result;
  }
  list.forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      const { line, col } = lines.linePos(first.pos[0]);
      const reason = /call stack/i.test(first.message) ? `nesting too deep to parse (over ${limits.maxDepth} levels allowed)` : firstLine(first.message);
      result.errors.push(new InputError(file, line, col, `invalid YAML: ${reason}`));
      return;
    }
    if (doc.contents === null) return; // an empty document between separators
    const at = lines.linePos(doc.contents.range?.[0] ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      const reason = error instanceof YAMLParseError || error instanceof Error ? error.message : String(error);
      result.errors.push(new InputError(file, at.line, at.col, `YAML cannot be expanded: ${firstLine(reason)}`));
      return;
    }
    if (depthExceeds(value, limits.maxDepth)) {
      result.errors.push(new InputError(file, at.line, at.col, `document nests deeper than ${limits.maxDepth} levels`));
      return;
    }
    result.documents.push(yamlParsedDocument(file, index, doc, value, lines));
  });
  return result;
}

/** An anchor (`&name`) means aliases, which only the precise parser bounds. */
const ANCHOR = /(?:^|[\s,[{:-])&[^\s,[\]{}]/m;

/**
 * Parses YAML (one or many documents) or JSON into plain data. Most files take a fast path
 * (js-yaml, about seven times faster on Kubernetes manifests); positions are then computed only
 * when a finding asks for one, by parsing that file once more with `yaml`. Files with anchors and
 * files that fail to parse go straight to `yaml`, whose errors carry the file, line and column.
 */
export function parseText(file: string, text: string, limits: ParseLimits): ParseResult {
  const result = parseDocuments(file, text, limits);
  // `helm template` output: positions are reported at each document's `# Source:` template
  return mayHaveHelmSources(text) ? { documents: withHelmSources(file, text, result.documents), errors: result.errors } : result;
}

function parseDocuments(file: string, text: string, limits: ParseLimits): ParseResult {
  if (text.includes("&") && ANCHOR.test(text)) return parseWithPositions(file, text, limits);
  let values: unknown[];
  const collector = positionCollector();
  try {
    values = loadAll(text, undefined, { schema: CORE_SCHEMA, filename: file, listener: collector.listener });
  } catch {
    return parseWithPositions(file, text, limits);
  }
  if (values.length > limits.maxDocuments) return parseWithPositions(file, text, limits);
  if (values.some((value) => depthExceeds(value, limits.maxDepth))) return parseWithPositions(file, text, limits);
  let located: { docs: Document[]; lines: LineCounter } | null = null;
  const locator = (index: number, pointer: string): Position => {
    if (!located) {
      const lines = new LineCounter();
      located = { docs: parseAllDocuments(text, { lineCounter: lines, logLevel: "error" }), lines };
    }
    const doc = located.docs[index];
    return doc ? yamlParsedDocument(file, index, doc, null, located.lines).locate(pointer) : { line: 0, column: 0 };
  };
  const documents: ParsedDocument[] = [];
  const present = values.filter((value) => value !== null && value !== undefined).length;
  // One composed root per non-empty document, or the tree is not trusted for this file.
  const roots = collector.roots.length === present ? collector.roots : null;
  let lineStarts: number[] | null = null;
  let root = 0;
  values.forEach((value, index) => {
    if (value === null || value === undefined) return;
    const tree = roots?.[root++] ?? null;
    const locate = (pointer: string): Position => {
      const node = tree ? nodeAt(tree, decodePointer(pointer)) : null;
      if (!node) return locator(index, pointer);
      lineStarts ??= lineStartsOf(text);
      return positionOf(text, lineStarts, node.offset);
    };
    documents.push({ file, index, value, locate });
  });
  return { documents, errors: [] };
}
