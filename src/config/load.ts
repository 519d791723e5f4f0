import { applyPolicyKeys } from "../catalog/policy";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RuleMeta } from "../catalog/rules";
import type { Classification } from "../model/canonical";
import { DEFAULT_PARSE_LIMITS } from "../parse/limits";
import { decodeText } from "../parse/parse-text";
import { parseYaml12 } from "../parse/yaml12";
import { describeSchemaErrors, validator } from "../schemas";
import { configLocator, type ConfigLocator } from "./positions";
import { configValidator, describeConfigErrors, type ConfigProblem } from "./validate";
import { ModelgateError } from "../errors";

/** How a rule's findings count: `error` fails the run, `warn` is reported only, `off` is removed. */
export type Enforcement = "error" | "warn" | "off";
export const ENFORCEMENT_LEVELS: readonly Enforcement[] = ["error", "warn", "off"];

/** Rules whose enforcement cannot be lowered: a crash never turns into a pass. */
export const ALWAYS_ENFORCED: ReadonlySet<string> = new Set(["evaluation-error"]);

export interface ClassificationMappingConfig {
  files: string[];
  classification: Classification;
}

export interface CentralWaiverConfig {
  rule: string;
  resource?: string;
  path?: string;
  subject?: string;
  owner: string;
  reason: string;
  expires: string;
}

/** modelgate.yaml as validated against schemas/config.schema.json. */
export interface ProjectConfig {
  $schema?: string;
  apiVersion?: string;
  kind?: string;
  rules?: Record<string, Enforcement>;
  policy?: Record<string, unknown>;
  classification?: { paths?: ClassificationMappingConfig[] };
  /** Globs the directory walk leaves out (relative to the config's directory). */
  exclude?: string[];
  waivers?: { maxDays?: number; entries?: CentralWaiverConfig[] };
}

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Path shown in messages and findings. */
  display: string;
  /** Absolute directory of the file: path globs in it are relative to it. */
  dir: string;
  config: ProjectConfig;
  locate: ConfigLocator;
}

/** A configuration file that cannot be used: every message names the file, position and JSON pointer. */
export class ConfigError extends ModelgateError {
  constructor(readonly details: string[]) {
    super("config", details.join("\n"));
  }
}

function formatProblems(display: string, locate: ConfigLocator, problems: ConfigProblem[]): string[] {
  const header = `${display} is not a valid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):`;
  return [
    header,
    ...problems
      .map((problem) => ({ problem, at: problem.atKey ? locate.key(problem.pointer) : locate.value(problem.pointer) }))
      .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column)
      .map(({ problem, at }) => {
        const allowed = problem.allowed && problem.allowed.length > 0 ? ` (allowed: ${problem.allowed.join(", ")})` : "";
        return `${display}:${at.line}:${at.column}: ${problem.pointer || "/"} ${problem.message}${allowed}`;
      }),
  ];
}

/** Checks the schema cannot express: rule ids named outside `rules`, enforcement that may not be lowered. */
function semanticProblems(config: ProjectConfig, rules: readonly RuleMeta[]): ConfigProblem[] {
  const ids = rules.map((rule) => rule.id);
  const known = new Set(ids);
  const problems: ConfigProblem[] = [];
  const disabled = config.policy?.disabledRules;
  if (Array.isArray(disabled)) {
    disabled.forEach((id, i) => {
      if (typeof id === "string" && !known.has(id))
        problems.push({ pointer: `/policy/disabledRules/${i}`, message: `names unknown rule "${id}"`, allowed: ids });
    });
  }
  for (const [id, level] of Object.entries(config.rules ?? {})) {
    if (ALWAYS_ENFORCED.has(id) && level !== "error") {
      problems.push({ pointer: `/rules/${id}`, message: `${id} cannot be set to ${level}: a failed evaluation never passes`, allowed: ['"error"'] });
    }
  }
  return problems;
}

/**
 * Reads and validates modelgate.yaml against schemas/config.schema.json, with the rule ids of the
 * bundle in use. Every problem is reported at once, each as `file:line:col: /pointer message (allowed: ...)`.
 */
export function loadConfig(file: string, display: string, rules: readonly RuleMeta[]): LoadedConfig {
  let text: string;
  try {
    text = decodeText(display, readFileSync(file), DEFAULT_PARSE_LIMITS);
  } catch (error) {
    throw new ConfigError([`${display}: ${(error as Error).message}`]);
  }
  const parsed = parseYaml12(display, text, DEFAULT_PARSE_LIMITS);
  if (parsed.errors.length > 0) throw new ConfigError(parsed.errors.map((e) => e.toString()));
  if (parsed.documents.length !== 1) throw new ConfigError([`${display}: expected exactly one YAML document, found ${parsed.documents.length}`]);
  const value = parsed.documents[0].value;
  const locate = configLocator(text);
  const validate = configValidator(rules);
  if (!validate(value)) throw new ConfigError(formatProblems(display, locate, describeConfigErrors(validate.errors)));
  const config = value as ProjectConfig;
  const problems = semanticProblems(config, rules);
  if (problems.length > 0) throw new ConfigError(formatProblems(display, locate, problems));
  return { file, display, dir: path.dirname(file), config, locate };
}

/**
 * Bundle data with the config's policy keys replacing the bundle's (the ADDITIVE_POLICY_KEYS lists of src/catalog/policy.ts
 * are added to the bundle's), validated as a whole. A rule the policy turns off by default is
 * turned on when `rules` names it with `error` or `warn`.
 */
export function applyConfig(data: Record<string, unknown>, loaded: LoadedConfig): Record<string, unknown> {
  const { config, display, locate } = loaded;
  const explicitlyOn = Object.entries(config.rules ?? {})
    .filter(([id, level]) => id !== "all" && level !== "off")
    .map(([id]) => id);
  if (!config.policy && explicitlyOn.length === 0) return data;
  const modelgate = (data.modelgate ?? {}) as Record<string, unknown>;
  const policy = applyPolicyKeys((modelgate.policy ?? {}) as Record<string, unknown>, config.policy ?? {});
  if (Array.isArray(policy.disabledRules)) policy.disabledRules = (policy.disabledRules as string[]).filter((id) => !explicitlyOn.includes(id));
  const validate = validator("org-policy");
  if (!validate(policy)) {
    throw new ConfigError(
      describeSchemaErrors(validate.errors).map((e) => {
        const at = locate.value(`/policy${e.pointer}`);
        return `${display}:${at.line}:${at.column}: /policy${e.pointer} ${e.message}`;
      }),
    );
  }
  return { ...data, modelgate: { ...modelgate, policy } };
}
