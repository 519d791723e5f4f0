/**
 * Scalar resolution as go-yaml v2 (go.yaml.in/yaml/v2 resolve.go) does it: the YAML 1.1 reading
 * kubectl and the API machinery get through sigs.k8s.io/yaml. Plain `yes`, `on` and `y` are
 * booleans, `0755` is octal, `80_000` drops its underscores, `1e3` is a float; quoted scalars stay
 * strings. Timestamps read into untyped data stay strings (go-yaml's own compatibility rule).
 */

import { ModelgateError } from "../errors";

export const TAG = {
  str: "tag:yaml.org,2002:str",
  bool: "tag:yaml.org,2002:bool",
  int: "tag:yaml.org,2002:int",
  float: "tag:yaml.org,2002:float",
  null: "tag:yaml.org,2002:null",
  timestamp: "tag:yaml.org,2002:timestamp",
  binary: "tag:yaml.org,2002:binary",
  merge: "tag:yaml.org,2002:merge",
} as const;

/** A resolved scalar: integers are bigints so that int64 and uint64 keep every digit. */
export type GoScalar =
  | { tag: typeof TAG.str | typeof TAG.timestamp; value: string }
  | { tag: typeof TAG.bool; value: boolean }
  | { tag: typeof TAG.int; value: bigint }
  | { tag: typeof TAG.float; value: number }
  | { tag: typeof TAG.null; value: null };

/** A scalar go-yaml refuses (an explicit tag its text does not fit). */
/** A scalar go-yaml would refuse; kube-yaml.ts turns it into a refusal at the node's position. */
export class GoScalarError extends ModelgateError {
  constructor(message: string) {
    super("input", message);
  }
}

const WORDS = new Map<string, GoScalar>();
for (const word of ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]) WORDS.set(word, { tag: TAG.bool, value: true });
for (const word of ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]) WORDS.set(word, { tag: TAG.bool, value: false });
for (const word of ["", "~", "null", "Null", "NULL"]) WORDS.set(word, { tag: TAG.null, value: null });
for (const word of [".nan", ".NaN", ".NAN"]) WORDS.set(word, { tag: TAG.float, value: NaN });
for (const word of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) WORDS.set(word, { tag: TAG.float, value: Infinity });
for (const word of ["-.inf", "-.Inf", "-.INF"]) WORDS.set(word, { tag: TAG.float, value: -Infinity });

/** go-yaml's resolveTable: which first characters can start a non-string scalar. */
function hintOf(text: string): "M" | "D" | "S" | "." | null {
  if (text === "") return "M";
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) return "D";
  if (c === 43 || c === 45) return "S";
  if (c === 46) return ".";
  // y Y n N t T f F o O ~
  if (c === 121 || c === 89 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 111 || c === 79 || c === 126) return "M";
  return null;
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(text, 0, 64) on text without underscores; null where Go reports an error. */
function parseUintBase0(text: string): bigint | null {
  if (text === "") return null;
  let base = 10n;
  let digits = text;
  if (text.charCodeAt(0) === 48 /* 0 */) {
    const second = text.length >= 3 ? text[1].toLowerCase() : "";
    if (second === "b") [base, digits] = [2n, text.slice(2)];
    else if (second === "o") [base, digits] = [8n, text.slice(2)];
    else if (second === "x") [base, digits] = [16n, text.slice(2)];
    else [base, digits] = [8n, text.slice(1)];
  }
  let n = 0n;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i) | 0x20;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : 99;
    if (BigInt(d) >= base) return null;
    n = n * base + BigInt(d);
    if (n > UINT64_MAX) return null;
  }
  return n;
}

/** strconv.ParseUint(text, 2, 64). */
function parseUintBase2(text: string): bigint | null {
  if (!/^[01]{1,64}$/.test(text)) return null;
  return BigInt("0b" + text);
}

/** strconv.ParseInt(text, 0, 64), or with `binary` ParseInt(text, 2, 64); null where Go reports an error. */
function parseIntBase0(text: string, binary = false): bigint | null {
  const negative = text.charCodeAt(0) === 45;
  const digits = negative || text.charCodeAt(0) === 43 ? text.slice(1) : text;
  const unsigned = binary ? parseUintBase2(digits) : parseUintBase0(digits);
  if (unsigned === null) return null;
  if (negative) return unsigned > INT64_MAX + 1n ? null : -unsigned;
  return unsigned > INT64_MAX ? null : unsigned;
}

