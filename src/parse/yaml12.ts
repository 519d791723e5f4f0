import { LineCounter, parseAllDocuments, YAMLParseError } from "yaml";
import { yamlParsedDocument } from "./document";
import { InputError } from "./errors";
import type { ParseLimits } from "./limits";
import type { ParseResult } from "./parse-text";

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

function firstLine(message: string): string {
  return message.split("\n")[0].trim();
}

/**
 * YAML 1.2 (core schema), for Modelgate's own files such as modelgate.yaml, which no YAML 1.1
 * reader consumes: `off` stays the string "off". Scanned files are read as Kubernetes reads them
 * instead (parseText). `yaml` keeps every node's source range and bounds alias expansion.
 */
export function parseYaml12(file: string, text: string, limits: ParseLimits): ParseResult {
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
