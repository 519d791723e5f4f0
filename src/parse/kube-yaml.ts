/**
 * The careful reading: YAML as `kubectl apply -f` reads it, for files that use what YAML 1.1 and
 * 1.2 readers disagree on (merge keys, tags, anchors, document markers). kubectl cuts a file into
 * documents at lines starting with `---` (k8s.io/apimachinery YAMLReader) and converts each with
 * sigs.k8s.io/yaml, that is go-yaml v2; this module does the same on the `yaml` package's AST,
 * where every node keeps its source range. Where readers may disagree (duplicate keys, a merge
 * that overrides an earlier key, content after `...`), the document is refused with its line
 * instead of picking one reading. tools/yamloracle runs the real Go code over test/parse/k8s-yaml.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from "yaml";
import { decodePointer, type ParsedDocument, type Position } from "./document";
import { InputError } from "./errors";
import { decodeGoBinary, GoScalarError, resolveGoScalar, TAG, type GoScalar } from "./go-scalar";
import type { ParseLimits } from "./limits";

export interface KubeReadResult {
  documents: ParsedDocument[];
  errors: InputError[];
}

interface Section {
  /** Offset of the section's first character in the file's text. */
  start: number;
  text: string;
  /**
   * The index YAML parsers give its document: the separators before it, less the first one when
   * nothing but blanks and comments precede it (that `---` opens document 0). The fast path and
   * helm-source.ts number documents so; equal numbers keep positions and `# Source:` lines joined.
   */
  index: number;
}

/** Go's unicode.IsSpace, which strings.TrimSpace trims. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

const BLANK_OR_COMMENT = /^(?:[ \t]*(?:#[^\n]*)?\r?(?:\n|$))*$/;

/** Where kubectl ends documents: lines starting `---` with only blanks or a comment after it. */
function sections(text: string, at: (offset: number) => Position, file: string): Section[] {
  const out: Section[] = [];
  let start = 0;
  let separators = 0;
  let leadingEmpty = true;
  for (let lineStart = 0; lineStart < text.length;) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    if (text.startsWith("---", lineStart)) {
      const rest = text.slice(lineStart + 3, lineEnd);
      const trimmed = rest.slice(GO_SPACE.exec(rest)![0].length);
      if (trimmed !== "" && !trimmed.startsWith("#")) {
        const { line, column } = at(lineStart);
        throw new InputError(file, line, column, `invalid document separator "---${rest.trimEnd()}": kubectl accepts only blanks or a comment after ---`);
      }
      if (separators === 0) leadingEmpty = BLANK_OR_COMMENT.test(text.slice(0, lineStart));
      if (lineStart > start) out.push({ start, text: text.slice(start, lineStart), index: separators });
      separators++;
      start = lineEnd;
    }
    lineStart = lineEnd;
  }
  if (text.length > start) out.push({ start, text: text.slice(start), index: separators });
  return leadingEmpty ? out.map((part) => ({ ...part, index: Math.max(part.index - 1, 0) })) : out;
}

/** Why a node cannot be read the way Kubernetes reads it. */

/** A scalar's value as text, for the rare node the parser kept no source for. */
function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint"
    ? String(value)
    : JSON.stringify(value);
}

class Refusal extends Error {
  constructor(
    readonly node: Node | null,
    message: string,
  ) {
    super(message);
  }
}

