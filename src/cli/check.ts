import { writeFileSync } from "node:fs";
import path from "node:path";
import { PolicyEngine } from "../engine/engine";
import { REPORTERS, type FormatName } from "../reporters";
import type { Report } from "../reporters/types";
import { scan } from "../scan/scan";
import { resolveBundle } from "./bundle";
import { exitCode, type FailOn } from "./exit";
import { toolVersion } from "./version";

export interface CheckOptions {
  format: FormatName;
  output?: string;
  failOn: FailOn;
  config?: string;
  bundle?: string;
  color: boolean;
}

export async function runCheck(inputs: string[], options: CheckOptions, cwd: string): Promise<number> {
  const bundle = resolveBundle({ bundle: options.bundle, config: options.config, cwd });
  const engine = new PolicyEngine(bundle);
  const result = await scan({ paths: inputs.length > 0 ? inputs : ["."], cwd, engine });
  const report: Report = {
    tool: { name: "modelgate", version: toolVersion() },
    bundle: { revision: bundle.revision },
    summary: {
      files: result.files,
      workloads: result.workloads,
      findings: result.findings.length,
      waived: result.findings.filter((f) => f.waived).length,
      errors: result.inputErrors,
    },
    findings: result.findings,
  };
  const color = options.color && !options.output && options.format === "text";
  const rendered = REPORTERS[options.format](report, { color });
  if (options.output) writeFileSync(path.resolve(cwd, options.output), rendered);
  else process.stdout.write(rendered);
  return exitCode(result.findings, result.inputErrors, options.failOn);
}
