import { failingFindings, loadBaseline } from "../findings/baseline/check";
import { projectSettings } from "../config/project";
import { PolicyEngine } from "../engine/engine";
import { discoverFiles } from "../parse/discover";
import { sourceRoot } from "../reporters/shared";
import type { Report } from "../reporters/types";
import { excludePatterns, scan } from "../scan/scan";
import { resolveToday } from "../findings/waivers/dates";
import { resolveProject } from "./bundle";
import { EXIT_ERROR, exitCode, type FailOn } from "./exit";
import { parseOutputs, writeOutputs } from "./outputs";
import { ProgressReporter } from "./progress";
import { toolVersion } from "./version";

export interface CheckOptions {
  /** Repeatable `--format name[=path]` values (default text); see parseOutputs. */
  format: string[] | string;
  output?: string;
  failOn: FailOn;
  config?: string;
  bundle?: string;
  color: boolean;
  /** A file written by `modelgate baseline`: its findings are reported but fail the run no more. */
  baseline?: string;
  /** YYYY-MM-DD for waiver expiry (hidden --today; default MODELGATE_TODAY, else today in UTC). */
  today?: string;
  /** Worker threads (--workers); default by file count and cores. */
  workers?: number;
  /** Repeatable --skip-path globs the directory walk leaves out (relative to cwd). */
  skipPath?: string[];
}

export async function runCheck(inputs: string[], options: CheckOptions, cwd: string): Promise<number> {
  const targets = parseOutputs(typeof options.format === "string" ? [options.format] : options.format, options.output, cwd);
  const { bundle, config, loosened } = resolveProject({ bundle: options.bundle, config: options.config, cwd });
  const today = resolveToday(options.today);
  const baseline = options.baseline ? loadBaseline(options.baseline, cwd) : null;
  const engine = new PolicyEngine(bundle);
  const scanPaths = inputs.length > 0 ? inputs : ["."];
  const project = projectSettings(config, cwd);
  const progress = new ProgressReporter(process.stderr);
  // JUnit lists clean files and the progress line needs a total: only they pay for a second walk.
  let files: string[] | undefined;
  if (progress.enabled || targets.some((t) => t.format === "junit")) {
    files = discoverFiles(scanPaths, cwd, excludePatterns(options.skipPath, cwd, project)).map((file) => file.display);
    progress.start(files.length);
  }
  const result = await scan({
    paths: scanPaths,
    cwd,
    engine,
    onFile: () => progress.tick(),
    project,
    today,
    workers: options.workers,
    exclude: baseline ? [baseline.file] : [],
    baseline,
    skipPaths: options.skipPath,
  }).finally(() => progress.done());
  const compared = result.baseline;
  const report: Report = {
    tool: { name: "modelgate", version: toolVersion() },
    bundle: { revision: bundle.revision },
    summary: {
      files: result.files,
      workloads: result.workloads,
      findings: result.findings.length,
      waived: result.findings.filter((f) => f.waived).length,
      errors: result.inputErrors,
      ...compared?.summary,
      excluded: result.excluded,
      unrecognised: result.unrecognised,
      kinds: result.kinds,
      unattributed: result.unattributed,
    },
    ...(compared ? { baseline: compared.baseline } : {}),
    ...(loosened.length > 0 ? { configIgnored: loosened } : {}),
    findings: result.findings,
  };
  writeOutputs(report, targets, { color: options.color, failOn: options.failOn, rules: bundle.catalog.rules, files, cwd, srcRoot: sourceRoot(cwd) });
  // Exit 2 always says why on stderr, in the file:line:col form editors and CI logs link,
  // whatever format stdout carries.
  for (const ignored of loosened) process.stderr.write(`modelgate: ${ignored.file}:${ignored.line}:${ignored.column}: ${ignored.message}\n`);
  for (const finding of result.unreadable) {
    process.stderr.write(`modelgate: ${finding.file}:${finding.line}:${finding.column}: ${finding.message}\n`);
  }
  if (result.files === 0 && result.inputErrors === 0) {
    // A scan that read nothing has checked nothing: never a pass.
    process.stderr.write(
      `modelgate: no file was scanned in ${scanPaths.join(", ")}${result.excluded.length > 0 ? ` (${result.excluded.length} excluded)` : ""}; nothing was checked\n`,
    );
    return EXIT_ERROR;
  }
  return exitCode(failingFindings(result.findings), result.inputErrors, options.failOn);
}