/** Keys a merge must not override, and the merge key that brought the mapping in. */
interface Guard {
  keys: ReadonlySet<string>;
  at: Node | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where each produced object's members came from in the text, for positions of findings. */
type Origins = WeakMap<object, Map<string, Node>>;

function setMember(target: Record<string, Json>, key: string, value: Json): void {
  // `__proto__` is an ordinary key in YAML and JSON: define it, never assign it
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

class GoReader {
  private aliases = 0;
  private readonly expanding = new Set<Node>();
  readonly origins: Origins = new WeakMap();
  /** The Go type of each key of each produced object: `1` and `"1"` are two Go keys but one JSON key. */
  private readonly kinds = new WeakMap<object, Map<string, string>>();

  constructor(
    private readonly doc: Document,
    private readonly limits: ParseLimits,
  ) {}

  private scalar(node: Scalar): GoScalar {
    const text = typeof node.source === "string" ? node.source : scalarText(node.value);
    const tag = node.tag;
    try {
      if (tag === undefined) return node.type === Scalar.PLAIN ? resolveGoScalar("", text) : { tag: TAG.str, value: text };
      if (tag === TAG.binary) return { tag: TAG.str, value: decodeGoBinary(text) };
      return resolveGoScalar(tag, text);
    } catch (error) {
      if (error instanceof GoScalarError) throw new Refusal(node, error.message);
      throw error;
    }
  }

  private follow(node: Node): Node {
    if (!isAlias(node)) return node;
    if (++this.aliases > this.limits.maxAliasCount) throw new Refusal(node, `more than ${this.limits.maxAliasCount} alias expansions`);
    const target = node.resolve(this.doc);
    if (!target) throw new Refusal(node, `unknown anchor '${node.source}' referenced`);
    if (this.expanding.has(target)) throw new Refusal(node, `anchor '${node.source}' value contains itself`);
    return target;
  }

  value(node: Node | null, depth: number): Json {
    if (node === null) return null;
    if (depth > this.limits.maxDepth) throw new Refusal(node, `document nests deeper than ${this.limits.maxDepth} levels`);
    if (isAlias(node)) {
      const target = this.follow(node);
      this.expanding.add(target);
      try {
        return this.value(target, depth);
      } finally {
        this.expanding.delete(target);
      }
    }
    if (isScalar(node)) return this.scalarValue(node);
    if (isSeq(node)) {
      const out: Json[] = [];
      const origins = new Map<string, Node>();
      node.items.forEach((item, i) => {
        out.push(this.value(item as Node | null, depth + 1));
        if (item) origins.set(String(i), item as Node);
      });
      this.origins.set(out, origins);
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, Json> = {};
      this.origins.set(out, new Map());
      this.kinds.set(out, new Map());
      this.fill(node, out, depth, { keys: new Set(), at: null });
      return out;
    }
    throw new Refusal(node, "unsupported YAML node");
  }

  private scalarValue(node: Scalar): Json {
    const resolved = this.scalar(node);
    switch (resolved.tag) {
      case TAG.int:
        if (resolved.value > BigInt(Number.MAX_SAFE_INTEGER) || resolved.value < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new Refusal(node, `integer ${resolved.value} is beyond 2^53, where readers of JSON numbers disagree`);
        }
        return Number(resolved.value);
      case TAG.float:
        if (!Number.isFinite(resolved.value)) throw new Refusal(node, `${node.source as string} is not a JSON number: kubectl refuses it`);
        // -0.0 reaches the API server as 0: kubectl marshals it "-0", which utiljson reads as an int64
        return resolved.value === 0 ? 0 : resolved.value;
      default:
        return resolved.value;
    }
  }

  /** The JSON key sigs.k8s.io/yaml makes of a mapping key, and the Go type it had (for collisions). */
  private key(node: Node | null): { key: string; kind: string } {
    if (node === null) throw new Refusal(null, "a mapping key is empty (null): kubectl refuses it");
    const target = isAlias(node) ? this.follow(node) : node;
    if (!isScalar(target)) throw new Refusal(node, "a mapping or sequence used as a key: kubectl refuses it");
    const resolved = this.scalar(target);
    switch (resolved.tag) {
      case TAG.bool:
        return { key: String(resolved.value), kind: "bool" };
      case TAG.int:
        if (resolved.value > (1n << 63n) - 1n) throw new Refusal(node, `key ${resolved.value} is an unsigned 64-bit integer: kubectl refuses it`);
        return { key: resolved.value.toString(), kind: "int" };
      case TAG.float:
        throw new Refusal(node, `key ${target.source as string} is a floating-point number, which kubectl prints with 32-bit precision`);
      case TAG.null:
        throw new Refusal(node, "a mapping key is null: kubectl refuses it");
      default:
        return { key: resolved.value, kind: "string" };
    }
  }

  private static isMerge(node: unknown): boolean {
    if (!isScalar(node) || node.source !== "<<") return false;
    return node.tag === TAG.merge || (node.type === Scalar.PLAIN && (node.tag === undefined || node.tag === "!"));
  }

  /**
   * go-yaml's decoder.mapping: pairs are applied in order onto `out`; a merge key decodes its maps
   * onto `out` too (a sequence of maps from last to first, so earlier maps win). `guard` holds the
   * keys set before the merge that brought this mapping in: go-yaml lets the merge override them,
   * YAML says they win, so such a document is refused.
   */
  private fill(node: Node, out: Record<string, Json>, depth: number, guard: Guard): void {
    if (!isMap(node)) throw new Refusal(node, "map merge requires map or sequence of maps as the value");
    const own = new Set<string>();
    const origins = this.origins.get(out)!;
    const kinds = this.kinds.get(out)!;
    let merged = false;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (GoReader.isMerge(keyNode)) {
        if (merged) throw new Refusal(keyNode, "a second merge key (<<) in one mapping: readers apply them differently");
        merged = true;
        this.merge(valueNode, out, depth, { keys: new Set([...guard.keys, ...own]), at: guard.at ?? keyNode });
        continue;
      }
      const { key, kind } = this.key(keyNode);
      if (own.has(key)) throw new Refusal(keyNode, `duplicate key "${key}": readers disagree on which value counts`);
      if (guard.keys.has(key))
        throw new Refusal(guard.at, `this merge (<<) overrides key "${key}" set before it: kubectl lets the merge win, YAML lets the key win`);
      const previous = kinds.get(key);
      if (previous !== undefined && previous !== kind) throw new Refusal(keyNode, `keys of different types both read as "${key}": kubectl keeps either`);
      own.add(key);
      kinds.set(key, kind);
      setMember(out, key, this.value(valueNode, depth + 1));
      origins.set(key, valueNode ?? keyNode!);
    }
  }

  private merge(value: Node | null, out: Record<string, Json>, depth: number, guard: Guard): void {
    if (value === null) throw new Refusal(null, "map merge requires map or sequence of maps as the value");
    const sources: Node[] = [];
    if (isSeq(value)) {
      // go-yaml steps backwards: earlier maps take precedence
      for (let i = value.items.length - 1; i >= 0; i--) sources.push(value.items[i] as Node);
    } else sources.push(value);
    for (const source of sources) {
      const target = isAlias(source) ? this.follow(source) : source;
      if (!isMap(target)) throw new Refusal(source, "map merge requires map or sequence of maps as the value");
      this.expanding.add(target);
      try {
        this.fill(target, out, depth, guard);
      } finally {
        this.expanding.delete(target);
      }
    }
  }
}

function locator(value: Json, root: Node | null, origins: Origins, at: (node: Node | null) => Position) {
  return (pointer: string): Position => {
    let current: unknown = value;
    let best = root;
    for (const segment of decodePointer(pointer)) {
      if (current === null || typeof current !== "object") break;
      const node = origins.get(current)?.get(segment);
      if (!node) break;
      best = node;
      current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
    }
    return at(best);
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a text offset. */
function positionIn(starts: number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

function firstLine(message: string): string {
  return message.split("\n")[0].trim();
}

/** Reads a whole file's text the way kubectl does; every refusal names its line. */
export function readAsKubernetes(file: string, text: string, limits: ParseLimits): KubeReadResult {
  const starts = lineStarts(text);
  const at = (offset: number): Position => positionIn(starts, offset);
  const result: KubeReadResult = { documents: [], errors: [] };
  let parts: Section[];
  try {
    parts = sections(text, at, file);
  } catch (error) {
    if (error instanceof InputError) return { documents: [], errors: [error] };
    throw error;
  }
  if (parts.length > limits.maxDocuments) {
    result.errors.push(new InputError(file, 0, 0, `${parts.length} documents, over the limit of ${limits.maxDocuments}`));
    return result;
  }
  parts.forEach((part) => {
    const index = part.index;
    const nodeAt = (node: Node | null): Position => at(part.start + (node?.range?.[0] ?? 0));
    const refuse = (position: Position, message: string) => result.errors.push(new InputError(file, position.line, position.column, message));
    const docs = parseAllDocuments(part.text, { schema: "failsafe", resolveKnownTags: false, uniqueKeys: false, prettyErrors: false, logLevel: "error" });
    const list = Array.isArray(docs) ? docs : [];
    const broken = list.find((doc) => doc.errors.length > 0);
    if (broken) {
      const first = broken.errors[0];
      const reason = /call stack/i.test(first.message) ? `nesting too deep to parse (over ${limits.maxDepth} levels allowed)` : firstLine(first.message);
      refuse(at(part.start + first.pos[0]), `invalid YAML: ${reason}`);
      return;
    }
    const directive = /^%/m.exec(part.text);
    if (directive) {
      // kubectl cuts the `---` after a directive off its document, which then fails in go-yaml
      refuse(at(part.start + directive.index), "a %YAML or %TAG directive: kubectl cannot read documents with directives");
      return;
    }
    const [doc, ...rest] = list;
    const hidden = rest.find((extra) => extra.contents !== null);
    if (hidden) {
      refuse(nodeAt(hidden.contents), "a second YAML document in one `---` section (after `...`): kubectl reads only the first");
      return;
    }
    if (!doc) return;
    if (doc.contents === null) return;
    const reader = new GoReader(doc, limits);
    let value: Json;
    try {
      value = reader.value(doc.contents, 0);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const position = error.node ? nodeAt(error.node) : nodeAt(doc.contents);
      refuse(position, `as Kubernetes reads YAML: ${error.message}`);
      return;
    }
    if (value === null) return;
    const root = doc.contents;
    result.documents.push({ file, index, value, locate: locator(value, root, reader.origins, nodeAt) });
  });
  return result;
}
