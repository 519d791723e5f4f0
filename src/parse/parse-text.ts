import { LineCounter, parseAllDocuments, YAMLParseError } from "yaml";
import { yamlParsedDocument, type ParsedDocument } from "./document";
import { InputError } from "./errors";
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
  const probe = bytes.subarray(0, 8192);
  return probe.includes(0);
}

/** Decodes bytes as UTF-8, refusing binary content and invalid sequences instead of guessing. */
export function decodeText(file: string, bytes: Buffer, limits: ParseLimits): string {
  if (bytes.length > limits.maxFileBytes) {
    throw new InputError(file, 0, 0, `file is ${bytes.length} bytes, over the ${limits.maxFileBytes}-byte limit`);
  }
  if (looksBinary(bytes)) throw new InputError(file, 0, 0, "binary file (contains NUL bytes)");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new InputError(file, 0, 0, "file is not valid UTF-8 text");
  }
}

/**
 * Parses YAML (one or many documents) or JSON, which is YAML 1.2 flow syntax, into plain data
 * while keeping the AST for positions. Errors carry the file, line and column.
 */
export function parseText(file: string, text: string, limits: ParseLimits): ParseResult {
  const lines = new LineCounter();
  const result: ParseResult = { documents: [], errors: [] };
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > limits.maxDocuments) {
    result.errors.push(new InputError(file, 0, 0, `${list.length} documents, over the limit of ${limits.maxDocuments}`));
    return result;
  }
  list.forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      const { line, col } = lines.linePos(first.pos[0]);
      result.errors.push(new InputError(file, line, col, `invalid YAML: ${firstLine(first.message)}`));
      return;
    }
    if (doc.contents === null) return; // an empty document between separators
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      const at = doc.contents.range?.[0] ?? 0;
      const { line, col } = lines.linePos(at);
      const reason = error instanceof YAMLParseError || error instanceof Error ? error.message : String(error);
      result.errors.push(new InputError(file, line, col, `YAML cannot be expanded: ${firstLine(reason)}`));
      return;
    }
    if (depthExceeds(value, limits.maxDepth)) {
      const { line, col } = lines.linePos(doc.contents.range?.[0] ?? 0);
      result.errors.push(new InputError(file, line, col, `document nests deeper than ${limits.maxDepth} levels`));
      return;
    }
    result.documents.push(yamlParsedDocument(file, index, doc, value, lines));
  });
  return result;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}
