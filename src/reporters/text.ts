import type { Finding, Severity } from "../findings/types";
import { SEVERITIES } from "../findings/types";
import { waiverText } from "./shared";
import type { Reporter } from "./types";

const COLORS: Record<Severity, string> = { critical: "\x1b[35m", high: "\x1b[31m", medium: "\x1b[33m", low: "\x1b[36m" };
const DIM = "\x1b[2m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? line : prefix + line))
    .join("\n");
}

/** Findings grouped by file, each with position, severity, rule id, message, resource and the fix. */
export const textReporter: Reporter = (report, { color }) => {
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(paint(BOLD, file || "(no file)"));
    for (const f of findings) {
      const position = `${f.line}:${f.column}`.padEnd(8);
      const markers = [f.waived ? "waived" : null, f.baseline === true ? "baseline" : null, f.enforcement === "warn" ? "warn" : null].filter(Boolean);
      const marked = markers.length > 0 ? paint(DIM, ` (${markers.join(", ")})`) : "";
      lines.push(`  ${position}${paint(COLORS[f.severity], f.severity.padEnd(9))}${f.ruleId}${marked}`);
      lines.push(`          ${indent(f.message, "          ")}`);
      if (f.waived) lines.push(paint(DIM, `          ${waiverText(f)}`));
      lines.push(paint(DIM, `          resource: ${f.resource}`));
      lines.push(paint(DIM, `          fix: ${indent(f.remediation, "               ")}`));
      lines.push(paint(DIM, `          docs: ${f.docsUrl}`));
    }
    lines.push("");
  }
  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => [s, report.findings.filter((f) => f.severity === s && !f.waived).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const { summary } = report;
  const found = summary.findings === 0 ? "no findings" : `${summary.findings} finding${summary.findings === 1 ? "" : "s"} (${counts.join(", ")})`;
  lines.push(
    `${found} in ${summary.files} file${summary.files === 1 ? "" : "s"}, ${summary.workloads} workload${summary.workloads === 1 ? "" : "s"}` +
      (summary.errors > 0 ? `; ${summary.errors} file${summary.errors === 1 ? "" : "s"} could not be read` : "") +
      ` [bundle ${report.bundle.revision}]`,
  );
  return lines.join("\n") + "\n";
};
