/**
 * Per-scan memo of the expensive things done to values: URL normalisation and parsing of
 * JSON/YAML held in variables. The same ConfigMap value or base URL appears in many workloads;
 * each distinct string is normalised or parsed once.
 */

import { parse as parseYaml } from "yaml";
import type { Endpoint } from "../../model/canonical";
import { isLikelyUrl, withoutHostWhitespace } from "../../normalize/endpoint";
import { urlListParts, urlPieces } from "../../normalize/pieces";
import { endpointFields, type EndpointFields } from "../core/route";
import type { AdapterSettings } from "../core/types";

const MAX_ENTRIES = 50_000;
const MAX_STRUCTURED_BYTES = 1_000_000;
/** Flow nesting accepted in a value (as DEFAULT_PARSE_LIMITS.maxDepth for files): 100,000 unclosed `{"a":` exhaust the YAML parser's memory. */
const MAX_FLOW_DEPTH = 64;

/** Whether brackets in `raw` open deeper than `max` (counted without regard to quoting: an over-count only refuses). */
function nestsDeeperThan(raw: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > max) return true;
    } else if ((code === 125 /* } */ || code === 93) /* ] */ && depth > 0) depth--;
  }
  return false;
}
const CHEAP_URL_HINT = /[.:[]/;

class ValueCache {
  readonly endpoints = new Map<string, EndpointFields>();
  readonly llmHosts = new Map<string, EndpointFields | null>();
  readonly valueHits = new Map<string, ValueHit[]>();
  readonly structured = new Map<string, unknown>();
}

const caches = new WeakMap<AdapterSettings, ValueCache>();

function cacheFor(settings: AdapterSettings): ValueCache {
  let cache = caches.get(settings);
  if (!cache) {
    cache = new ValueCache();
    caches.set(settings, cache);
  }
  return cache;
}

/**
 * Values longer than this are not kept: repeated values are short (a base URL in every Deployment
 * of a chart), and keeping 50,000 long ones (a value a file controls, with the pieces and
 * normalised copies derived from it) would hold gigabytes for nothing.
 */
const MAX_CACHED_CHARS = 4096;

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (key.length > MAX_CACHED_CHARS) return value;
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
  return value;
}

/** `endpointFields` of the route helpers, memoised per distinct value. */
export function endpointOf(raw: string, settings: AdapterSettings): EndpointFields {
  const cache = cacheFor(settings);
  const hit = cache.endpoints.get(raw);
  return hit ?? remember(cache.endpoints, raw, endpointFields(raw, settings));
}

/** True when the endpoint is a known LLM operator host (or its domain), or imitates one. */
export function isLlmEndpoint(endpoint: Endpoint, settings: AdapterSettings): boolean {
  const catalog = settings.catalog;
  const known = (host: string): boolean => catalog.hosts.has(host) || catalog.matchesHostPattern(host);
  if (endpoint.lookalikeOf !== null || known(endpoint.host)) return true;
  if (endpoint.registrableDomain !== null && catalog.hosts.has(endpoint.registrableDomain)) return true;
  return endpoint.alternateHosts.some(known);
}

/**
 * The endpoint of a value that names an LLM host whatever the variable is called: it looks like a
 * URL and normalises to a known operator host or a lookalike of one. Null otherwise.
 */
export function llmHostIn(raw: string, settings: AdapterSettings): EndpointFields | null {
  if (raw.length < 4 || !CHEAP_URL_HINT.test(raw)) return null;
  const cache = cacheFor(settings);
  const hit = cache.llmHosts.get(raw);
  if (hit !== undefined) return hit;
  let found: EndpointFields | null = null;
  if (isLikelyUrl(raw)) {
    const fields = endpointOf(raw, settings);
    if (fields.endpoint !== null && isLlmEndpoint(fields.endpoint, settings)) found = fields;
  }
  return remember(cache.llmHosts, raw, found);
}

/** A known LLM host found in a value under a name that says nothing about LLMs. */
export interface ValueHit {
  fields: EndpointFields;
  /** Index of the piece (urlPieces) the host was read from; null when the whole value names it. */
  part: number | null;
  /** The text that names the host. */
  piece: string;
}

/**
 * Every known LLM host a value names, however the value is written: as one URL (what a URL parser
 * reads, with tabs and newlines deleted), in each piece of a list, pair or query string (what a
 * client that splits the value reads), and, when neither names one, a URL whose host only has
 * whitespace in the way (an unresolved endpoint: no parser reads it, yet it names the operator).
 * Each host is reported once, the whole value's reading first.
 */
export function llmHostsIn(raw: string, settings: AdapterSettings): ValueHit[] {
  if (raw.length < 4 || !CHEAP_URL_HINT.test(raw)) return [];
  const cache = cacheFor(settings);
  const hit = cache.valueHits.get(raw);
  if (hit !== undefined) return hit;
  const hits: ValueHit[] = [];
  const seen = new Set<string>();
  const whole = llmHostIn(raw, settings);
  if (whole?.endpoint) {
    hits.push({ fields: whole, part: null, piece: raw });
    seen.add(whole.endpoint.host);
  }
  const pieces = urlPieces(raw);
  if (pieces.length > 1 || (pieces[0] ?? raw) !== raw) {
    pieces.forEach((piece, part) => {
      const found = llmHostIn(piece, settings);
      if (!found?.endpoint || seen.has(found.endpoint.host)) return;
      seen.add(found.endpoint.host);
      hits.push({ fields: found, part, piece });
    });
  }
  const compact = hits.length === 0 ? withoutHostWhitespace(raw) : null;
  const meant = compact === null ? null : llmHostIn(compact, settings);
  if (meant?.endpoint) {
    const invalid = endpointOf(raw, settings).unresolvedEndpoint?.reason ?? "not a valid URL";
    hits.push({
      fields: { endpoint: null, unresolvedEndpoint: { raw, reason: `${invalid}; without the whitespace it names ${meant.endpoint.host}` } },
      part: null,
      piece: raw,
    });
  }
  return remember(cache.valueHits, raw, hits);
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") return ch;
  }
  return "";
}

/**
 * A JSON object/array or a YAML mapping/sequence held in a string (`LLM_CONFIG='{"base_url": ...}'`,
 * a config file in a ConfigMap key), or null when the value is plain text.
 */
export function structuredValue(raw: string, settings: AdapterSettings): unknown {
  if (raw.length < 2 || raw.length > MAX_STRUCTURED_BYTES) return null;
  // `{{ .Values.x }}` is an unrendered Helm template, not a YAML flow mapping.
  if (raw.trimStart().startsWith("{{")) return null;
  const list = urlListParts(raw);
  if (list !== null) return list;
  const first = firstNonSpace(raw);
  const jsonLike = first === "{" || first === "[";
  if (!jsonLike && !(raw.includes("\n") && raw.includes(":"))) return null;
  if (nestsDeeperThan(raw, MAX_FLOW_DEPTH)) return null;
  const cache = cacheFor(settings);
  if (cache.structured.has(raw)) return cache.structured.get(raw);
  let value: unknown = null;
  if (jsonLike) {
    try {
      value = JSON.parse(raw);
    } catch {
      value = null;
    }
  }
  if (value === null) {
    try {
      value = parseYaml(raw, { maxAliasCount: 100, prettyErrors: false, logLevel: "error" });
    } catch {
      value = null;
    }
  }
  if (typeof value !== "object" || value === null) value = null;
  return remember(cache.structured, raw, value);
}
