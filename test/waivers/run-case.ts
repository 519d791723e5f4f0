import { existsSync } from "node:fs";
import path from "node:path";
import { failingFindings } from "../../src/findings/baseline/check";
import { exitCode, type FailOn } from "../../src/cli/exit";
import { applyConfig, loadConfig } from "../../src/config/load";
import { projectSettings } from "../../src/config/project";
import { PolicyEngine } from "../../src/engine/engine";
import { scan, type ScanResult } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";

export interface CaseRun {
  result: ScanResult;
  exitCode: number;
}

/**
 * Scans a folder the way `modelgate check .` run inside it does: its modelgate.yaml (when present)
 * applied to the default bundle, waivers judged against `today`.
 */
export async function runCase(dir: string, options: { today: string; failOn?: FailOn; workers?: number }): Promise<CaseRun> {
  const configFile = path.join(dir, "modelgate.yaml");
  const base = defaultEngine();
  const config = existsSync(configFile) ? loadConfig(configFile, "modelgate.yaml", base.catalog.rules) : null;
  const engine = config ? new PolicyEngine({ ...base.bundle, data: applyConfig(base.bundle.data, config) }) : base;
  const result = await scan({ paths: ["."], cwd: dir, engine, project: projectSettings(config, dir), today: options.today, workers: options.workers ?? 0 });
  return { result, exitCode: exitCode(failingFindings(result.findings), result.inputErrors, options.failOn ?? "high") };
}
