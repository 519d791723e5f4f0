/**
 * Turns a base-URL value as written in configuration into a canonical
 * `Endpoint`. Rules compare exact hosts and registrable domains, so every way
 * of writing the same host must end up as the same string, and every way of
 * hiding a host (userinfo, backslashes, homoglyphs, encodings) must be undone
 * and reported. Node's WHATWG `URL` is the reference parser because it is what
 * browsers, Node and most SDK HTTP stacks use; where other parsers read a
 * different host, that host is reported too.
 */

import type { Endpoint, EndpointProblem, UnresolvedValue } from "../model/canonical";
import { hasMixedScriptLabel, lookalikeOf } from "./confusables";
import { classifyHost, hasPublicSuffix, registrableDomainOf } from "./host-kind";
import { stripTrailing, trimWhere } from "./trim";

export type NormalizeResult =
  { kind: "endpoint"; endpoint: Endpoint } | { kind: "unresolved"; unresolved: UnresolvedValue } | { kind: "invalid"; reason: string };

export interface NormalizeOptions {
  /** Lowercase ASCII hosts of known LLM operators; only used to compute `lookalikeOf`. */
  knownHosts?: ReadonlySet<string>;
  /** Scheme given to values written without one. */
  defaultScheme?: "https" | "http";
}

const ENDPOINT_SCHEMES: ReadonlySet<string> = new Set<Endpoint["scheme"]>(["http", "https", "ws", "wss"]);
const isEndpointScheme = (scheme: string): scheme is Endpoint["scheme"] => ENDPOINT_SCHEMES.has(scheme);

// Zero-width characters are trimmed with real whitespace: invisible in review, yet they change what parsers see.
const EDGE_SPACE_CHAR = /^[\s\u200b-\u200d\u2060]$/u;

function trimEdgeSpace(text: string): string {
  return trimWhere(text, (char) => EDGE_SPACE_CHAR.test(char));
}
// The characters WHATWG silently deletes anywhere in the input.
const TAB_NEWLINE = /[\t\r\n]/g;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// `api.deepseek.com:8443/v1` starts like a scheme but is host:port.
const PORT_AFTER_COLON = /^\d+(?:[/?#\\]|$)/;

// ---------------------------------------------------------------------------
// Indirection

const LITELLM_ENV = /^os\.environ\/[A-Za-z_][A-Za-z0-9_]*$/;
const DECK_ENV = /^\$\{\{\s*env\s+"[^"]*"\s*\}\}$/;
const ENV_NAME_EXPANSION = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-].*)?\}$/s;
// Each matched where it starts (sticky), so no attempt scans past the construct it begins.
const DECK_AT = /\$\{\{\s*env\s+"[^"]*"\s*\}\}/y;
const BRACED_AT = /\$\{[^{}]*\}/y;
const PARENS_AT = /\$\([A-Za-z_][A-Za-z0-9_.-]*\)/y;
const NAME_AT = /\$[A-Za-z_][A-Za-z0-9_]*/y;

function matchAt(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/**
 * The indirections in a value, left to right, as [start, end) ranges: decK `${{ env "X" }}`, then
 * templates `{{ ... }}` (with an optional leading `$`), then `${...}`, `$(NAME)` and `$NAME`; the
 * first of them that matches at a position wins. `$$` is the escape of Kubernetes and Compose for
 * a literal `$`, so a `$` right after one starts nothing. A scanner rather than one alternation:
 * the template's lazy `\{\{[\s\S]*?\}\}` rescans the rest of the value from every `{{` when
 * nothing closes it (600 KB of `{{` took over a minute); here the next `}}` is looked up once.
 */
export function indirectionRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  // Index of the first "}}" at or after the last place searched; -1 once none is left.
  let close = -2;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char !== "$" && char !== "{") {
      i++;
      continue;
    }
    let end = char === "$" ? matchAt(DECK_AT, text, i) : -1;
    const open = char === "{" ? i : text[i + 1] === "{" ? i + 1 : -1;
    if (end === -1 && open !== -1 && text[open + 1] === "{") {
      if (close !== -1 && close < open + 2) close = text.indexOf("}}", open + 2);
      if (close !== -1) end = close + 2;
    }
    if (end === -1 && char === "$" && text[i - 1] !== "$") {
      end = matchAt(BRACED_AT, text, i);
      if (end === -1) end = matchAt(PARENS_AT, text, i);
      if (end === -1) end = matchAt(NAME_AT, text, i);
    }
    if (end === -1) {
      i++;
      continue;
    }
    ranges.push([i, end]);
    i = end;
  }
  return ranges;
}

