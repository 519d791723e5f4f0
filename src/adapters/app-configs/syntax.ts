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

/** The segments of a dotted TOML key (`a."b.c".d`), quotes removed. */
function tomlKeySegments(raw: string): string[] {
  const segments: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of raw.trim()) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ".") {
      segments.push(current.trim());
      current = "";
    } else current += ch;
  }
  segments.push(current.trim());
  return segments;
}

const TOML_HEADER = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const TOML_KEY = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/;

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
    const header = TOML_HEADER.exec(line);
    if (header) {
      const path = tomlKeySegments(header[2]);
      if (header[1] === "[[") {
        const key = encodePointer(path);
        const index = arrayCounts.get(key) ?? 0;
        arrayCounts.set(key, index + 1);
        table = [...path, String(index)];
      } else table = path;
      positions.set(encodePointer(table), { line: i + 1, column: line.indexOf("[") + 1 });
      return;
    }
    const key = TOML_KEY.exec(line);
    if (!key) return;
    const pointer = encodePointer([...table, ...tomlKeySegments(key[1])]);
    const rest = line.slice(key[0].length);
    const valueColumn = key[0].length + (rest.length - rest.trimStart().length) + 1;
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

const INI_SECTION = /^\s*\[([^\]]+)\]\s*(?:[;#].*)?$/;
const INI_ENTRY = /^\s*([^=:\s][^=:]*?)\s*[=:]\s?(.*)$/;

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
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";") || trimmed.startsWith("#")) return;
    const header = INI_SECTION.exec(line);
    if (header) {
      sectionName = header[1].trim();
      const existing = value[sectionName];
      section = typeof existing === "object" && existing !== null ? (existing as Record<string, unknown>) : {};
      value[sectionName] = section;
      positions.set(encodePointer([sectionName]), { line: i + 1, column: line.indexOf("[") + 1 });
      return;
    }
    const entry = INI_ENTRY.exec(line);
    if (!entry) {
      if (errors.length < 5)
        errors.push({ message: `INI: line is neither a [section], a key = value entry nor a comment: ${trimmed.slice(0, 80)}`, line: i + 1, column: 1 });
      return;
    }
    const key = entry[1].trim();
    section[key] = unquote(entry[2].replace(/\s[;#].*$/, ""));
    const column = line.length - entry[2].length + 1;
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
