import { ERROR_EXIT_CODE, errorMessage, ModelgateError } from "../errors";
import type { Finding, Severity } from "../findings/types";
import { severityRank } from "../findings/types";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = ERROR_EXIT_CODE;

export type FailOn = Severity | "never";
export const FAIL_ON_VALUES: readonly FailOn[] = ["low", "medium", "high", "critical", "never"];

/** 2 when input could not be read, else 1 when an unwaived finding is at or above the threshold. */
export function exitCode(findings: Finding[], inputErrors: number, failOn: FailOn): number {
  if (inputErrors > 0) return EXIT_ERROR;
  if (failOn === "never") return EXIT_OK;
  const threshold = severityRank(failOn);
  return findings.some((f) => !f.waived && severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

export const INTERNAL_ERROR_HINT =
  "this is a bug in modelgate, not in your input: please report it with the command you ran (MODELGATE_DEBUG=1 prints the stack trace)";

/**
 * What the CLI prints and returns for an error that ended the run: a ModelgateError is the user's to
 * fix and prints its message; anything else is modelgate's bug and says so. Both exit 2.
 */
export function failure(error: unknown): { code: number; message: string; internal: boolean } {
  if (error instanceof ModelgateError) return { code: error.exitCode, message: `modelgate: ${error.message}\n`, internal: false };
  return { code: EXIT_ERROR, message: `modelgate: internal error: ${errorMessage(error)}\n${INTERNAL_ERROR_HINT}\n`, internal: true };
}
