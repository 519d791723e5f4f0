import { emptyProjectSettings, type ProjectSettings } from "../config/project";
import type { PolicyEngine } from "../engine/engine";
import type { BaselineReport, LoadedBaseline } from "../findings/baseline/check";
import { findingFromMetadata } from "../findings/build";
import { settleFindings } from "../findings/post-engine";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument } from "../model/canonical";
import { discover, type DiscoveryProblem, type ExcludedPath, type ExcludePatterns } from "../parse/discover";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "../parse/limits";
import { resolveToday } from "../findings/waivers/dates";
import { plannedWorkers, runShards, type ShardResults } from "./pool";
import type { SourceResolver } from "./positions";
import { catalogFromBundleData } from "../adapters/core/catalog";
import { waiveInline } from "../findings/post-engine";
import { CoverageIndex } from "../sweep/sweep";
import { settleSightings } from "../sweep/pending";
import { countKinds, type KindCount } from "./kinds";

export interface ScanOptions {
  paths: string[];
  cwd: string;
  engine: PolicyEngine;
  limits?: ParseLimits;
  /** Called once per file read (the CLI's progress line). */
  onFile?: () => void;
  /** modelgate.yaml as the scan needs it: enforcement, classification paths, central waivers. */
  project?: ProjectSettings;
  /** YYYY-MM-DD that waiver expiry is judged against (default: MODELGATE_TODAY, else today in UTC). */
  today?: string;
  /** Worker threads besides the main thread; 0 scans in one thread. Default: by file count and cores. */
  workers?: number;
  /** Absolute paths never scanned, even inside a scanned directory (the baseline file). */
  exclude?: string[];
  /** `check --baseline`: findings it accepts are marked `baseline: true` (exclude its file too). */
  baseline?: LoadedBaseline | null;
  /** `--skip-path` globs, relative to cwd; modelgate.yaml's `exclude` comes with `project`. */
  skipPaths?: string[];
}

export interface ScanResult {
  files: number;
  /** Paths the walk left out because the user excluded them. */
  excluded: ExcludedPath[];
  /** Files read and parsed in which no adapter recognised anything (display paths, scan order). */
  unrecognised: string[];
  /** Per kind of document read (HelmRelease, Deployment, litellm-config...): files and workloads. */
  kinds: KindCount[];
  /** LLM-looking values the residual sweep reported (no route accounts for them), per file, after waivers and the baseline. */
  unattributed: Array<{ file: string; values: number }>;
  workloads: number;
  /** Files that could not be read or parsed. */
  inputErrors: number;
  /** The invalid-input findings of those files (also among `findings`), in scan order. */
  unreadable: Finding[];
  findings: Finding[];
  /** With `baseline`: what it accepts and which of its entries no finding matches any more. */
  baseline: BaselineReport | null;
  /**
   * Canonical documents as evaluated; their locations are resolved on demand with `resolve`. Only
   * a scan in one thread keeps them (`workers: 0`, or below the worker threshold); empty otherwise.
   */
  documents: LlmUsageDocument[];
  resolve: SourceResolver;
  /** Worker threads the scan used (0: the main thread only). */
  workers: number;
}

/**
 * Concatenates shard results in scan order (input errors, then adapter problems, then rule
 * findings, then invalid inline waivers), exactly as one thread produces them, so the stable sort
 * gives the same order whatever the split.
 */
function mergeShards(results: ShardResults, swept: readonly Finding[]): Finding[] {
  return [
    ...results.reads.flatMap((read) => read.inputErrorFindings),
    ...results.evaluations.flatMap((evaluation) => evaluation.problemFindings),
    ...results.evaluations.flatMap((evaluation) => evaluation.findings),
    ...swept,
    ...results.evaluations.flatMap((evaluation) => evaluation.waiverFindings),
  ];
}

const findingKey = (finding: Finding): string => [finding.ruleId, finding.file, finding.line, finding.column].join("\u0000");

/** The sweep's findings that stand after waivers and the baseline, counted per file for the summary. */
function unattributedByFile(swept: readonly Finding[], settled: readonly Finding[]): Array<{ file: string; values: number }> {
  const keys = new Set(swept.map(findingKey));
  const byFile = new Map<string, number>();
  for (const finding of settled) {
    if (finding.waived || finding.baseline === true || !keys.has(findingKey(finding))) continue;
    byFile.set(finding.file, (byFile.get(finding.file) ?? 0) + 1);
  }
  return [...byFile.entries()].map(([file, values]) => ({ file, values }));
}

