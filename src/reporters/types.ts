import type { RuleMeta } from "../catalog/rules";
import type { Finding, Severity } from "../findings/types";
import type { KindCount } from "../scan/kinds";

export interface Report {
  tool: { name: "modelgate"; version: string };
  bundle: { revision: string };
  summary: {
    files: number;
    workloads: number;
    findings: number;
    waived: number;
    errors: number;
    /** With `check --baseline`: findings the baseline accepts, and baseline entries no longer found. */
    baselined?: number;
    fixed?: number;
    /** Paths the directory walk left out, each with the pattern (`--skip-path`, config `exclude`) that did. */
    excluded?: Array<{ path: string; by: string }>;
    /** Files read and parsed in which nothing was recognised: not checked, and listed so. */
    unrecognised?: string[];
    /** Per kind of document read (HelmRelease, Deployment, litellm-config...): distinct files and workloads, most workloads first. */
    kinds?: KindCount[];
    /** LLM-looking values the fail-closed sweep saw that no route accounts for (`flag-unattributed-llm-reference`), by file. */
    unattributed?: Array<{ file: string; values: number }>;
  };
  /** What modelgate.yaml tried to loosen in a signed pack, left out of the run (present only then). */
  configIgnored?: Array<{ file: string; line: number; column: number; pointer: string; message: string }>;
  /** Present only with `check --baseline`. */
  baseline?: { file: string; entries: number; fixed: unknown[] };
  findings: Finding[];
}

/** What a reporter may need besides the report itself; none of it is printed by the json format. */
export interface ReportContext {
  /** ANSI colours (text to a terminal only). */
  color: boolean;
  /** The run's --fail-on threshold: JUnit marks findings at or above it as failures. */
  failOn: Severity | "never";
  /** The bundle's rule catalogue: SARIF describes every rule, not only those that fired. */
  rules: RuleMeta[];
  /** Display paths of every scanned file, when known: JUnit shows clean files as passing cases. */
  files?: string[];
  /** Directory the finding paths are relative to. */
  cwd: string;
  /** Root that SARIF URIs are relative to (%SRCROOT%): the enclosing git work tree, else cwd. */
  srcRoot: string;
}

export type Reporter = (report: Report, context: ReportContext) => string;
