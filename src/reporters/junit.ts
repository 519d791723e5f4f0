import { create } from "xmlbuilder2";
import type { Finding } from "../findings/types";
import { failsRun, oneLine, waiverText } from "./shared";
import type { ReportContext, Reporter } from "./types";

type Outcome = "failure" | "error" | "skipped" | "passed";

/**
 * What a finding is to a CI test view, following the exit code: waived findings and findings the
 * baseline accepts are skipped (never hidden), input problems are errors (the file was not
 * checked), findings of rules set to `warn` pass, the rest fail at or above --fail-on.
 */
export function junitOutcome(finding: Finding, failOn: ReportContext["failOn"]): Outcome {
  if (finding.waived || finding.baseline === true) return "skipped";
  if (finding.enforcement === "warn") return "passed";
  if (finding.category === "input") return "error";
  return failsRun(finding, failOn) ? "failure" : "passed";
}

function skipReason(finding: Finding): string {
  return finding.waived ? waiverText(finding) : "in baseline: reported, does not fail the run";
}

function passReason(finding: Finding, failOn: ReportContext["failOn"]): string {
  return finding.enforcement === "warn" ? "rule set to warn in modelgate.yaml: reported, does not fail the run" : `below --fail-on ${failOn}`;
}

function details(f: Finding): string {
  const at = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
  return [
    f.message,
    `at: ${at}${f.pointer ? ` (${f.pointer})` : ""}`,
    `resource: ${f.resource}`,
    `rule: ${f.ruleId} (${f.severity}, ${f.category}): ${f.title}`,
    `fix: ${oneLine(f.remediation)}`,
    `docs: ${f.docsUrl}`,
  ].join("\n");
}

/**
 * JUnit XML: a testsuite per scanned file, a testcase per finding (classname = rule id), and one
 * passing testcase for each file without findings so that a clean run is visible as such.
 */
export const junitReporter: Reporter = (report, context) => {
  const byFile = new Map<string, Finding[]>();
  for (const file of context.files ?? []) byFile.set(file, []);
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const files = [...byFile.keys()].sort((a, b) => a.localeCompare(b));
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const doc = create({ version: "1.0", encoding: "UTF-8", invalidCharReplacement: "\uFFFD" });
  const root = doc.ele("testsuites", { name: "modelgate" });
  for (const file of files) {
    const findings = byFile.get(file)!;
    const counts = { tests: Math.max(findings.length, 1), failures: 0, errors: 0, skipped: 0 };
    const suite = root.ele("testsuite", { name: file || "(no file)" });
    if (findings.length === 0) {
      suite.ele("testcase", { classname: "modelgate", name: `${file}: no findings`, file, time: "0" });
    }
    for (const finding of findings) {
      const outcome = junitOutcome(finding, context.failOn);
      const testcase = suite.ele("testcase", {
        classname: finding.ruleId,
        name: `${finding.resource}: ${oneLine(finding.message)}`,
        file: finding.file,
        ...(finding.line > 0 ? { line: String(finding.line) } : {}),
        time: "0",
      });
      if (outcome === "skipped") {
        counts.skipped++;
        testcase.ele("skipped", { message: oneLine(skipReason(finding)) });
        testcase.ele("system-out").txt(details(finding));
      } else if (outcome === "failure" || outcome === "error") {
        counts[outcome === "failure" ? "failures" : "errors"]++;
        testcase.ele(outcome, { message: oneLine(finding.message), type: finding.severity }).txt(details(finding));
      } else {
        testcase.ele("system-out").txt(`${passReason(finding, context.failOn)}\n${details(finding)}`);
      }
    }
    suite.att({ tests: String(counts.tests), failures: String(counts.failures), errors: String(counts.errors), skipped: String(counts.skipped), time: "0" });
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
  }
  root.att({ tests: String(totals.tests), failures: String(totals.failures), errors: String(totals.errors), skipped: String(totals.skipped), time: "0" });
  return doc.end({ prettyPrint: true }) + "\n";
};
