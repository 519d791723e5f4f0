/**
 * Name hints: when a route's endpoint is hidden (an environment reference, a Secret not in the
 * scan), the names of the variables around it often still say which operator it is for
 * (DEEPSEEK_API_KEY, VOLCES_REGION, DASHSCOPE_WORKSPACE). This module only finds the names that
 * carry a word the catalogue lists (`envWords` of an operator); which operator a word means, and
 * what the finding says, is decided in policies/lib from the same catalogue.
 */

import type { NameHint, Route } from "../model/canonical";

/** Enough to name the likely operators; a container with hundreds of variables must not bloat every route. */
export const MAX_NAME_HINTS = 32;

/** The first catalogue word a variable name carries, as a whole `_`-separated word (DEEPSEEK in MY_DEEPSEEK_TOKEN). */
function wordOf(name: string, words: ReadonlySet<string>): string | null {
  for (const part of name.toUpperCase().split(/[^A-Z0-9]+/)) {
    if (part !== "" && words.has(part)) return part;
  }
  return null;
}

/** The hints a list of variable names gives, in the order given, one per name, at most MAX_NAME_HINTS. */
export function nameHints(names: Iterable<string>, words: ReadonlySet<string>): NameHint[] {
  const hints: NameHint[] = [];
  const seen = new Set<string>();
  for (const variable of names) {
    if (hints.length >= MAX_NAME_HINTS) break;
    if (seen.has(variable)) continue;
    seen.add(variable);
    const word = wordOf(variable, words);
    if (word !== null) hints.push({ variable, word });
  }
  return hints;
}

/**
 * Sets `nameHints` on the routes whose endpoint is hidden (no endpoint written, or one that cannot
 * be resolved). Routes with a written endpoint are left alone: their host decides.
 */
export function attachNameHints(routes: Route[], names: Iterable<string>, words: ReadonlySet<string>): void {
  const hidden = routes.filter((route) => route.endpoint === null);
  if (hidden.length === 0 || words.size === 0) return;
  const hints = nameHints(names, words);
  if (hints.length === 0) return;
  for (const route of hidden) route.nameHints = hints.map((hint) => ({ ...hint }));
}
