/**
 * Homoglyph checks for internationalised hosts. A host that renders like a
 * catalogue host but has different code points reaches a different operator,
 * so rules need both "this label mixes scripts" and "this imitates host X".
 */

import { domainToUnicode } from "node:url";

/**
 * Characters that render like a Latin letter, mapped to that letter. A small
 * subset of Unicode's confusables.txt (UTS #39): the characters used in
 * practice for domain spoofing. Fullwidth forms and uppercase are not listed
 * because UTS-46 mapping (done by the URL parser) already folds them.
 */
const CONFUSABLE_TO_LATIN: Readonly<Record<string, string>> = {
  // Cyrillic
  "\u0430": "a", // а
  "\u044c": "b", // ь
  "\u0441": "c", // с
  "\u0501": "d", // ԁ
  "\u0435": "e", // е
  "\u0451": "e", // ё (mark stripped anyway; kept for NFC input)
  "\u04bb": "h", // һ
  "\u0456": "i", // і
  "\u0458": "j", // ј
  "\u043a": "k", // к
  "\u04cf": "l", // ӏ
  "\u043e": "o", // о
  "\u0440": "p", // р
  "\u051b": "q", // ԛ
  "\u0455": "s", // ѕ
  "\u0443": "y", // у
  "\u04af": "y", // ү
  "\u0445": "x", // х
  "\u051d": "w", // ԝ
  "\u0461": "w", // ѡ
  "\u0475": "v", // ѵ
  "\u0433": "r", // г (lowercase ge reads as r in many fonts)
  "\u043f": "n", // п
  // Greek
  "\u03b1": "a", // α
  "\u03b2": "b", // β
  "\u03b5": "e", // ε
  "\u03b7": "n", // η
  "\u03b9": "i", // ι
  "\u03ba": "k", // κ
  "\u03bd": "v", // ν
  "\u03bf": "o", // ο
  "\u03c1": "p", // ρ
  "\u03c4": "t", // τ
  "\u03c5": "u", // υ
  "\u03c7": "x", // χ
  "\u03b3": "y", // γ
  "\u03f2": "c", // ϲ lunate sigma
  "\u03f3": "j", // ϳ
  // Armenian
  "\u0561": "w", // ա
  "\u0563": "q", // գ
  "\u0566": "q", // զ
  "\u0570": "h", // հ
  "\u0578": "n", // ո
  "\u057d": "u", // ս
  "\u0581": "g", // ց
  "\u0585": "o", // օ
  // Latin letters outside ASCII that pass for ASCII ones
  "\u0261": "g", // ɡ script g
  "\u0131": "i", // ı dotless i
  "\u0269": "i", // ɩ
  "\u0237": "j", // ȷ dotless j
  "\u0251": "a", // ɑ
  "\u028b": "v", // ʋ
  "\u01c0": "l", // ǀ
  "\u0138": "k", // ĸ
  "\u1d0f": "o", // ᴏ small capital o
  "\u1d04": "c", // ᴄ
  "\u1d20": "v", // ᴠ
  "\u1d21": "w", // ᴡ
  "\u1d22": "z", // ᴢ
  "\u1d1c": "u", // ᴜ
};

const MARKS = /\p{M}/gu;

/**
 * A comparison key under which look-alike hosts collide: Unicode form,
 * diacritics dropped (api.dēepseek imitates api.deepseek as well), then each
 * confusable replaced by its Latin twin. ASCII is left alone on purpose:
 * `rn`/`m` or `0`/`o` typos are typosquatting, not homoglyphs, and would make
 * ordinary hosts collide.
 */
export function skeleton(asciiHost: string): string {
  const unicode = domainToUnicode(asciiHost) || asciiHost;
  const stripped = unicode.toLowerCase().normalize("NFD").replace(MARKS, "");
  let out = "";
  for (const ch of stripped) out += CONFUSABLE_TO_LATIN[ch] ?? ch;
  return out;
}

// Adapters pass the same catalogue set for every value; skeletons are built once per set
// (and again if its size changes, since a ReadonlySet view may still be mutated by its owner).
const skeletonIndexCache = new WeakMap<ReadonlySet<string>, { size: number; index: Map<string, string> }>();

function skeletonIndex(knownHosts: ReadonlySet<string>): Map<string, string> {
  const cached = skeletonIndexCache.get(knownHosts);
  if (cached?.size === knownHosts.size) return cached.index;
  const index = new Map<string, string>();
  for (const host of knownHosts) {
    const key = skeleton(host);
    if (!index.has(key)) index.set(key, host);
  }
  skeletonIndexCache.set(knownHosts, { size: knownHosts.size, index });
  return index;
}

/** The known host this one imitates, or null (a host never imitates itself). */
export function lookalikeOf(asciiHost: string, knownHosts: ReadonlySet<string> | undefined): string | null {
  if (knownHosts === undefined || knownHosts.size === 0 || knownHosts.has(asciiHost)) return null;
  const match = skeletonIndex(knownHosts).get(skeleton(asciiHost));
  return match !== undefined && match !== asciiHost ? match : null;
}

/**
 * Scripts whose letters are told apart. Letters of any other script count as
 * one "Other" script; that is enough to see that a label is not pure Latin.
 */
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Georgian", /\p{Script=Georgian}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
  ["Han", /\p{Script=Han}/u],
  ["Hiragana", /\p{Script=Hiragana}/u],
  ["Katakana", /\p{Script=Katakana}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Bopomofo", /\p{Script=Bopomofo}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
];

const LETTER = /\p{L}/u;

function scriptOf(ch: string): string | null {
  if (!LETTER.test(ch)) return null; // digits, hyphens, marks: Common/Inherited
  for (const [name, re] of SCRIPTS) if (re.test(ch)) return name;
  return "Other";
}

/**
 * Script sets a single label may legitimately use: UTS #39 "highly
 * restrictive" (Japanese, Chinese and Korean writing mixes Han with its own
 * scripts and Latin). Anything else, e.g. Latin + Cyrillic, is a homoglyph signal.
 */
const ALLOWED_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(["Latin", "Han", "Hiragana", "Katakana"]),
  new Set(["Latin", "Han", "Bopomofo"]),
  new Set(["Latin", "Han", "Hangul"]),
];

function labelIsMixed(label: string): boolean {
  const scripts = new Set<string>();
  for (const ch of label) {
    const script = scriptOf(ch);
    if (script !== null) scripts.add(script);
  }
  if (scripts.size <= 1) return false;
  return !ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => allowed.has(s)));
}

/** True when some label of the (punycode) host decodes to a disallowed mix of scripts. */
export function hasMixedScriptLabel(asciiHost: string): boolean {
  const unicode = domainToUnicode(asciiHost);
  if (unicode === "") return false;
  return unicode.split(".").some(labelIsMixed);
}
