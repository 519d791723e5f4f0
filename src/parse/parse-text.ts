import { FAILSAFE_SCHEMA, loadAll, Type } from "js-yaml";
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { decodePointer, yamlParsedDocument, type ParsedDocument, type Position } from "./document";
import { InputError } from "./errors";
import { isGoImplicitNonString, resolveGoScalar } from "./go-scalar";
import { mayHaveHelmSources, withHelmSources } from "./helm-source";
import { readAsKubernetes } from "./kube-yaml";
import { lineStartsOf, nodeAt, nodePosition, positionCollector } from "./listener-positions";
import type { ParseLimits } from "./limits";

export interface ParseResult {
  documents: ParsedDocument[];
  errors: InputError[];
}

function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

/** Decodes bytes as UTF-8, refusing binary content and invalid sequences instead of guessing. */
export function decodeText(file: string, bytes: Buffer, limits: ParseLimits): string {
  if (bytes.length > limits.maxFileBytes) {
    throw new InputError(file, 0, 0, `file is ${bytes.length} bytes, over the ${limits.maxFileBytes}-byte limit`);
  }
  // UTF-32 starts like UTF-16LE (FF FE) but kubectl, like go-yaml, reads only UTF-8 and UTF-16
  if (
    bytes.length >= 4 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) ||
      (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff))
  ) {
    throw new InputError(file, 0, 0, "UTF-32 text is refused like a binary file: Kubernetes reads UTF-8 and UTF-16");
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

/** Characters go-yaml refuses, and the line breaks only YAML 1.1 knows (which can hide a key in a comment). */
const UNREADABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;

function unreadable(file: string, text: string): InputError | null {
  const match = UNREADABLE.exec(text);
  if (!match) return null;
  const lineStarts = lineStartsOf(text.slice(0, match.index));
  const line = lineStarts.length;
  const column = match.index - lineStarts[lineStarts.length - 1] + 1;
  const code = "U+" + match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  const escape = { "\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P" }[match[0]];
  const reason = escape
    ? `${code} is a line break to Kubernetes (YAML 1.1) but not to YAML 1.2 readers, so they disagree on what follows it: use a newline, or ${escape} inside double quotes`
    : match[0] === "\uFEFF"
      ? `${code} (a byte-order mark) inside the text: only the first character of a file may be one`
      : `control character ${code}: kubectl refuses it`;
  return new InputError(file, line, column, reason);
}

/** An anchor (`&name`) means aliases, which only the careful path bounds. */
const ANCHOR = /(?:^|[\s,[{:-])&[^\s,[\]{}]/m;

/**
 * A mapping key that may be a collection (js-yaml turns `[a]` into the key "a", go-yaml refuses
 * it): an explicit `? ` key, or a flow collection followed by `:`.
 */
const EXPLICIT_KEY = /(?:^[ \t-]*|[{,[][ \t]*)\?(?:[ \t]|$)/m;

/** One pass for the common case: an unreadable character (refused) or a flow collection as a key (careful path). */
const RARE = new RegExp(`${UNREADABLE.source}|[\\]}][ \\t]*:`);

/** After `---` on its line, what both kubectl (blanks or a comment) and YAML (blank, then a comment) accept. */
const PLAIN_SEPARATOR = /[ \t]*(?:[ \t]#[^\n]*)?\r?(?:\n|$)/y;

/**
 * Whether kubectl's documents (cut at lines starting `---`, then the first YAML document of each)
 * are the YAML stream's documents: not with directives, `...` end markers, `---` followed by
 * content, or bare CR line ends (kubectl cuts lines at LF only).
 */
function documentsAgree(text: string): boolean {
  if (text.charCodeAt(0) === 37 /* % */ || text.includes("\n%")) return false;
  if (text.startsWith("...") || text.includes("\n...")) return false;
  for (let i = text.startsWith("---") ? 0 : text.indexOf("\n---"); i !== -1; i = text.indexOf("\n---", i + 1)) {
    PLAIN_SEPARATOR.lastIndex = i === 0 && text.startsWith("---") ? 3 : i + 4;
    if (!PLAIN_SEPARATOR.test(text)) return false;
  }
  return !(text.includes("\r") && /\r(?!\n)/.test(text));
}

let lastImplicit: { text: string; value: unknown } = { text: "", value: null };

/**
 * Files the fast path parsed a second time (with the `yaml` AST) to place a finding, because the
 * listener tree could not answer a pointer: a measured exception, reported by the benchmark.
 */
let secondParses = 0;

export function secondParseCount(): number {
  return secondParses;
}

/** The value go-yaml gives an untagged plain scalar; throws (so the careful path reports it) where JSON cannot hold it. */
function goImplicitValue(text: string): unknown {
  if (lastImplicit.text === text) return lastImplicit.value;
  const resolved = resolveGoScalar("", text);
  let value: unknown = resolved.value;
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`integer ${text} beyond 2^53`);
    value = Number(value);
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${text} is not a JSON number`);
    if (value === 0) value = 0; // -0.0 reaches the API server as 0 (see kube-yaml.ts)
  }
  lastImplicit = { text, value };
  return value;
}

/**
 * js-yaml with go-yaml v2's implicit scalars (YAML 1.1: `yes`, `0755`, `80_000`), so the fast path
 * reads plain scalars as Kubernetes does. Only the failsafe tags are known: any other tag throws,
 * and the file takes the careful path.
 */
const KUBERNETES_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type("tag:modelgate,2026:go-yaml-v2-implicit", {
      kind: "scalar",
      resolve: (data: string | null) => data !== null && isGoImplicitNonString(data),
      construct: (data: string) => goImplicitValue(data),
    }),
  ],
});

/** A key the fast path may have read differently from go-yaml: a merge key, or one made from null or a non-integer. */
function suspiciousKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c === 60 /* < */) return key === "<<";
  if (c === 110 /* n */) return key === "null";
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) return !/^-?(?:0|[1-9][0-9]{0,14})$/.test(key);
  return false;
}

/** Whether a fast-path value needs the careful path: too deep to trust, or with a suspicious key. */
function needsCarefulRead(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= maxDepth) return true;
    if (Array.isArray(node)) {
      for (const child of node) stack.push([child, depth + 1]);
      continue;
    }
    for (const key in node) {
      if (suspiciousKey(key)) return true;
      stack.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return false;
}

/**
 * Parses YAML (one or many documents) or JSON into plain data, read as Kubernetes reads it
 * (go-yaml v2, YAML 1.1). Most files take a fast path (js-yaml with go-yaml's scalar rules, about
 * seven times faster on Kubernetes manifests); positions are then computed only when a finding
 * asks for one. Files with what YAML readers disagree on (anchors, merge keys, tags, document
 * markers kubectl cuts differently) and files that fail to parse take the careful path
 * (src/parse/kube-yaml.ts), whose refusals carry the file, line and column.
 */
export function parseText(file: string, text: string, limits: ParseLimits): ParseResult {
  const result = parseDocuments(file, text, limits);
  // `helm template` output: positions are reported at each document's `# Source:` template
  return mayHaveHelmSources(text) ? { documents: withHelmSources(file, text, result.documents), errors: result.errors } : result;
}

function parseDocuments(file: string, text: string, limits: ParseLimits): ParseResult {
  const rare = RARE.test(text);
  const refused = rare ? unreadable(file, text) : null;
  if (refused) return { documents: [], errors: [refused] };
  if (rare || (text.includes("&") && ANCHOR.test(text)) || (text.includes("?") && EXPLICIT_KEY.test(text)) || !documentsAgree(text)) {
    return readAsKubernetes(file, text, limits);
  }
  let values: unknown[];
  const collector = positionCollector();
  try {
    values = loadAll(text, undefined, { schema: KUBERNETES_SCHEMA, filename: file, listener: collector.listener });
  } catch {
    return readAsKubernetes(file, text, limits);
  }
  if (values.length > limits.maxDocuments) return readAsKubernetes(file, text, limits);
  if (values.some((value) => needsCarefulRead(value, limits.maxDepth))) return readAsKubernetes(file, text, limits);
  let located: { docs: Document[]; lines: LineCounter } | null = null;
  const locator = (index: number, pointer: string): Position => {
    if (!located) {
      secondParses++;
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
      return nodePosition(text, lineStarts, node);
    };
    documents.push({ file, index, value, locate });
  });
  return { documents, errors: [] };
}
