import path from "node:path";
import type { Finding } from "../types";
import { displayPath } from "../../parse/discover";
import { applyBaseline, readBaseline, type BaselineEntry, type BaselineFile } from "./baseline";

/** A baseline named by `check --baseline`, read and validated before the scan starts. */
export interface LoadedBaseline {
  /** Absolute path (excluded from the scan). */
  file: string;
  display: string;
  baseline: BaselineFile;
}

export function loadBaseline(file: string, cwd: string): LoadedBaseline {
  const absolute = path.resolve(cwd, file);
  const display = displayPath(absolute, cwd);
  return { file: absolute, display, baseline: readBaseline(absolute, display) };
}

/** What `check --baseline` adds to the report: summary counts and the entries no longer found. */
export interface BaselineReport {
  summary: { baselined: number; fixed: number };
  baseline: { file: string; entries: number; fixed: BaselineEntry[] };
}

export function compareWithBaseline(findings: Finding[], loaded: LoadedBaseline): BaselineReport {
  const comparison = applyBaseline(findings, loaded.baseline);
  return {
    summary: { baselined: comparison.matched, fixed: comparison.fixed.length },
    baseline: { file: loaded.display, entries: loaded.baseline.findings.length, fixed: comparison.fixed },
  };
}

/** Findings that can fail the run: not `warn`, not accepted by the baseline (waived ones are left out by exitCode). */
export function failingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.enforcement !== "warn" && finding.baseline !== true);
}
