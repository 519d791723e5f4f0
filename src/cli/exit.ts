import type { Finding, Severity } from "../findings/types";
import { severityRank } from "../findings/types";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export type FailOn = Severity | "never";
export const FAIL_ON_VALUES: readonly FailOn[] = ["low", "medium", "high", "critical", "never"];

/** 2 when input could not be read, else 1 when an unwaived finding is at or above the threshold. */
export function exitCode(findings: Finding[], inputErrors: number, failOn: FailOn): number {
  if (inputErrors > 0) return EXIT_ERROR;
  if (failOn === "never") return EXIT_OK;
  const threshold = severityRank(failOn);
  return findings.some((f) => !f.waived && severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}