/**
 * The residual sweep settled against the whole scan: a reference is dropped when any adapter, in any
 * chunk, reported something at it naming the same operator (a Deployment in one file reading the
 * ConfigMap of another); what is left is evaluated, in scan order.
 */
function sweepFindings(results: ShardResults, engine: PolicyEngine): Finding[] {
  const catalog = catalogFromBundleData(engine.bundle.data);
  const coverage = new CoverageIndex();
  for (const evaluation of results.evaluations) {
    coverage.add(evaluation.coverage);
    coverage.addReach(evaluation.reach);
  }
  const findings: Finding[] = [];
  for (const pending of results.evaluations.flatMap((evaluation) => evaluation.sightings)) {
    const settled = settleSightings(pending, coverage, catalog);
    if (settled === null) continue;
    const evaluated = engine.evaluate(settled);
    waiveInline(evaluated, pending.waivers);
    findings.push(...evaluated);
  }
  return findings;
}

/** The walk's exclusions: `--skip-path` globs (relative to cwd), then modelgate.yaml's `exclude` (relative to its directory). */
export function excludePatterns(skipPaths: readonly string[] | undefined, cwd: string, project: ProjectSettings): ExcludePatterns[] {
  const sets: ExcludePatterns[] = [];
  if (skipPaths && skipPaths.length > 0) sets.push({ patterns: skipPaths, base: cwd, origin: "--skip-path" });
  if (project.exclude.length > 0) sets.push({ patterns: project.exclude, base: project.baseDir, origin: `${project.configFile ?? "config"} exclude` });
  return sets;
}

function discoveryFinding(problem: DiscoveryProblem, engine: PolicyEngine): Finding {
  return findingFromMetadata(engine.catalog, "invalid-input", { file: problem.file, line: 0, column: 0, pointer: "" }, problem.file, problem.message);
}

/** Files that parsed but in which nothing was recognised: listed in the summary, never passed off as checked. */
function unrecognisedFiles(files: readonly { display: string }[], results: ShardResults, unreadable: readonly Finding[]): string[] {
  const seen = new Set<string>(unreadable.map((finding) => finding.file));
  for (const evaluation of results.evaluations) for (const file of evaluation.recognised) seen.add(file);
  return files.map((file) => file.display).filter((file) => !seen.has(file));
}

/**
 * The whole pipeline behind `modelgate check`: discover files, parse them with positions, adapt
 * every document to the canonical model (joins across the whole scan), evaluate each canonical
 * document with the rule bundle, then the post-engine step (src/findings/post-engine.ts): waivers,
 * enforcement and the baseline. Large scans are spread over worker threads (src/scan/pool.ts)
 * with identical results.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  const project = options.project ?? emptyProjectSettings(options.cwd);
  const today = options.today ?? resolveToday(undefined);
  const own = new Set(options.exclude ?? []);
  const discovery = discover(options.paths, options.cwd, excludePatterns(options.skipPaths, options.cwd, project));
  const files = discovery.files.filter((file) => !own.has(file.absolute));
  const excluded = [
    ...discovery.excluded,
    ...discovery.files.filter((file) => own.has(file.absolute)).map((file) => ({ path: file.display, by: "--baseline (the run's own file)" })),
  ];
  const stdin = files.some((file) => file.absolute === "-");
  const workers = stdin ? 0 : plannedWorkers(files.length, options.workers);
  const results = await runShards(files, workers, options.engine, { cwd: options.cwd, limits, project, today }, options.onFile);
  const undiscoverable = discovery.problems.map((problem) => discoveryFinding(problem, options.engine));
  const unreadable = [...undiscoverable, ...results.reads.flatMap((read) => read.inputErrorFindings)];
  const swept = sweepFindings(results, options.engine);
  const settled = settleFindings(
    [...undiscoverable, ...mergeShards(results, swept)],
    { project, today, cwd: options.cwd, baseline: options.baseline ?? null },
    options.engine.catalog,
  );
  return {
    files: files.length,
    excluded,
    unrecognised: unrecognisedFiles(files, results, unreadable),
    kinds: countKinds(results.evaluations.flatMap((evaluation) => evaluation.kinds)),
    unattributed: unattributedByFile(swept, settled.findings),
    workloads: results.evaluations.reduce((sum, evaluation) => sum + evaluation.workloads, 0),
    inputErrors: discovery.problems.length + results.reads.reduce((sum, read) => sum + read.inputErrors, 0),
    unreadable,
    findings: settled.findings,
    baseline: settled.baseline,
    documents: workers === 0 ? results.local.documents : [],
    resolve: results.local.resolve,
    workers,
  };
}
