import path from "node:path";
import type { Finding, Severity } from "../findings/types";
import { oneLine, waiverText } from "./shared";
import type { ReportContext, Reporter } from "./types";

type Command = "error" | "warning" | "notice";
export const GITHUB_COMMAND: Record<Severity, Command> = { critical: "error", high: "error", medium: "warning", low: "notice" };

/** Workflow command data: %, CR and LF are percent-encoded (actions/toolkit escapeData). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow command properties: additionally ':' and ',' (actions/toolkit escapeProperty). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Annotations are placed by paths relative to the repository root, like SARIF URIs. */
function annotationPath(file: string, context: ReportContext): string | null {
  if (!file || file === "-") return null;
  const absolute = path.resolve(context.cwd, file);
  const relative = path.relative(context.srcRoot, absolute);
  return !relative || relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join("/");
}

/** Waived and baselined findings are notices, a rule set to warn gives at most a warning. */
function commandFor(finding: Finding): Command {
  if (finding.waived || finding.baseline === true) return "notice";
  const command = GITHUB_COMMAND[finding.severity];
  return finding.enforcement === "warn" && command === "error" ? "warning" : command;
}

export function workflowCommand(finding: Finding, context: ReportContext): string {
  const command = commandFor(finding);
  const properties: [string, string][] = [];
  const file = annotationPath(finding.file, context);
  if (file) {
    properties.push(["file", file]);
    if (finding.line > 0) {
      properties.push(["line", String(finding.line)]);
      if (finding.column > 0) properties.push(["col", String(finding.column)]);
    }
  }
  properties.push(["title", finding.waived ? `${finding.ruleId} (waived)` : finding.baseline === true ? `${finding.ruleId} (baseline)` : finding.ruleId]);
  const body = [
    finding.message,
    ...(finding.waived ? [waiverText(finding)] : []),
    `Resource: ${finding.resource}`,
    `Fix: ${oneLine(finding.remediation)}`,
    `Docs: ${finding.docsUrl}`,
  ].join("\n");
  return `::${command} ${properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(",")}::${escapeData(body)}`;
}

/**
 * GitHub Actions workflow commands: one annotation per finding (critical/high error, medium
 * warning, low notice; waived findings are notices marked "(waived)"), then a plain summary line.
 */
export const githubReporter: Reporter = (report, context) => {
  const lines = report.findings.map((finding) => workflowCommand(finding, context));
  const { summary } = report;
  lines.push(
    `modelgate: ${summary.findings} finding${summary.findings === 1 ? "" : "s"} (${summary.waived} waived) in ${summary.files} file${summary.files === 1 ? "" : "s"}` +
      (summary.errors > 0 ? `, ${summary.errors} unreadable` : "") +
      ` [bundle ${report.bundle.revision}]`,
  );
  return lines.join("\n") + "\n";
};
