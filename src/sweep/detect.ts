/**
 * What a value names, whatever key it sits under and however it is embedded: an LLM operator's
 * API host (or a homoglyph lookalike of one), an SDK provider prefix with a model
 * (`deepseek/deepseek-chat`), or a provider key variable (`DEEPSEEK_API_KEY`). The residual sweep
 * (src/sweep/sweep.ts) runs this over every string and key of every scanned document, so a
 * reference no adapter turned into a route is still seen: a `.env` or TOML blob in a ConfigMap,
 * `JAVA_TOOL_OPTIONS=-Dllm.url=...`, `python -c "...base_url=..."`, JSON under an unknown key.
 *
 * Facts only: which operator a host belongs to, and whether that matters, is decided in Rego.
 */

import type { CatalogView } from "../adapters/core/catalog";
import type { Sighting } from "../model/canonical";
import { skeleton } from "../normalize/confusables";

/** What a value names: a sighting before it has a place (SightingKind says which of host, prefix, keyVar is set). */
export type Reference = Omit<Sighting, "id" | "source">;

/** Text longer than this is read only up to it: a reference is written near a key, not megabytes into a value. */
export const MAX_SWEPT_TEXT = 256 * 1024;

// Every pattern below is linear: each class excludes the separator that follows it, so a
// character is consumed by one branch only (test/bounded holds the sweep to it).
const HOST_TOKEN = /(?<![\p{L}\p{N}\p{M}_-])[\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)+/gu;
// `owner/repo@v4` (a GitHub Action, a package at a version) is not a model: no `@` may follow
const PREFIX_MODEL = /(?<![\w./@-])([a-z][a-z0-9_-]*)\/([A-Za-z0-9][\w.:-]*)(?![\w.:@/-])/g;
const IDENTIFIER = /(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]{2,}(?![a-z])/g;
const UNICODE_DOTS = /[\u3002\uff0e\uff61]/g;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const PERCENT_BYTE = /%([0-9a-fA-F]{2})/g;

/** The text as a URL parser would end up reading its hosts: NFKC, ideographic dots, no invisibles, percent escapes decoded (twice: `%252e`). */
function hostReadable(text: string): string {
  let out = text.normalize("NFKC").replace(UNICODE_DOTS, ".").replace(INVISIBLE, "");
  for (let round = 0; round < 2 && out.includes("%"); round++) {
    out = out.replace(PERCENT_BYTE, (_, hex: string) => {
      const code = parseInt(hex, 16);
      return code >= 0x21 && code < 0x7f ? String.fromCharCode(code) : "%" + hex;
    });
  }
  return out.toLowerCase();
}

function trimEdges(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && (token[start] === "-" || token[start] === "_")) start++;
  while (end > start && (token[end - 1] === "-" || token[end - 1] === "_")) end--;
  return token.slice(start, end);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
}

/** A DNS name is at most 253 characters; of a longer dotted run only the name at its end can be looked up. */
const MAX_HOST = 253;

function hostReference(token: string, catalog: CatalogView): Reference | null {
  let host = trimEdges(token);
  if (host.length > MAX_HOST) host = host.slice(host.indexOf(".", host.length - MAX_HOST) + 1);
  if (!host.includes(".")) return null;
  if (catalog.operatorOfHost(host) !== null) return { kind: "host", seen: host, host, lookalikeOf: null, prefix: null, keyVar: null };
  if (isAscii(host) && !host.includes("xn--")) return null;
  const latin = skeleton(host);
  if (latin === host || catalog.operatorOfHost(latin) === null) return null;
  return { kind: "host", seen: host, host, lookalikeOf: latin, prefix: null, keyVar: null };
}

/** The operator references in one piece of text, each once, in the order written. */
export function referencesInText(raw: string, catalog: CatalogView): Reference[] {
  const text = raw.length > MAX_SWEPT_TEXT ? raw.slice(0, MAX_SWEPT_TEXT) : raw;
  const found = new Map<string, Reference>();
  const add = (reference: Reference | null): void => {
    if (reference === null) return;
    const key = `${reference.kind}\0${reference.seen}`;
    if (!found.has(key)) found.set(key, reference);
  };
  if (text.includes(".") || text.includes("%") || /[\u3002\uff0e\uff61]/.test(text)) {
    for (const match of hostReadable(text).matchAll(HOST_TOKEN)) add(hostReference(match[0], catalog));
  }
  if (text.includes("/")) {
    for (const match of text.matchAll(PREFIX_MODEL)) {
      const prefix = match[1];
      // generic prefixes (openai/, hosted_vllm/) name a wire format, not an operator: the endpoint decides
      // cloud prefixes (azure/, bedrock/) also start paths of their other services (azure/login, azure/setup-helm)
      const operator = catalog.operatorOfPrefix(prefix);
      if (catalog.genericPrefixes.has(prefix) || operator === null || operator.kind === "cloud") continue;
      // a sentence may end right after the model: `deepseek/deepseek-chat.`
      let end = match[0].length;
      while (end > prefix.length + 2 && ".:-".includes(match[0][end - 1])) end--;
      add({ kind: "sdk-prefix", seen: match[0].slice(0, end), host: null, lookalikeOf: null, prefix, keyVar: null });
    }
  }
  for (const match of text.matchAll(IDENTIFIER)) {
    if (catalog.keyVars.has(match[0])) add({ kind: "key-variable", seen: match[0], host: null, lookalikeOf: null, prefix: null, keyVar: match[0] });
  }
  return [...found.values()];
}