function describeIndirection(text: string): string {
  if (DECK_ENV.test(text)) return `decK environment reference ${text}`;
  if (text.startsWith("{{") || text.startsWith("${{")) return `template expression ${text}`;
  if (text.startsWith("$(")) return `Kubernetes variable reference ${text}`;
  if (text.startsWith("${") && !ENV_NAME_EXPANSION.test(text)) return `variable reference ${text}`;
  return `environment reference ${text}`;
}

/** A host-safe stand-in, so the URL parser shows which part of the URL an indirection occupies. */
function placeholder(index: number): string {
  return `mgunresolved${index}x`;
}

function withPlaceholders(text: string): { substituted: string; found: string[]; ranges: Array<[number, number]> } {
  const found: string[] = [];
  let substituted = "";
  let from = 0;
  const ranges = indirectionRanges(text);
  for (const [start, end] of ranges) {
    found.push(text.slice(start, end));
    substituted += text.slice(from, start) + placeholder(found.length - 1);
    from = end;
  }
  return { substituted: found.length === 0 ? text : substituted + text.slice(from), found, ranges };
}

const SHOWN_SUBSTITUTION = 80;

function shown(text: string): string {
  return text.length > SHOWN_SUBSTITUTION ? `${text.slice(0, SHOWN_SUBSTITUTION)}...` : text;
}

/**
 * The first shell command substitution in a value, `$(cat /etc/llm/url)` or `` `cat x` ``, closed
 * or not, outside the indirections already found (`${URL:-$(cat f)}` is described as the
 * `${...}` it is). Kubernetes leaves such text as written, so whatever reads the value (a shell, an
 * entrypoint's `eval`, or a client given the literal text) gets something only known at run time.
 */
function shellSubstitution(text: string, ranges: ReadonlyArray<[number, number]>): { at: number; reason: string } | null {
  // Positions are asked in increasing order per search, so each search walks the ranges once.
  const insideFrom = (): ((at: number) => boolean) => {
    let r = 0;
    return (at) => {
      while (r < ranges.length && (ranges[r]?.[1] ?? 0) <= at) r++;
      return r < ranges.length && (ranges[r]?.[0] ?? Infinity) <= at;
    };
  };
  let inside = insideFrom();
  let dollar = -1;
  for (let i = text.indexOf("$("); i !== -1; i = text.indexOf("$(", i + 2)) {
    if (text[i - 1] === "$" || inside(i) || matchAt(PARENS_AT, text, i) !== -1) continue;
    dollar = i;
    break;
  }
  inside = insideFrom();
  let tick = text.indexOf("`");
  while (tick !== -1 && inside(tick)) tick = text.indexOf("`", tick + 1);
  if (dollar === -1 && tick === -1) return null;
  const useTick = dollar === -1 || (tick !== -1 && tick < dollar);
  const at = useTick ? tick : dollar;
  const close = useTick ? text.indexOf("`", at + 1) : text.indexOf(")", at + 2);
  if (close === -1) return { at, reason: `unterminated shell command substitution ${shown(text.slice(at))}: the value is not known before deploy` };
  return { at, reason: `shell command substitution ${shown(text.slice(at, close + 1))} is only known at run time` };
}

