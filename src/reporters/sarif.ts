import path from "node:path";
import { pathToFileURL } from "node:url";
import type { RuleMeta } from "../catalog/rules";
import type { Finding, Severity } from "../findings/types";
import { findingKey, oneLine, waivedInSource, waiverText } from "./shared";
import type { Report, ReportContext, Reporter } from "./types";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://modelgate.dev";
export const FINGERPRINT = "modelgateFindingKey/v1";
const SRCROOT = "%SRCROOT%";

type Level = "error" | "warning" | "note";
export const SARIF_LEVEL: Record<Severity, Level> = { critical: "error", high: "error", medium: "warning", low: "note" };
/** GitHub code scanning's scale: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** "require-token-cap" -> "RequireTokenCap" (SARIF's reportingDescriptor.name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

/** METADATA text is hard-wrapped; SARIF viewers wrap themselves. Blank lines stay paragraph breaks. */
function unwrap(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map(oneLine)
    .filter(Boolean)
    .join("\n\n");
}

function descriptor(rule: Pick<RuleMeta, "id" | "title" | "description" | "category" | "severity" | "remediation" | "docsUrl">): Record<string, unknown> {
  const description = unwrap(rule.description) || rule.title;
  const remediation = unwrap(rule.remediation);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: description },
    ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
    help: {
      text: `${remediation}${rule.docsUrl ? `\n\nDocumentation: ${rule.docsUrl}` : ""}`,
      markdown: `${description}\n\n**Remediation**: ${remediation}` + (rule.docsUrl ? `\n\n[Documentation for \`${rule.id}\`](${rule.docsUrl})` : ""),
    },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      category: rule.category,
      tags: ["security", rule.category],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: "high",
    },
  };
}

/** The finding's file as a SARIF artifact location: relative to %SRCROOT% when inside it. */
function artifactLocation(file: string, context: ReportContext): Record<string, unknown> | null {
  if (!file || file === "-") return null;
  const absolute = path.resolve(context.cwd, file);
  const relative = path.relative(context.srcRoot, absolute);
  if (!relative || relative.startsWith("..") || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function location(finding: Finding, context: ReportContext): Record<string, unknown> {
  const artifact = artifactLocation(finding.file, context);
  const region = finding.line > 0 ? { startLine: finding.line, ...(finding.column > 0 ? { startColumn: finding.column } : {}) } : null;
  const logical = finding.resource
    ? [{ name: finding.resource, kind: "resource", fullyQualifiedName: finding.subject ? `${finding.resource}/${finding.subject}` : finding.resource }]
    : [];
  return {
    ...(artifact ? { physicalLocation: { artifactLocation: artifact, ...(region ? { region } : {}) } } : {}),
    ...(logical.length > 0 ? { logicalLocations: logical } : {}),
  };
}

function suppressions(finding: Finding): Record<string, unknown>[] | undefined {
  if (!finding.waived) return undefined;
  const properties = {
    ...(finding.waiverExpires ? { expires: finding.waiverExpires } : {}),
    ...(finding.waiverOwner ? { owner: finding.waiverOwner } : {}),
    ...(finding.waiverSource ? { source: finding.waiverSource } : {}),
  };
  return [
    {
      kind: waivedInSource(finding) ? "inSource" : "external",
      status: "accepted",
      justification: waiverText(finding),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    },
  ];
}

/** A rule set to `warn` in modelgate.yaml never fails the run, so its findings are not errors. */
function resultLevel(finding: Finding): Level {
  const level = SARIF_LEVEL[finding.severity];
  return finding.enforcement === "warn" && level === "error" ? "warning" : level;
}

/**
 * SARIF 2.1.0 for code scanning: every rule of the bundle as a reportingDescriptor, every finding
 * (waived ones with a suppression, never dropped) at its file, line and column with the resource
 * as a logical location and a line-independent fingerprint.
 */
export function sarifLog(report: Report, context: ReportContext): Record<string, unknown> {
  const rules: Record<string, unknown>[] = context.rules.map(descriptor);
  const index = new Map(context.rules.map((rule, i) => [rule.id, i]));
  const ruleIndex = (finding: Finding): number => {
    let i = index.get(finding.ruleId);
    if (i === undefined) {
      // A finding of a rule the catalogue lacks still gets a descriptor, from the finding itself.
      i = rules.length;
      rules.push(
        descriptor({
          id: finding.ruleId,
          title: finding.title,
          description: finding.title,
          category: finding.category,
          severity: finding.severity,
          remediation: finding.remediation,
          docsUrl: finding.docsUrl,
        }),
      );
      index.set(finding.ruleId, i);
    }
    return i;
  };
  const results = report.findings.map((finding) => {
    const suppressed = suppressions(finding);
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex(finding),
      level: resultLevel(finding),
      message: { text: finding.message },
      locations: [location(finding, context)],
      partialFingerprints: { [FINGERPRINT]: findingKey(finding) },
      ...(suppressed ? { suppressions: suppressed } : {}),
      // With --baseline, findings the baseline accepts are "unchanged" and the rest "new".
      ...(report.baseline ? { baselineState: finding.baseline === true ? "unchanged" : "new" } : {}),
      properties: {
        severity: finding.severity,
        category: finding.category,
        resource: finding.resource,
        subject: finding.subject,
        pointer: finding.pointer,
        ...(finding.enforcement ? { enforcement: finding.enforcement } : {}),
      },
    };
  });
  const inputProblems = report.findings.filter((f) => f.category === "input");
  const notifications = inputProblems.map((finding) => ({
    level: "error",
    message: { text: finding.message },
    locations: [location(finding, context)],
    associatedRule: { id: finding.ruleId, index: ruleIndex(finding) },
  }));
  const successful = report.summary.errors === 0 && !report.findings.some((f) => f.ruleId === "evaluation-error");
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "modelgate",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [{ executionSuccessful: successful, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.srcRoot).href.replace(/\/?$/, "/") } },
        columnKind: "utf16CodeUnits",
        results,
        properties: { bundleRevision: report.bundle.revision, summary: report.summary },
      },
    ],
  };
}

export const sarifReporter: Reporter = (report, context) => JSON.stringify(sarifLog(report, context), null, 2) + "\n";
