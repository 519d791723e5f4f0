/**
 * LiteLLM configs embedded as text in a ConfigMap value (`data: {config.yaml: |...}`), the way the
 * LiteLLM Helm chart and most Kubernetes deployments mount them. Positions inside the embedded
 * text are mapped back to the ConfigMap's file.
 */

import type { SourceLocation } from "../../model/canonical";
import type { ParsedDocument, Position } from "../../parse/document";
import { encodePointer } from "../../parse/document";
import type { InputError } from "../../parse/errors";
import { DEFAULT_PARSE_LIMITS } from "../../parse/limits";
import { parseText } from "../../parse/parse-text";
import { isKubeObject, isRecord } from "../core/objects";
import { isLiteLLMConfig, looksLikeLiteLLMConfigText, mentionsModelList } from "./recognise";
import { stripTrailing } from "../../normalize/trim";

export interface EmbeddedConfig {
  /** The ConfigMap data key, e.g. "config.yaml". */
  key: string;
  /** Pointer of the value in the ConfigMap document, e.g. "/data/config.yaml". */
  valuePointer: string;
  /** The parsed config, or null when the text does not parse. */
  config: Record<string, unknown> | null;
  /** Parse errors of the embedded text (set when config is null). */
  errors: InputError[];
  /** How many YAML documents the text holds (LiteLLM reads exactly one). */
  documentCount: number;
  /** Location of a pointer inside the embedded config, in the ConfigMap's file. */
  at: (innerPointer: string) => SourceLocation;
  /** Location of a position inside the embedded text, in the ConfigMap's file. */
  atPosition: (inner: Position, innerPointer: string) => SourceLocation;
}

const MAX_NODES_INSPECTED = 5_000;

/** Every pointer of a plain-data tree, up to a bound. */
function pointersOf(value: unknown): string[] {
  const out: string[] = [];
  const stack: Array<[unknown, string]> = [[value, ""]];
  while (stack.length > 0 && out.length < MAX_NODES_INSPECTED) {
    const [node, pointer] = stack.pop()!;
    out.push(pointer);
    if (Array.isArray(node)) node.forEach((child, i) => stack.push([child, `${pointer}/${i}`]));
    else if (isRecord(node)) for (const [key, child] of Object.entries(node)) stack.push([child, `${pointer}${encodePointer([key])}`]);
  }
  return out;
}

/**
 * True when the value at `valuePointer` is a block scalar (`key: |`), whose content starts on the
 * line after the key. ParsedDocument does not expose the scalar style, so it is inferred: a quoted
 * or flow (JSON) value shares its lines with other nodes, a block scalar cannot. A flow root
 * (JSON) is recognised by its first value sitting below the opening brace.
 */
function isBlockScalar(doc: ParsedDocument, valuePointer: string, text: string): boolean {
  const root = doc.locate("");
  if (isRecord(doc.value)) {
    // In block style the first `key: scalar` starts on the root's line; in pretty JSON it sits below the `{`.
    const first = Object.entries(doc.value)[0];
    const scalar = first !== undefined && (first[1] === null || typeof first[1] !== "object");
    if (scalar && doc.locate(encodePointer([first[0]])).line > root.line) return false;
  }
  const value = doc.locate(valuePointer);
  const contentLines = stripTrailing(text, "\n").split("\n").length;
  const segments = valuePointer.split("/");
  const ancestors = new Set(segments.map((_, i) => segments.slice(0, i).join("/")));
  for (const pointer of pointersOf(doc.value)) {
    if (pointer === valuePointer || ancestors.has(pointer)) continue;
    const { line } = doc.locate(pointer);
    if (line >= value.line && line <= value.line + contentLines) return false;
  }
  return true;
}

/**
 * Maps positions of the embedded text to the file. For a block scalar the text's line n is the
 * file line of the key + n. Its column adds the content indentation, which ParsedDocument does not
 * expose; the conventional two spaces under the key are assumed. For a quoted or flow value every
 * position is the value's own.
 */
export function positionMapper(doc: ParsedDocument, valuePointer: string, text: string): (inner: Position) => Position {
  const value = doc.locate(valuePointer);
  if (!isBlockScalar(doc, valuePointer, text)) return () => ({ line: value.line, column: value.column });
  const parentPointer = valuePointer.slice(0, valuePointer.lastIndexOf("/"));
  const keyColumn = doc.locate(parentPointer).column;
  const indent = Math.max(keyColumn - 1, 0) + 2;
  return (inner) => ({ line: value.line + inner.line, column: inner.column > 0 ? inner.column + indent : 0 });
}

function readEmbedded(doc: ParsedDocument, key: string, text: string): EmbeddedConfig | null {
  if (!mentionsModelList(text)) return null;
  const parsed = parseText(doc.file, text, DEFAULT_PARSE_LIMITS);
  const inner = parsed.documents.find((candidate) => isLiteLLMConfig(candidate.value)) ?? null;
  const claimed = inner !== null || (parsed.errors.length > 0 && looksLikeLiteLLMConfigText(text));
  if (!claimed) return null;

  const valuePointer = `/data${encodePointer([key])}`;
  const map = positionMapper(doc, valuePointer, text);
  const atPosition = (position: Position, innerPointer: string): SourceLocation => {
    const { line, column } = map(position);
    return { file: doc.file, line, column, pointer: `${valuePointer}${innerPointer}` };
  };
  return {
    key,
    valuePointer,
    config: inner === null ? null : (inner.value as Record<string, unknown>),
    errors: inner === null ? parsed.errors : [],
    documentCount: parsed.documents.length + parsed.errors.length,
    atPosition,
    at: (innerPointer) => atPosition(inner === null ? { line: 1, column: 1 } : inner.locate(innerPointer), innerPointer),
  };
}

const cache = new WeakMap<ParsedDocument, EmbeddedConfig[]>();

/** The LiteLLM configs held by a ConfigMap's `data` values (parsed once per document). */
export function embeddedConfigs(doc: ParsedDocument): EmbeddedConfig[] {
  const cached = cache.get(doc);
  if (cached) return cached;
  const found: EmbeddedConfig[] = [];
  const value = doc.value;
  if (isKubeObject(value) && value.kind === "ConfigMap" && isRecord(value.data)) {
    for (const [key, text] of Object.entries(value.data)) {
      if (typeof text !== "string") continue;
      const embedded = readEmbedded(doc, key, text);
      if (embedded) found.push(embedded);
    }
  }
  cache.set(doc, found);
  return found;
}
