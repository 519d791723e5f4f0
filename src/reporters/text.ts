import type { Finding, Severity } from "../findings/types";
import { SEVERITIES } from "../findings/types";
import { waiverText } from "./shared";
import type { Report, Reporter } from "./types";

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

/** Names listed in the summary before "and N more": the JSON report carries them all. */
const LISTED = 10;

function listed(names: string[], separator = ", ", limit = LISTED): string {
  const shown = names.slice(0, limit).join(separator);
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}

/** Kinds are few and each says what was covered: more of them are listed than of file names. */
const LISTED_KINDS = 20;

/** What was not checked, so a quiet run cannot hide it: excluded paths, files with nothing recognised, an empty scan. */
function skippedLines(summary: Report["summary"]): string[] {
  const lines: string[] = [];
  if (summary.files === 0 && summary.errors === 0) lines.push("no file was scanned: nothing was checked");
  const excluded = summary.excluded ?? [];
  if (excluded.length > 0) lines.push(`excluded (${excluded.length}): ${listed(excluded.map((e) => `${e.path} (${e.by})`))}`);
  const unrecognised = summary.unrecognised ?? [];
  if (unrecognised.length > 0) {
    lines.push(`read but not recognised, nothing in them checked (${unrecognised.length}): ${listed(unrecognised)}`);
  }
  return lines;
}

/** What was read, per kind, and what looked like LLM use but belongs to no route: the coverage of a whole-repository run. */
function coverageLines(summary: Report["summary"]): string[] {
  const lines: string[] = [];
  const kinds = summary.kinds ?? [];
  if (kinds.length > 0) {
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
    const described = kinds.map((k) => `${k.kind} ${plural(k.files, "file")}${k.workloads > 0 ? `, ${plural(k.workloads, "workload")}` : ""}`);
    lines.push(`read by kind: ${listed(described, "; ", LISTED_KINDS)}`);
  }
  const unattributed = summary.unattributed ?? [];
  if (unattributed.length > 0) {
    const values = unattributed.reduce((sum, entry) => sum + entry.values, 0);
    lines.push(
      `LLM-looking values no route accounts for (${values} in ${unattributed.length} file${unattributed.length === 1 ? "" : "s"}, flag-unattributed-llm-reference): ${listed(unattributed.map((e) => `${e.file} (${e.values})`))}`,
    );
  }
  return lines;
}

/** Severity order within a file: the findings that matter most come first, whatever their line. */
const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * Findings of one file as entries: the findings of one rule, severity and fix together, so forty
 * `require-token-cap` findings of one gateway config are one entry and the jurisdiction findings
 * beside them are not buried. Entries run by severity, then by the line of their first finding.
 */
function entriesOf(findings: Finding[]): Finding[][] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = [finding.ruleId, finding.severity, finding.remediation].join("\u0000");
    const entry = byRule.get(key) ?? [];
    entry.push(finding);
    byRule.set(key, entry);
  }
  return [...byRule.values()].sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[0].line - b[0].line || a[0].column - b[0].column);
}

/** Findings grouped by file, each with position, severity, rule id, message, resource and the fix. */
export const textReporter: Reporter = (report, { color }) => {
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const markersOf = (f: Finding): string => {
    const markers = [f.waived ? "waived" : null, f.baseline === true ? "baseline" : null, f.enforcement === "warn" ? "warn" : null].filter(Boolean);
    return markers.length > 0 ? paint(DIM, ` (${markers.join(", ")})`) : "";
  };
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(paint(BOLD, file || "(no file)"));
    for (const entry of entriesOf(findings)) {
      const [first] = entry;
      const position = `${first.line}:${first.column}`.padEnd(8);
      if (entry.length === 1) {
        lines.push(`  ${position}${paint(COLORS[first.severity], first.severity.padEnd(9))}${first.ruleId}${markersOf(first)}`);
        lines.push(`          ${indent(first.message, "          ")}`);
        if (first.waived) lines.push(paint(DIM, `          ${waiverText(first)}`));
        lines.push(paint(DIM, `          resource: ${first.resource}`));
      } else {
        lines.push(`  ${position}${paint(COLORS[first.severity], first.severity.padEnd(9))}${first.ruleId} ×${entry.length} in this file`);
        for (const f of entry) {
          lines.push(`          ${`${f.line}:${f.column}`.padEnd(8)}${indent(f.message, "                  ")}${markersOf(f)}`);
          if (f.waived) lines.push(paint(DIM, `                  ${waiverText(f)}`));
          lines.push(paint(DIM, `                  resource: ${f.resource}`));
        }
      }
      lines.push(paint(DIM, `          fix: ${indent(first.remediation, "               ")}`));
      lines.push(paint(DIM, `          docs: ${first.docsUrl}`));
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
  lines.push(...coverageLines(summary));
  lines.push(...skippedLines(summary));
  for (const ignored of report.configIgnored ?? []) lines.push(`ignored in ${ignored.file}:${ignored.line}:${ignored.column}: ${ignored.message}`);
  return lines.join("\n") + "\n";
};
