import path from "node:path";
import { compileGlob } from "../parse/glob";
import type { Classification, SourceLocation } from "../model/canonical";
import type { CentralWaiverConfig, Enforcement, LoadedConfig } from "./load";
import { ALWAYS_ENFORCED } from "./load";

export const DEFAULT_WAIVER_MAX_DAYS = 90;

/** A path mapping of `classification.paths`, with where it is written. */
export interface ClassificationMapping {
  files: string[];
  classification: Classification;
  source: SourceLocation;
}

/** A central waiver of `waivers.entries`, with the position of the entry and of each field. */
export interface CentralWaiverEntry {
  /** The entry as written (only validated for shape by the schema). */
  entry: CentralWaiverConfig;
  /** 0-based position in waivers.entries. */
  index: number;
  source: SourceLocation;
  fields: Partial<Record<keyof CentralWaiverConfig, SourceLocation>>;
}

/**
 * What a scan needs from modelgate.yaml, as plain data (it is handed to worker threads): rule
 * enforcement, classification by path and central waivers. Without a config file every rule is
 * `error`, nothing is mapped and nothing is waived centrally.
 */
export interface ProjectSettings {
  /** Display path of the config file, or null when there is none. */
  configFile: string | null;
  /** Absolute directory the config's path globs are relative to. */
  baseDir: string;
  rules: Record<string, Enforcement>;
  classificationPaths: ClassificationMapping[];
  /** `exclude` globs, relative to baseDir. */
  exclude: string[];
  waivers: { maxDays: number; entries: CentralWaiverEntry[] };
}

export function emptyProjectSettings(cwd: string): ProjectSettings {
  return { configFile: null, baseDir: cwd, rules: {}, classificationPaths: [], exclude: [], waivers: { maxDays: DEFAULT_WAIVER_MAX_DAYS, entries: [] } };
}

export function projectSettings(loaded: LoadedConfig | null, cwd: string): ProjectSettings {
  if (!loaded) return emptyProjectSettings(cwd);
  const { config, display, locate } = loaded;
  const at = (pointer: string): SourceLocation => ({ file: display, ...locate.value(pointer), pointer });
  return {
    configFile: display,
    baseDir: loaded.dir,
    rules: { ...config.rules },
    classificationPaths: (config.classification?.paths ?? []).map((mapping, i) => ({
      files: mapping.files,
      classification: mapping.classification,
      source: at(`/classification/paths/${i}`),
    })),
    exclude: [...(config.exclude ?? [])],
    waivers: {
      maxDays: config.waivers?.maxDays ?? DEFAULT_WAIVER_MAX_DAYS,
      entries: (config.waivers?.entries ?? []).map((entry, index) => {
        const pointer = `/waivers/entries/${index}`;
        const fields: CentralWaiverEntry["fields"] = {};
        for (const key of Object.keys(entry) as Array<keyof CentralWaiverConfig>) fields[key] = at(`${pointer}/${key}`);
        return { entry, index, source: at(pointer), fields };
      }),
    },
  };
}

/** The enforcement of a rule: its own level, else `all`, else error. */
export function enforcementOf(settings: Pick<ProjectSettings, "rules">, ruleId: string): Enforcement {
  if (ALWAYS_ENFORCED.has(ruleId)) return "error";
  return settings.rules[ruleId] ?? settings.rules.all ?? "error";
}

/** A file path (as findings show it: relative to cwd, or absolute) relative to the config's directory, or null outside it. */
export function relativeToBase(file: string, cwd: string, baseDir: string): string | null {
  if (file === "-" || file === "") return null;
  const relative = path.relative(baseDir, path.resolve(cwd, file)).split(path.sep).join("/");
  if (relative === "" || relative.startsWith("../") || relative === ".." || path.isAbsolute(relative)) return null;
  return relative;
}

/** Compiled glob tests, one per pattern. */
export function globMatcher(globs: readonly string[]): (relative: string) => boolean {
  const patterns = globs.map(compileGlob);
  return (relative) => patterns.some((pattern) => pattern.test(relative));
}

/**
 * Finds the first `classification.paths` mapping covering a file. Matchers are compiled once;
 * the result is cached per file (a multi-document file asks once per document).
 */
export class ClassificationPaths {
  private readonly matchers: Array<(relative: string) => boolean>;
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly mappings: readonly ClassificationMapping[],
    private readonly cwd: string,
    private readonly baseDir: string,
  ) {
    this.matchers = mappings.map((mapping) => globMatcher(mapping.files));
  }

  /** Index of the mapping covering `file`, or -1. */
  indexFor(file: string): number {
    if (this.mappings.length === 0) return -1;
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached;
    const relative = relativeToBase(file, this.cwd, this.baseDir);
    const index = relative === null ? -1 : this.matchers.findIndex((matches) => matches(relative));
    this.cache.set(file, index);
    return index;
  }

  mapping(index: number): ClassificationMapping | undefined {
    return this.mappings[index];
  }
}
