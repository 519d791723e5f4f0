/**
 * Application config files as text (a ConfigMap data value, a file of the repository): YAML and
 * JSON read with the scan's own parser (positions from the one parse), TOML with smol-toml (a
 * small, maintained, spec-compliant parser with no dependencies; it keeps no positions, so each
 * key's line is found by a line scan of table headers and `key =` lines), INI with a small reader
 * of its own (sections, `key = value` / `key: value`, `;`/`#` comments) that keeps line numbers.
 * A text that does not parse is an error with its line, never an empty config.
 */

import type * as SmolToml from "smol-toml" with { "resolution-mode": "import" };
import type { Position } from "../../parse/document";
import { encodePointer } from "../../parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../parse/limits";
import { parseText } from "../../parse/parse-text";

export type ConfigSyntax = "yaml" | "json" | "toml" | "ini";

export interface SyntaxError {
  message: string;
  /** 1-based line inside the text; 0 when unknown. */
  line: number;
  column: number;
}

/** A config read from text: its plain-data value and where each pointer's value is written. */
export interface ConfigText {
  syntax: ConfigSyntax;
  /** The root value, or null when the text does not parse (see errors). */
  value: unknown;
  errors: SyntaxError[];
  /** 1-based line and column inside the text of a pointer's value (or its nearest located ancestor). */
  locate(pointer: string): Position;
}

/** Texts longer than this are not read as configs: an app config is kilobytes, not megabytes. */
export const MAX_CONFIG_CHARS = 512 * 1024;

/** The syntax a file or data key name says, or null for a name no config reader handles. */
export function syntaxOfName(name: string): ConfigSyntax | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".toml")) return "toml";
  if (lower.endsWith(".ini")) return "ini";
  return null;
}

// smol-toml ships CommonJS beside its ES module (package.json `exports.require`); its types are the module's
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml, TomlError } = require("smol-toml") as typeof SmolToml;

const START: Position = { line: 1, column: 1 };

function readYaml(name: string, text: string, syntax: ConfigSyntax): ConfigText {
  const parsed = parseText(name, text, DEFAULT_PARSE_LIMITS);
  const doc = parsed.documents[0] ?? null;
  const errors = parsed.errors.map((error) => ({ message: error.message, line: error.line, column: error.column }));
  if (doc === null) return { syntax, value: null, errors, locate: () => START };
  return { syntax, value: doc.value, errors, locate: (pointer) => doc.locate(pointer) };
}

/** A TOML value as plain data: tables as plain objects (smol-toml makes null-prototype ones), dates as their text. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = plain(child);
    return out;
  }
  return value;
}

const BARE_KEY = /^[A-Za-z0-9_-]$/;

/**
 * The dotted key a TOML line starts with (`a."b.c".d =`, quotes removed) and the offset after its
 * `=`, or null when the line is no `key = value` line. Read character by character: a line of
 * 500,000 characters costs one pass.
 */
function tomlKeyOf(line: string, from = 0): { segments: string[]; end: number } | null {
  const segments: string[] = [];
  let i = from;
  const skipSpaces = (): void => {
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
  };
  for (;;) {
    skipSpaces();
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const close = line.indexOf(ch, i + 1);
      if (close === -1) return null;
      segments.push(line.slice(i + 1, close));
      i = close + 1;
    } else {
      const begin = i;
      while (i < line.length && BARE_KEY.test(line[i])) i++;
      if (i === begin) return null;
      segments.push(line.slice(begin, i));
    }
    skipSpaces();
    if (line[i] === ".") {
      i++;
      continue;
    }
    return line[i] === "=" || line[i] === "]" ? { segments, end: i + 1 } : null;
  }
}

/** The table a header line opens (`[a.b]`, `[[a.b]]`), or null for any other line. */
function tomlHeaderOf(line: string): { segments: string[]; array: boolean } | null {
  const start = line.length - line.trimStart().length;
  if (line[start] !== "[") return null;
  const array = line[start + 1] === "[";
  const key = tomlKeyOf(line, start + (array ? 2 : 1));
  if (key === null || line[key.end - 1] !== "]") return null;
  if (array && line[key.end] !== "]") return null;
  return { segments: key.segments, array };
}

/**
 * Where each table and key of a TOML text is written: pointer → position. Inline tables and
 * arrays are located at the key that holds them (locate falls back to the nearest ancestor).
 */
