/** Builds the report and context `modelgate check` hands its reporters, from a real scan. */
import path from "node:path";
import type { Finding } from "../../src/findings/types";
import { discoverFiles } from "../../src/parse/discover";
import { sourceRoot } from "../../src/reporters/shared";
import type { Report, ReportContext } from "../../src/reporters/types";
import { scan } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";

export const ROOT = path.join(__dirname, "..", "..");

export interface Scanned {
  report: Report;
  context: ReportContext;
}

export function reportOf(findings: Finding[], files: number, errors = 0): Report {
  return {
    tool: { name: "modelgate", version: "0.1.0" },
    bundle: { revision: "test" },
    summary: { files, workloads: 0, findings: findings.length, waived: findings.filter((f) => f.waived).length, errors },
    findings,
  };
}

export async function scanned(paths: string[], cwd: string = ROOT, failOn: ReportContext["failOn"] = "high"): Promise<Scanned> {
  const engine = defaultEngine();
  const result = await scan({ paths, cwd, engine });
  const report: Report = {
    tool: { name: "modelgate", version: "0.1.0" },
    bundle: { revision: engine.bundle.revision },
    summary: {
      files: result.files,
      workloads: result.workloads,
      findings: result.findings.length,
      waived: result.findings.filter((f) => f.waived).length,
      errors: result.inputErrors,
    },
    findings: result.findings,
  };
  const files = discoverFiles(paths, cwd).map((f) => f.display);
  return { report, context: { color: false, failOn, rules: engine.catalog.rules, files, cwd, srcRoot: sourceRoot(cwd) } };
}

/** A finding of a catalogue rule with the given overrides (waivers, odd characters, line 0). */
export function syntheticFinding(overrides: Partial<Finding> & Record<string, unknown> = {}): Finding {
  const rule = defaultEngine().catalog.rules.find((r) => r.id === "require-token-cap")!;
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: rule.severity,
    message: "route has no cap",
    file: "deploy/app.yaml",
    line: 7,
    column: 9,
    pointer: "/spec/template/spec/containers/0/env/0/value",
    resource: "Deployment/default/app",
    subject: "container/app/OPENAI_BASE_URL",
    remediation: rule.remediation,
    docsUrl: rule.docsUrl,
    waived: false,
    ...overrides,
  };
}
