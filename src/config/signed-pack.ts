/**
 * A repository's modelgate.yaml against a signed pack: the pack is what compliance approved and
 * signed, so the repository may tighten it (deny more jurisdictions, treat more data classes as
 * sensitive, run rules the pack leaves off) but not loosen it. What would loosen it is left out
 * of the effective config and reported, each at its position in the file, instead of silently
 * applied or silently dropped.
 */
import type { SourceLocation } from "../model/canonical";
import type { LoadedConfig, ProjectConfig } from "./load";

/** One thing the config tried to loosen, and what applies instead. */
export interface Loosening extends SourceLocation {
  message: string;
}

export interface Restricted {
  config: LoadedConfig;
  loosened: Loosening[];
}

type Policy = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A list where more entries are stricter: the union applies; entries of the pack left out are reported. */
function atLeast(pack: unknown, asked: unknown, report: (message: string) => void, what: string): string[] {
  const mine = list(asked);
  const dropped = list(pack).filter((entry) => !mine.includes(entry));
  if (dropped.length > 0) report(`would drop ${dropped.join(", ")} from ${what}; the signed pack's entries stay`);
  return [...new Set([...list(pack), ...mine])];
}

/** A list where more entries are looser (internal domains, disabled rules): only entries the pack has may stay. */
function atMost(pack: unknown, asked: unknown, report: (message: string) => void, what: string): string[] {
  const theirs = list(pack);
  const added = list(asked).filter((entry) => !theirs.includes(entry));
  if (added.length > 0) report(`would add ${added.join(", ")} to ${what}; ignored for a signed pack`);
  return list(asked).filter((entry) => theirs.includes(entry));
}

function deniedJurisdictions(pack: unknown, asked: unknown, report: (pointer: string, message: string) => void): unknown {
  const p = (pack ?? {}) as { regulated?: unknown; dataClasses?: Record<string, unknown>; regimes?: Record<string, unknown> };
  const a = (asked ?? {}) as typeof p;
  const merge = (group: "dataClasses" | "regimes"): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    for (const key of new Set([...Object.keys(p[group] ?? {}), ...Object.keys(a[group] ?? {})])) {
      out[key] = atLeast(
        p[group]?.[key],
        a[group]?.[key],
        (m) => report(`/policy/deniedJurisdictions/${group}/${key}`, m),
        `the jurisdictions denied to ${key}`,
      );
    }
    return out;
  };
  return {
    regulated: atLeast(p.regulated, a.regulated, (m) => report("/policy/deniedJurisdictions/regulated", m), "the jurisdictions denied to regulated workloads"),
    dataClasses: merge("dataClasses"),
    regimes: merge("regimes"),
  };
}

/**
 * The config as it may apply to a signed pack whose organisation policy is `packPolicy`:
 * enforcement may not lower any rule (`off`, `warn`), policy keys may only tighten.
 */
export function restrictToSignedPack(loaded: LoadedConfig, packPolicy: Policy, revision: string): Restricted {
  const loosened: Loosening[] = [];
  const report = (pointer: string, message: string, atKey = false): void => {
    const at = atKey ? loaded.locate.key(pointer) : loaded.locate.value(pointer);
    loosened.push({ file: loaded.display, line: at.line, column: at.column, pointer, message: `${pointer} ${message} (signed pack ${revision})` });
  };
  const config: ProjectConfig = { ...loaded.config };

  if (config.rules) {
    const rules: NonNullable<ProjectConfig["rules"]> = {};
    for (const [id, level] of Object.entries(config.rules)) {
      if (level === "error") rules[id] = level;
      else report(`/rules/${id}`, `would set ${id === "all" ? "every rule" : id} to ${level}; the signed pack's rules stay enforced`);
    }
    config.rules = rules;
  }

  if (config.policy) {
    const asked = config.policy;
    const policy: Policy = {};
    const at =
      (key: string) =>
      (message: string): void =>
        report(`/policy/${key}`, message);
    for (const key of Object.keys(asked)) {
      const pack = packPolicy[key];
      const value = asked[key];
      switch (key) {
        case "deniedJurisdictions":
          policy[key] = deniedJurisdictions(pack, value, report);
          break;
        case "internalNetworksExclude":
        case "internalDomainsExclude":
          // exclusions only tighten, and a config adds to the pack's (applyConfig), so nothing is dropped
          policy[key] = [...new Set([...list(pack), ...list(value)])];
          break;
        case "sensitiveDataClasses":
        case "deniedOrigins":
          policy[key] = atLeast(pack, value, at(key), key);
          break;
        case "internalDomains":
        case "internalNetworks":
        case "disabledRules":
          policy[key] = atMost(pack, value, at(key), key);
          break;
        case "requireZdr":
          if (pack === true && value !== true) at(key)("would stop requiring zero data retention; it stays required");
          policy[key] = pack === true || value === true;
          break;
        default:
          // no order to tell tighter from looser (a default classification, the budget period): the pack's value stays
          if (!sameJson(pack, value)) at(key)(`would change ${key}; a signed pack's ${key} cannot be changed by a repository`);
      }
    }
    config.policy = policy;
  }
  return { config: { ...loaded, config }, loosened };
}