function tomlPositions(text: string): Map<string, Position> {
  const positions = new Map<string, Position>();
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  let inMultiline: string | null = null;
  text.split("\n").forEach((line, i) => {
    if (inMultiline !== null) {
      if (line.includes(inMultiline)) inMultiline = null;
      return;
    }
    const header = tomlHeaderOf(line);
    if (header) {
      if (header.array) {
        const key = encodePointer(header.segments);
        const index = arrayCounts.get(key) ?? 0;
        arrayCounts.set(key, index + 1);
        table = [...header.segments, String(index)];
      } else table = header.segments;
      positions.set(encodePointer(table), { line: i + 1, column: line.indexOf("[") + 1 });
      return;
    }
    const key = tomlKeyOf(line);
    if (key === null || line[key.end - 1] !== "=") return;
    const pointer = encodePointer([...table, ...key.segments]);
    const rest = line.slice(key.end);
    const valueColumn = key.end + (rest.length - rest.trimStart().length) + 1;
    if (!positions.has(pointer)) positions.set(pointer, { line: i + 1, column: valueColumn });
    for (const delimiter of ['"""', "'''"]) {
      const at = rest.indexOf(delimiter);
      if (at !== -1 && rest.indexOf(delimiter, at + 3) === -1) inMultiline = delimiter;
    }
  });
  return positions;
}

function locator(positions: ReadonlyMap<string, Position>): (pointer: string) => Position {
  return (pointer) => {
    for (let at = pointer; ; at = at.slice(0, at.lastIndexOf("/"))) {
      const found = positions.get(at);
      if (found) return found;
      if (at === "") return START;
    }
  };
}

function readToml(text: string): ConfigText {
  try {
    const value = plain(parseToml(text));
    return { syntax: "toml", value, errors: [], locate: locator(tomlPositions(text)) };
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 0;
    const column = error instanceof TomlError ? error.column : 0;
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { syntax: "toml", value: null, errors: [{ message: `TOML: ${message}`, line, column }], locate: () => START };
  }
}

/** The text before an inline comment (` ; note`, ` # note`), as configparser's inline_comment_prefixes read it. */
function withoutInlineComment(value: string): string {
  for (let i = 1; i < value.length; i++) {
    if ((value[i] === ";" || value[i] === "#") && (value[i - 1] === " " || value[i - 1] === "\t")) return value.slice(0, i);
  }
  return value;
}

function unquote(value: string): string {
  const text = value.trim();
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) return text.slice(1, -1);
  return text;
}

/**
 * An INI text as `{section: {key: value}}` (keys before any section at the top level). Values are
 * strings, quotes removed; a line that is neither a section, an entry, a comment nor blank is an
 * error with its line, as configparser refuses it.
 */
function readIni(text: string): ConfigText {
  const value: Record<string, unknown> = {};
  const positions = new Map<string, Position>();
  const errors: SyntaxError[] = [];
  let section: Record<string, unknown> = value;
  let sectionName: string | null = null;
  let last: string | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";") || trimmed.startsWith("#")) return;
    if (trimmed.startsWith("[")) {
      const close = trimmed.indexOf("]");
      const after = close === -1 ? "" : trimmed.slice(close + 1).trim();
      if (close > 1 && (after === "" || after.startsWith(";") || after.startsWith("#"))) {
        sectionName = trimmed.slice(1, close).trim();
        const existing = value[sectionName];
        section = typeof existing === "object" && existing !== null ? (existing as Record<string, unknown>) : {};
        value[sectionName] = section;
        last = null;
        positions.set(encodePointer([sectionName]), { line: i + 1, column: line.indexOf("[") + 1 });
        return;
      }
    }
    const equals = line.indexOf("=");
    const colon = line.indexOf(":");
    const cut = equals === -1 ? colon : colon === -1 ? equals : Math.min(equals, colon);
    const key = cut === -1 ? "" : line.slice(0, cut).trim();
    // an indented line without a key continues the value above it (configparser's multi-line values)
    if (cut === -1 && last !== null && (line.startsWith(" ") || line.startsWith("\t"))) {
      section[last] = `${String(section[last])}\n${trimmed}`;
      return;
    }
    if (key === "" || key.startsWith("[")) {
      if (errors.length < 5)
        errors.push({ message: `INI: line is neither a [section], a key = value entry nor a comment: ${trimmed.slice(0, 80)}`, line: i + 1, column: 1 });
      return;
    }
    const written = line.slice(cut + 1);
    section[key] = unquote(withoutInlineComment(written));
    last = key;
    const column = cut + 1 + (written.length - written.trimStart().length) + 1;
    positions.set(encodePointer(sectionName === null ? [key] : [sectionName, key]), { line: i + 1, column });
  });
  return { syntax: "ini", value: errors.length > 0 ? null : value, errors, locate: locator(positions) };
}

/** Reads a config text in the syntax its name says. */
export function readConfigText(name: string, text: string, syntax: ConfigSyntax): ConfigText {
  if (text.length > MAX_CONFIG_CHARS) {
    return {
      syntax,
      value: null,
      errors: [{ message: `config text of ${text.length} characters is longer than the ${MAX_CONFIG_CHARS} read`, line: 0, column: 0 }],
      locate: () => START,
    };
  }
  switch (syntax) {
    case "yaml":
    case "json":
      return readYaml(name, text, syntax);
    case "toml":
      return readToml(text);
    case "ini":
      return readIni(text);
  }
}
