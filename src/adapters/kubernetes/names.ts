/**
 * What an environment variable's name says about its value: a provider key, a base URL, a model,
 * or nothing. Names repeat across thousands of workloads, so each name is classified once per
 * settings object.
 */

import type { AdapterSettings } from "../core/types";

export type VarRole =
  /** A provider key variable from the settings (DEEPSEEK_API_KEY), or its `_FILE` form (`file`: the key variable it provides). */
  | { kind: "key"; prefix: string; file?: string }
  /** A base-URL variable: named in the settings, or a generic name with an LLM word (LLM_BASE_URL). */
  | { kind: "base"; prefix: string; configured: boolean }
  /**
   * A base-URL variable's value read from a file (`OPENAI_BASE_URL_FILE=/run/secrets/url`, the
   * Docker secrets convention): the value is a path, the endpoint is the file's text at run time.
   */
  | { kind: "base-file"; prefix: string; base: string }
  /** A model variable: `<PREFIX>_MODEL`, or a generic one (MODEL, LLM_MODEL, MODEL_NAME). */
  | { kind: "model"; prefix: string; generic: boolean }
  /** Anything else; the prefix groups a value-based hit (FOO_URL → FOO). */
  | { kind: "other"; prefix: string };

const BASE_SUFFIX = /(^|_)(BASE_URLS|BASE_URL|API_BASE|API_URLS|API_URL|BASE|ENDPOINTS|ENDPOINT|API_ENDPOINT|API_HOST|HOST|URLS|URL)$/;
const KEY_SUFFIX = /_(API_KEY|AUTH_TOKEN|API_TOKEN|ACCESS_TOKEN|SECRET_KEY|KEY|TOKEN)$/;
const MODEL_SUFFIX = /_(MODEL|MODEL_NAME|MODEL_ID)$/;
const TRAILING_API = /_API$/;
const FILE_SUFFIX = "_FILE";

/** Generic model variables, most specific first. */
export const GENERIC_MODEL_VARS: readonly string[] = ["LLM_MODEL", "MODEL", "MODEL_NAME"];
const GENERIC_MODEL_SET: ReadonlySet<string> = new Set(GENERIC_MODEL_VARS);

/** Words that make a name about an LLM whatever the provider; provider words come from the catalogue. */
const LLM_WORDS: ReadonlySet<string> = new Set(["LLM", "AI", "GENAI", "MODEL", "GPT", "CLAUDE", "CHAT", "INFERENCE", "COMPLETION", "COMPLETIONS", "LITELLM"]);

function normalisePrefix(prefix: string): string {
  return prefix.replace(TRAILING_API, "");
}

export function keyPrefix(name: string): string {
  const match = KEY_SUFFIX.exec(name);
  return normalisePrefix(match && match.index > 0 ? name.slice(0, match.index) : name);
}

/** The prefix of a URL-ish name (OPENAI_BASE_URL → OPENAI), or null when no URL suffix matches. */
function urlPrefix(name: string): string | null {
  const match = BASE_SUFFIX.exec(name);
  if (!match || match.index === 0) return null;
  return name.slice(0, match.index);
}

const MAX_MEMO_NAME = 256;

class NameClassifier {
  private readonly memo = new Map<string, VarRole>();
  /** "_DEEPSEEK_" for every provider key variable prefix and catalogue prefix, to find the provider inside longer names. */
  private readonly keyPrefixes: string[];

  constructor(private readonly settings: AdapterSettings) {
    const words = [...[...settings.catalog.keyVars].map(keyPrefix), ...settings.catalog.providerWords];
    this.keyPrefixes = [...new Set(words.map((word) => `_${word}_`))];
  }

  hasLlmWord(prefix: string): boolean {
    for (const token of prefix.split("_")) if (LLM_WORDS.has(token)) return true;
    const wrapped = `_${prefix}_`;
    return this.keyPrefixes.some((known) => wrapped.includes(known));
  }

  classify(name: string): VarRole {
    let role = this.memo.get(name);
    if (role === undefined) {
      role = this.compute(name);
      // variable names repeat across a scan; a long one (a key a file controls) is not worth keeping
      if (name.length <= MAX_MEMO_NAME) this.memo.set(name, role);
    }
    return role;
  }

  private compute(name: string): VarRole {
    if (this.settings.catalog.keyVars.has(name)) return { kind: "key", prefix: keyPrefix(name) };
    if (name.length > FILE_SUFFIX.length && name.endsWith(FILE_SUFFIX)) {
      const base = name.slice(0, -FILE_SUFFIX.length);
      const inner = this.classify(base);
      if (inner.kind === "base") return { kind: "base-file", prefix: inner.prefix, base };
      if (inner.kind === "key") return { kind: "key", prefix: inner.prefix, file: base };
    }
    const url = urlPrefix(name);
    if (this.settings.catalog.baseUrlVars.has(name)) return { kind: "base", prefix: normalisePrefix(url ?? name), configured: true };
    if (url !== null && this.hasLlmWord(url)) return { kind: "base", prefix: normalisePrefix(url), configured: false };
    if (GENERIC_MODEL_SET.has(name)) return { kind: "model", prefix: name === "LLM_MODEL" ? "LLM" : "", generic: true };
    const model = MODEL_SUFFIX.exec(name);
    if (model && model.index > 0) return { kind: "model", prefix: normalisePrefix(name.slice(0, model.index)), generic: false };
    return { kind: "other", prefix: url !== null ? normalisePrefix(url) : name };
  }

  /** A base-URL variable of the settings that belongs to a prefix, to name it in messages. */
  baseVarFor(prefix: string): string {
    for (const name of this.settings.catalog.baseUrlVars) {
      const role = this.classify(name);
      if (role.kind === "base" && role.prefix === prefix) return name;
    }
    return `${prefix}_BASE_URL`;
  }
}

const classifiers = new WeakMap<AdapterSettings, NameClassifier>();

export function nameClassifier(settings: AdapterSettings): NameClassifier {
  let classifier = classifiers.get(settings);
  if (!classifier) {
    classifier = new NameClassifier(settings);
    classifiers.set(settings, classifier);
  }
  return classifier;
}

export type { NameClassifier };
