import { emptyProjectSettings, type ProjectSettings } from "../config/project";
import type { PolicyEngine } from "../engine/engine";
import type { BaselineReport, LoadedBaseline } from "../findings/baseline/check";
import { settleFindings } from "../findings/post-engine";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument } from "../model/canonical";
import { discoverFiles } from "../parse/discover";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "../parse/limits";
import { resolveToday } from "../findings/waivers/dates";
import { plannedWorkers, runShards, type ShardResults } from "./pool";
import type { SourceResolver } from "./positions";

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
}

export interface ScanResult {
  files: number;
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
function mergeShards(results: ShardResults): Finding[] {
  return [
    ...results.reads.flatMap((read) => read.inputErrorFindings),
    ...results.evaluations.flatMap((evaluation) => evaluation.problemFindings),
    ...results.evaluations.flatMap((evaluation) => evaluation.findings),
    ...results.evaluations.flatMap((evaluation) => evaluation.waiverFindings),
  ];
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
  const excluded = new Set(options.exclude ?? []);
  const files = discoverFiles(options.paths, options.cwd).filter((file) => !excluded.has(file.absolute));
  const stdin = files.some((file) => file.absolute === "-");
  const workers = stdin ? 0 : plannedWorkers(files.length, options.workers);
  const results = await runShards(files, workers, options.engine, { cwd: options.cwd, limits, project, today }, options.onFile);
  const settled = settleFindings(mergeShards(results), { project, today, cwd: options.cwd, baseline: options.baseline ?? null }, options.engine.catalog);
  return {
    files: files.length,
    workloads: results.evaluations.reduce((sum, evaluation) => sum + evaluation.workloads, 0),
    inputErrors: results.reads.reduce((sum, read) => sum + read.inputErrors, 0),
    unreadable: results.reads.flatMap((read) => read.inputErrorFindings),
    findings: settled.findings,
    baseline: settled.baseline,
    documents: workers === 0 ? results.local.documents : [],
    resolve: results.local.resolve,
    workers,
  };
}
