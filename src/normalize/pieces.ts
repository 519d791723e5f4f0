/**
 * How one configuration value holds several URLs. Clients split failover lists on `,`, `;` or `|`
 * and read `primary=https://...` pairs or query strings; none of that is one URL to a URL parser,
 * which reads `https://a/v1|https://b/v1` as host `a` and never sees `b`. These readings are added
 * to the parser's, never put in its place.
 *
 * Every pattern here is a single character class or is anchored at the start of a piece, so
 * splitting is linear in the value however it is written.
 */

import { isLikelyUrl } from "./endpoint";

const KEY_EQUALS = /^[A-Za-z_][A-Za-z0-9_.-]*=/;
// `primary:https://...`, `backup:api.example.com`: a key before a colon, unless the "key" is an endpoint
// scheme (`https:host`), a host before its port (`redis:6379`) or another scheme's `//` or a drive's `\`.
const KEY_COLON = /^(?!(?:https?|wss?):)[A-Za-z_][A-Za-z0-9_.-]*:(?=[^\d/\\])/i;
const SCHEME_START = /^(?:https?|wss?):/i;
const LIST_SEPARATOR = /[,;|]/;
const LIST_SPLIT = /[,;|]/;
const SPACE_SPLIT = /\s+/;
/** Everything a client may split a value at to find URLs in it: list separators, whitespace, query delimiters. */
const PIECE_SPLIT = /[\s,;|&?]+/;

const OPENERS = "'\"<(";
const CLOSERS = "'\">)";
// `url=https%3A%2F%2Fhost%2Fv1`: a URL percent-encoded as a query value.
const ENCODED_SCHEME = /^(?:https?|wss?)%3A/i;

/** `'https://a/v1'`, `<https://a/v1>`, `(https://a/v1)` → `https://a/v1`: quotes and brackets around a URL in prose or shell-style lists. */
function unwrap(part: string): string {
  let start = 0;
  let end = part.length;
  while (start < end && OPENERS.includes(part[start] ?? "")) start++;
  while (end > start && CLOSERS.includes(part[end - 1] ?? "")) end--;
  return start === 0 && end === part.length ? part : part.slice(start, end);
}

/** `primary=https://a/v1` → `https://a/v1`; a part without a key as it is. Quotes around either are removed. */
export function withoutKey(part: string): string {
  const bare = unwrap(part);
  const match = KEY_EQUALS.exec(bare) ?? KEY_COLON.exec(bare);
  return match === null ? bare : unwrap(bare.slice(match[0].length));
}

function decoded(piece: string): string | null {
  if (!ENCODED_SCHEME.test(piece)) return null;
  try {
    return decodeURIComponent(piece);
  } catch {
    return null;
  }
}

/**
 * The URLs of a value that is a list of URLs and nothing else (`https://a/v1, https://b/v1`,
 * `a|b`, `primary=https://a;fallback=https://b`), or null. A list separated only by whitespace
 * needs a scheme on every entry: tabs and newlines inside one host are deleted by URL parsers, and
 * `https://api.deep seek.com` is one broken URL, not two.
 */
export function urlListParts(raw: string): string[] | null {
  const text = raw.trim();
  let parts: string[];
  if (LIST_SEPARATOR.test(text)) {
    parts = text
      .split(LIST_SPLIT)
      .map((part) => withoutKey(part.trim()))
      .filter((part) => part !== "");
  } else if (SPACE_SPLIT.test(text)) {
    parts = text
      .split(SPACE_SPLIT)
      .filter((part) => part !== "")
      .map(withoutKey);
    if (!parts.every((part) => SCHEME_START.test(part))) return null;
  } else return null;
  return parts.length >= 2 && parts.every((part) => isLikelyUrl(part)) ? parts : null;
}

/**
 * Every piece of a value that could be written as a URL: the value split at whitespace, list
 * separators, `&` and `?`, each without a `key=` in front. For finding known hosts in values that
 * are not only a list (`x=1&url=https://...`, a long option string ending in a URL).
 */
export function urlPieces(raw: string): string[] {
  const pieces: string[] = [];
  for (const part of raw.split(PIECE_SPLIT)) {
    const piece = part === "" ? "" : withoutKey(part);
    if (piece === "") continue;
    pieces.push(piece);
    const plain = decoded(piece);
    if (plain !== null) pieces.push(plain);
  }
  return pieces;
}