/** Where scheme and authority end as WHATWG delimits them: text before this index decides the host. */
function authorityEnd(text: string): number {
  const scheme = SCHEME.exec(text);
  let from = scheme === null || PORT_AFTER_COLON.test(text.slice(scheme[0].length)) ? 0 : scheme[0].length;
  while (text[from] === "/" || text[from] === "\\") from++;
  const end = text.slice(from).search(/[/?#\\]/);
  return end === -1 ? text.length : from + end;
}

/**
 * Non-null when the endpoint's identity (scheme or host) depends on something
 * only known at run time. An indirection confined to userinfo, path or query
 * leaves the host known, so the value is still an endpoint. One in the port
 * (or in a value that would not parse anyway) counts as unresolved: a run-time
 * value might complete it.
 */
export function unresolvedReason(raw: string): string | null {
  const trimmed = trimEdgeSpace(raw);
  if (trimmed === "") return "empty value";
  if (LITELLM_ENV.test(trimmed)) return `LiteLLM environment reference ${trimmed}`;

  const { substituted, found, ranges } = withPlaceholders(trimmed);
  const shell = shellSubstitution(trimmed, ranges);
  if (shell !== null && shell.at < authorityEnd(trimmed)) return shell.reason;
  if (found.length === 0) return null;

  const first = describeIndirection(found[0] ?? "");
  const prepared = prepare(substituted, "https");
  if ("invalid" in prepared) return first;
  const url = parseUrl(prepared.text);
  if (url === null) return first;
  const hidden = found.findIndex((_, i) => url.hostname.includes(placeholder(i)));
  return hidden === -1 ? null : describeIndirection(found[hidden] ?? "");
}

// ---------------------------------------------------------------------------
// Preparing the text for the parser

interface Prepared {
  text: string;
  problems: EndpointProblem[];
}

function prepare(raw: string, defaultScheme: "https" | "http"): Prepared | { invalid: string } {
  const problems: EndpointProblem[] = [];
  const text = trimEdgeSpace(raw).replace(TAB_NEWLINE, "");
  if (text !== raw) problems.push("whitespace");
  if (text === "") return { invalid: "empty value" };

  if (text.startsWith("//")) {
    problems.push("missing-scheme");
    return { text: `${defaultScheme}:${text}`, problems };
  }
  const scheme = SCHEME.exec(text);
  if (scheme !== null) {
    const name = (scheme[1] ?? "").toLowerCase();
    if (ENDPOINT_SCHEMES.has(name)) return { text, problems };
    if (!PORT_AFTER_COLON.test(text.slice(scheme[0].length))) return { invalid: unsupportedScheme(name) };
  }
  if (/^[/\\.]/.test(text)) return { invalid: `"${text}" is a path, not a URL: no host` };
  problems.push("missing-scheme");
  return { text: `${defaultScheme}://${text}`, problems };
}

function unsupportedScheme(scheme: string): string {
  return `unsupported scheme "${scheme}:" (only http, https, ws and wss name endpoints)`;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Reading the authority as written, for problems WHATWG's output no longer shows

/** The authority as WHATWG delimits it for special schemes: `\` is a separator like `/`. */
function whatwgAuthority(text: string): string {
  const afterScheme = text.slice(text.indexOf(":") + 1).replace(/^[/\\]*/, "");
  const end = afterScheme.search(/[/\\?#]/);
  return end === -1 ? afterScheme : afterScheme.slice(0, end);
}

function splitHostPort(authority: string): { host: string; port: string | null } {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close === -1) return { host: hostPort, port: null };
    const rest = hostPort.slice(close + 1);
    return { host: hostPort.slice(0, close + 1), port: rest.startsWith(":") ? rest.slice(1) : null };
  }
  const colon = hostPort.indexOf(":");
  return colon === -1 ? { host: hostPort, port: null } : { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

/**
 * The netloc and host an RFC 3986-style parser (Python `urllib.parse.urlsplit`,
 * which many SDKs use) reads: `\` is an ordinary character, the authority needs
 * `//`, and the last `@` ends the userinfo.
 */
function rfc3986Authority(text: string): { netloc: string; host: string } | null {
  const colon = text.indexOf(":");
  if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(text.slice(0, colon))) return null;
  const rest = text.slice(colon + 1);
  if (!rest.startsWith("//")) return null;
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?#]/);
  const netloc = end === -1 ? afterSlashes : afterSlashes.slice(0, end);
  const hostinfo = netloc.slice(netloc.lastIndexOf("@") + 1);
  const open = hostinfo.indexOf("[");
  const host = open !== -1 ? (hostinfo.slice(open + 1).split("]")[0] ?? "") : (hostinfo.split(":")[0] ?? "");
  return { netloc, host: host.toLowerCase() };
}

/** Puts another parser's host into our canonical form; null when no client could connect to it. */
function canonicalAlternate(host: string): string | null {
  if (host === "" || /[\s/\\?#@[\]]/u.test(host)) return null;
  const url = parseUrl(`http://${host.includes(":") ? `[${host}]` : host}/`);
  const canonical = url === null ? "" : (ipv4Mapped(url.hostname) ?? stripTrailing(url.hostname, "."));
  return canonical === "" ? null : canonical;
}

function whyInvalid(text: string): string {
  const { host, port } = splitHostPort(whatwgAuthority(text));
  const prefix = "not a valid URL:";
  if (host === "") return `${prefix} no host`;
  if (/\s/u.test(host)) return `${prefix} host "${host}" contains whitespace`;
  if (port !== null && !/^\d*$/.test(port)) return `${prefix} invalid port "${port}"`;
  if (port !== null && port !== "" && Number(port) > 65535) return `${prefix} port ${port} out of range`;
  if (host.startsWith("[")) return `${prefix} invalid IPv6 address ${host}`;
  const lastLabel = stripTrailing(host, ".").split(".").pop() ?? "";
  if (/^(?:\d+|0x[0-9a-f]*)$/i.test(lastLabel)) return `${prefix} invalid IPv4 address "${host}"`;
  if (host.includes("%")) return `${prefix} host "${host}" has percent-encoding that does not decode to a valid name`;
  return `${prefix} host "${host}" is not a valid domain name`;
}

// ---------------------------------------------------------------------------

const PROBLEM_ORDER: readonly EndpointProblem[] = [
  "whitespace",
  "missing-scheme",
  "userinfo",
  "backslash",
  "percent-encoded-host",
  "non-ascii",
  "mixed-script",
  "ip-literal",
];

/** `[::ffff:7f00:1]` (how WHATWG prints ::ffff:127.0.0.1) → "127.0.0.1"; null for anything else. */
function ipv4Mapped(hostname: string): string | null {
  const match = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/i.exec(hostname);
  if (!match) return null;
  const high = parseInt(match[1], 16);
  const low = parseInt(match[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

const MAX_HOST_CHARS = 253;

export function normalizeEndpoint(raw: string, options: NormalizeOptions = {}): NormalizeResult {
  const reason = unresolvedReason(raw);
  if (reason !== null) return { kind: "unresolved", unresolved: { raw, reason } };

  const prepared = prepare(raw, options.defaultScheme ?? "https");
  if ("invalid" in prepared) return { kind: "invalid", reason: prepared.invalid };
  const { text } = prepared;
  const url = parseUrl(text);
  if (url === null) return { kind: "invalid", reason: whyInvalid(text) };

  const scheme = url.protocol.slice(0, -1);
  if (!isEndpointScheme(scheme)) {
    return { kind: "invalid", reason: unsupportedScheme(scheme) };
  }
  // DNS treats `host.` and `host` alike; WHATWG keeps the dot, which would defeat exact comparison.
  // An IPv4-mapped IPv6 address is that IPv4 address, and must match the same networks.
  const host = ipv4Mapped(url.hostname) ?? stripTrailing(url.hostname, ".");
  if (host === "") return { kind: "invalid", reason: "not a valid URL: no host" };
  // DNS names have at most 253 characters; a longer "host" is no endpoint, and carrying it on would
  // cost the rules work by its number of labels squared.
  if (host.length > MAX_HOST_CHARS)
    return { kind: "invalid", reason: `not a valid URL: the host has ${host.length} characters, more than the ${MAX_HOST_CHARS} DNS allows` };

  const problems = new Set<EndpointProblem>(prepared.problems);
  const authority = whatwgAuthority(text);
  const writtenHost = splitHostPort(authority).host;
  const rfc = rfc3986Authority(text);

  if (url.username !== "" || url.password !== "" || authority.includes("@") || (rfc?.netloc.includes("@") ?? false)) {
    problems.add("userinfo");
  }
  if (text.includes("\\")) problems.add("backslash");
  if (writtenHost.includes("%")) problems.add("percent-encoded-host");
  if (/[^\x00-\x7f]/.test(writtenHost)) problems.add("non-ascii");

  const hostKind = classifyHost(host);
  const named = hostKind === "dns" || hostKind === "cluster";
  if (named && hasMixedScriptLabel(host)) problems.add("mixed-script");
  if (hostKind === "ipv4" || hostKind === "ipv6") problems.add("ip-literal");

  const alternate = rfc === null ? null : canonicalAlternate(rfc.host);
  const alternateHosts = alternate !== null && alternate !== host ? [alternate] : [];

  const port = url.port === "" ? null : Number(url.port);
  const path = url.pathname.length > 1 && url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;

  return {
    kind: "endpoint",
    endpoint: {
      raw,
      url: `${scheme}://${host}${port !== null ? `:${port}` : ""}${path}`,
      scheme,
      host,
      port,
      path,
      registrableDomain: registrableDomainOf(host, hostKind),
      hostKind,
      problems: PROBLEM_ORDER.filter((p) => problems.has(p)),
      alternateHosts,
      lookalikeOf: named ? lookalikeOf(host, options.knownHosts) : null,
    },
  };
}

// ---------------------------------------------------------------------------
// Cheap pre-check for adapters that scan every env value

// WHATWG reads `https:/h`, `https:h` and `https:\\h` as `https://h` for these special schemes.
const LIKELY_SCHEME = /^(?:https?|wss?):[/\\]*([^/?#\\]*)/i;
const HOST_PORT_PATH = /^(\[[0-9A-Fa-f:.]+\]|[\p{L}\p{N}\p{M}%_.\u3002\uff0e\uff61-]+)(?::(\d{1,5}))?([/?#].*)?$/su;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/**
 * TLDs that are also common file extensions: a bare `main.py` or `README.md`
 * is a file name. Only consulted for two-label values with no port or path.
 */
const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set(["py", "md", "sh", "zip", "mov", "pl", "rs", "so", "pm", "cc", "tf", "mo", "ps", "sc", "do"]);

export function isLikelyUrl(raw: string): boolean {
  // A template such as `https://{{ .Values.host }}/v1` still looks like a URL despite its spaces.
  // Tabs and newlines are deleted by WHATWG wherever they are, so they cannot stop a value being one URL.
  const text = withPlaceholders(trimEdgeSpace(raw).replace(TAB_NEWLINE, "")).substituted;
  if (text === "" || /\s/u.test(text)) return false;

  const withScheme = LIKELY_SCHEME.exec(text);
  if (withScheme !== null) return (withScheme[1] ?? "").replace(/^.*@/, "") !== "";

  const match = HOST_PORT_PATH.exec(text.startsWith("//") ? text.slice(2) : text);
  if (match === null) return false;
  const host = match[1] ?? "";
  if (host.startsWith("[") || IPV4.test(host)) return true;

  const parsed = parseUrl(`http://${host}/`);
  const ascii = parsed === null ? "" : stripTrailing(parsed.hostname, ".");
  if (ascii === "" || !ascii.includes(".")) return false;
  if (classifyHost(ascii) === "cluster" && /\.(?:svc|cluster\.local)$/.test(ascii)) return true;
  if (!hasPublicSuffix(ascii)) return false;

  const bare = match[2] === undefined && match[3] === undefined;
  const labels = ascii.split(".");
  return !(bare && labels.length === 2 && FILE_EXTENSION_TLDS.has(labels[1] ?? ""));
}

const SCHEME_AND_SLASHES = /^(?:https?|wss?):[/\\]*/i;

/**
 * `https://api.deep seek.com/v1` with the whitespace inside the host removed, or null when the host
 * as written has none. No parser reads such a host, but it shows which host was meant: a value
 * that becomes a known operator's URL without its spaces is hiding that operator.
 */
export function withoutHostWhitespace(raw: string): string | null {
  const text = trimEdgeSpace(raw);
  const scheme = SCHEME_AND_SLASHES.exec(text);
  if (scheme === null) return null;
  const rest = text.slice(scheme[0].length);
  const end = rest.search(/[/?#\\]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  if (!/\s/u.test(authority)) return null;
  return scheme[0] + authority.replace(/\s/gu, "") + (end === -1 ? "" : rest.slice(end));
}
