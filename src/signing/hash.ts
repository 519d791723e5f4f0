import { createHash } from "node:crypto";
import path from "node:path";
import { ModelgateError } from "../errors";

/**
 * File digests exactly as OPA computes them for `.signatures.json` (v1/bundle/hash.go): raw bytes
 * for policies and wasm; for structured documents (`data.json`, `.manifest`) a digest of the JSON
 * value with object keys sorted, independent of whitespace, so bundles signed by `opa build
 * --signing-key` verify here and bundles signed here verify in OPA.
 */

export class CanonicalJsonError extends ModelgateError {
  constructor(message: string) {
    super("bundle", message);
  }
}

/** `data.json` and `.manifest` are hashed as JSON values; OPA's data.yaml/.yml too (refused here). */
export function isStructuredDoc(name: string): boolean {
  const base = path.posix.basename(name);
  return base === "data.json" || base === ".manifest" || base === "data.yaml" || base === "data.yml";
}

type JsonValue =
  | { kind: "object"; entries: Map<string, JsonValue> }
  | { kind: "array"; items: JsonValue[] }
  | { kind: "string"; value: string }
  | { kind: "literal"; text: string };

/** A JSON parser that keeps number literals as written, since OPA hashes them as json.Number text. */
class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): JsonValue {
    this.ws();
    const value = this.value(0);
    this.ws();
    if (this.pos !== this.text.length) this.fail("unexpected text after the JSON value");
    return value;
  }

  private fail(message: string): never {
    throw new CanonicalJsonError(`${message} at offset ${this.pos}`);
  }

  private ws(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  private value(depth: number): JsonValue {
    if (depth > 512) this.fail("JSON nested too deeply");
    const c = this.text[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return { kind: "string", value: this.string() };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!literal) this.fail("invalid JSON value");
    this.pos += literal[0].length;
    return { kind: "literal", text: literal[0] };
  }

  private object(depth: number): JsonValue {
    const entries = new Map<string, JsonValue>();
    this.pos++;
    this.ws();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { kind: "object", entries };
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail("expected an object key");
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ":") this.fail("expected ':'");
      this.pos++;
      this.ws();
      entries.delete(key); // the last duplicate wins, as in Go's map decoding
      entries.set(key, this.value(depth + 1));
      this.ws();
      const next = this.text[this.pos++];
      if (next === "}") return { kind: "object", entries };
      if (next !== ",") this.fail("expected ',' or '}'");
    }
  }

  private array(depth: number): JsonValue {
    const items: JsonValue[] = [];
    this.pos++;
    this.ws();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return { kind: "array", items };
    }
    for (;;) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      const next = this.text[this.pos++];
      if (next === "]") return { kind: "array", items };
      if (next !== ",") this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.pos;
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(start));
    if (!match) this.fail("invalid JSON string");
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }
}

/** Go's encoding/json string encoding with SetEscapeHTML(false), which OPA's hasher uses. */
function goString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (code < 0x20) out += `\\u00${code.toString(16).padStart(2, "0")}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += "\ufffd"; // a lone surrogate decodes to U+FFFD in Go
    else out += ch;
  }
  return out + '"';
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function writeCanonical(value: JsonValue, parts: string[]): void {
  switch (value.kind) {
    case "object": {
      parts.push("{");
      [...value.entries.keys()].sort(byUtf8).forEach((key, i) => {
        if (i > 0) parts.push(",");
        parts.push(goString(key), ":");
        writeCanonical(value.entries.get(key)!, parts);
      });
      parts.push("}");
      return;
    }
    case "array":
      parts.push("[");
      value.items.forEach((item, i) => {
        if (i > 0) parts.push(",");
        writeCanonical(item, parts);
      });
      parts.push("]");
      return;
    case "string":
      parts.push(goString(value.value));
      return;
    case "literal":
      parts.push(value.text);
  }
}

/** The byte string OPA feeds its hash for a JSON document. */
export function canonicalJson(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CanonicalJsonError("not valid UTF-8");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parts: string[] = [];
  writeCanonical(new Parser(text).parse(), parts);
  return parts.join("");
}

/** SHA-256 of one bundle file the way OPA signs it, as lowercase hex. */
export function bundleFileDigest(name: string, bytes: Buffer): string {
  const base = path.posix.basename(name);
  if (base === "data.yaml" || base === "data.yml") {
    throw new CanonicalJsonError(`${name}: YAML data files are not supported in signed modelgate bundles; use data.json`);
  }
  const hash = createHash("sha256");
  hash.update(isStructuredDoc(name) ? Buffer.from(canonicalJson(bytes), "utf8") : bytes);
  return hash.digest("hex");
}
