import path from "node:path";
import { resolveProject } from "./bundle";
import { toolVersion } from "./version";
import { projectSettings } from "../config/project";
import { PolicyEngine } from "../engine/engine";
import { displayPath } from "../parse/discover";
import { scan } from "../scan/scan";
import { resolveToday } from "../findings/waivers/dates";
import { createBaseline, DEFAULT_BASELINE_FILE, writeBaseline } from "../findings/baseline/baseline";

export interface BaselineOptions {
  output?: string;
  config?: string;
  bundle?: string;
  today?: string;
  workers?: number;
}

/**
 * `modelgate baseline [PATH...]`: scans like `check` (same config, waivers and enforcement) and
 * writes the findings it would report as accepted, for `check --baseline` to compare against.
 * Refuses (exit 2) when a file could not be read: a baseline of a partial scan would hide findings.
 */
export async function runBaseline(inputs: string[], options: BaselineOptions, cwd: string): Promise<number> {
  const { bundle, config } = resolveProject({ bundle: options.bundle, config: options.config, cwd });
  const today = resolveToday(options.today);
  const engine = new PolicyEngine(bundle);
  const output = path.resolve(cwd, options.output ?? DEFAULT_BASELINE_FILE);
  const display = displayPath(output, cwd);
  const result = await scan({
    paths: inputs.length > 0 ? inputs : ["."],
    cwd,
    engine,
    project: projectSettings(config, cwd),
    today,
    workers: options.workers,
    exclude: [output],
  });
  if (result.inputErrors > 0) {
    const unreadable = result.findings.filter((finding) => finding.ruleId === "invalid-input" && finding.resource === finding.file);
    process.stderr.write(
      `modelgate: baseline not written: ${result.inputErrors} file${result.inputErrors === 1 ? "" : "s"} could not be read\n` +
        unreadable.map((finding) => `  ${finding.file}:${finding.line}:${finding.column}: ${finding.message}\n`).join(""),
    );
    return 2;
  }
  const baseline = createBaseline(result.findings, { name: "modelgate", version: toolVersion() }, { revision: bundle.revision });
  writeBaseline(output, baseline);
  const left = result.findings.length - baseline.findings.length;
  process.stdout.write(
    `${display}: ${baseline.findings.length} finding${baseline.findings.length === 1 ? "" : "s"} accepted` +
      (left > 0 ? ` (${left} waived, invalid-waiver or evaluation-error finding${left === 1 ? "" : "s"} left out)` : "") +
      ` from ${result.files} file${result.files === 1 ? "" : "s"}\n`,
  );
  return 0;
}