/** A decimal go reads as an int and a double holds exactly: the common case, without bigint arithmetic. */
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9_]+([eE][-+]?[0-9_]+)?$/;

/** strconv's underscoreOK for a decimal float: each underscore between two digits. */
function underscoresBetweenDigits(text: string): boolean {
  return !/(?:^|[^0-9])_|_(?:[^0-9]|$)/.test(text);
}

/** resolve() for the untagged plain scalar and the resolvable tags, before the tag check. */
function resolveText(tag: string, text: string): GoScalar {
  const hint = hintOf(text);
  if (hint === null || tag === TAG.str) return { tag: TAG.str, value: text };
  const word = WORDS.get(text);
  if (word) return word;
  if (hint === ".") {
    // strconv.ParseFloat on the text as written (Go number syntax: `_` between digits); out of range is an error, so a string
    if (DOT_FLOAT.test(text) && (!text.includes("_") || underscoresBetweenDigits(text))) {
      const value = Number(text.replace(/_/g, ""));
      if (Number.isFinite(value)) return { tag: TAG.float, value };
    }
  } else if (hint !== "M") {
    if (tag === TAG.timestamp && isGoTimestamp(text)) return { tag: TAG.timestamp, value: text };
    if (DECIMAL.test(text)) return { tag: TAG.int, value: BigInt(text) };
    const plain = text.includes("_") ? text.replace(/_/g, "") : text;
    const int = parseIntBase0(plain) ?? (plain.charCodeAt(0) === 45 ? null : parseUintBase0(plain));
    if (int !== null) return { tag: TAG.int, value: int };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const value = Number(plain);
      if (Number.isFinite(value)) return { tag: TAG.float, value };
    }
    // go-yaml's own binary fallback, which lets a sign follow the prefix: 0b-101 is -5
    if (plain.startsWith("0b")) {
      const binary = parseIntBase0(plain.slice(2), true) ?? parseUintBase2(plain.slice(2));
      if (binary !== null) return { tag: TAG.int, value: binary };
    } else if (plain.startsWith("-0b")) {
      const binary = parseIntBase0("-" + plain.slice(3), true);
      if (binary !== null) return { tag: TAG.int, value: binary };
    }
  }
  return { tag: TAG.str, value: text };
}

const RESOLVABLE = new Set<string>(["", TAG.str, TAG.bool, TAG.int, TAG.float, TAG.null, TAG.timestamp]);

function shortTag(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.slice("tag:yaml.org,2002:".length) : tag;
}

/**
 * go-yaml's resolve(tag, text): `tag` is "" for an untagged plain scalar, else the explicit tag.
 * Tags go-yaml does not resolve (custom `!Ref`, `!!binary`, the non-specific `!`) give the text.
 */
export function resolveGoScalar(tag: string, text: string): GoScalar {
  if (!RESOLVABLE.has(tag)) return { tag: TAG.str, value: text };
  const resolved = resolveText(tag, text);
  if (tag === "" || tag === resolved.tag || tag === TAG.str) return resolved;
  if (tag === TAG.float && resolved.tag === TAG.int) return { tag: TAG.float, value: Number(resolved.value) };
  throw new GoScalarError(`cannot decode ${shortTag(resolved.tag)} \`${text}\` as a ${shortTag(tag)}`);
}

/** Whether an untagged plain scalar reads as something other than its own text (js-yaml's implicit-type hook). */
export function isGoImplicitNonString(text: string): boolean {
  return hintOf(text) !== null && resolveText("", text).tag !== TAG.str;
}

/**
 * The layouts go-yaml tries for `!!timestamp` (time.Parse with "2006-1-2T15:4:5.999999999Z07:00",
 * its lower-case `t` and space-separated forms, and "2006-1-2"), with Go's range checks.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/;

function isGoTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return false;
  const hour = Number(m[4] ?? m[7] ?? 0);
  const minute = Number(m[5] ?? m[8] ?? 0);
  const second = Number(m[6] ?? m[9] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `!!binary`: go-yaml decodes base64 (encoding/base64 StdEncoding, which skips CR and LF) and
 * keeps the bytes as a string; bytes that are not UTF-8 would reach the cluster altered, so they
 * are refused rather than guessed.
 */
export function decodeGoBinary(text: string): string {
  const compact = text.replace(/[\r\n]/g, "");
  if (!BASE64.test(compact)) throw new GoScalarError("!!binary value contains invalid base64 data");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(compact, "base64"));
  } catch {
    throw new GoScalarError("!!binary value is not UTF-8 text, so Kubernetes would receive it altered");
  }
}
