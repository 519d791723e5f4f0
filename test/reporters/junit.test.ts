/** JUnit XML parsed back with fast-xml-parser: suites per file, cases per finding, counts and attributes. */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { severityRank, type Finding } from "../../src/findings/types";
import { junitOutcome, junitReporter } from "../../src/reporters/junit";
import type { ReportContext } from "../../src/reporters/types";
import { reportOf, scanned, syntheticFinding, type Scanned } from "./report";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function parse(xml: string): Json {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    isArray: (name) => ["testsuite", "testcase"].includes(name),
  });
  return parser.parse(xml);
}

const caseName = (f: Finding): string => `${f.resource}: ${f.message.replace(/\s*\n\s*/g, " ").trim()}`;
const count = (suites: Json[], key: string): number => suites.reduce((n, s) => n + Number(s[key]), 0);

describe.each(["high", "medium", "never"] as const)("junit reporter on examples/ with --fail-on %s", (failOn) => {
  let scan: Scanned;
  let doc: Json;
  let suites: Json[];

  beforeAll(async () => {
    scan = await scanned(["examples"], undefined, failOn);
    doc = parse(junitReporter(scan.report, scan.context));
    suites = doc.testsuites.testsuite;
  });

  it("has one testsuite per scanned file, clean files included", () => {
    expect(suites.map((s): string => s.name).sort()).toEqual([...scan.context.files!].sort());
    expect(suites).toHaveLength(scan.report.summary.files);
  });

  it("has a testcase per finding with the rule id as classname and the resource in the name", () => {
    const cases = suites.flatMap((s) => s.testcase).filter((c: Json) => c.classname !== "modelgate");
    expect(cases).toHaveLength(scan.report.findings.length);
    for (const finding of scan.report.findings) {
      const suite = suites.find((s) => s.name === finding.file);
      const match = suite.testcase.find((c: Json) => c.classname === finding.ruleId && c.name === caseName(finding));
      expect(match).toBeDefined();
      expect(match.file).toBe(finding.file);
      expect(match.line).toBe(String(finding.line));
    }
  });

  it("fails exactly the unwaived findings at or above --fail-on, errors input problems, passes one case per clean file", () => {
    const expected = {
      failures: scan.report.findings.filter(
        (f) => !f.waived && f.category !== "input" && failOn !== "never" && severityRank(f.severity) >= severityRank(failOn),
      ).length,
      errors: scan.report.findings.filter((f) => !f.waived && f.category === "input").length,
      skipped: scan.report.findings.filter((f) => f.waived).length,
    };
    const clean = suites.filter((s) => s.testcase.length === 1 && s.testcase[0].classname === "modelgate");
    const withFindings = new Set(scan.report.findings.map((f) => f.file));
    expect(clean.map((s): string => s.name).sort()).toEqual(scan.context.files!.filter((f) => !withFindings.has(f)).sort());
    for (const s of clean) expect(s.testcase[0].failure).toBeUndefined();
    expect({ failures: count(suites, "failures"), errors: count(suites, "errors"), skipped: count(suites, "skipped") }).toEqual(expected);
    expect(Number(doc.testsuites.tests)).toBe(scan.report.findings.length + clean.length);
    expect(Number(doc.testsuites.failures)).toBe(expected.failures);
    expect(Number(doc.testsuites.errors)).toBe(expected.errors);
    for (const s of suites) {
      expect(Number(s.tests)).toBe(s.testcase.length);
      expect(Number(s.failures)).toBe(s.testcase.filter((c: Json) => c.failure).length);
      expect(Number(s.errors)).toBe(s.testcase.filter((c: Json) => c.error).length);
    }
  });

  it("gives each failure the severity as type and the message as message", () => {
    for (const finding of scan.report.findings) {
      const c = suites.find((s) => s.name === finding.file).testcase.find((t: Json) => t.classname === finding.ruleId && t.name === caseName(finding));
      const outcome = junitOutcome(finding, failOn);
      if (outcome === "failure" || outcome === "error") {
        expect(c[outcome].type).toBe(finding.severity);
        expect(c[outcome].message).toBe(finding.message.replace(/\s*\n\s*/g, " "));
        expect(c[outcome]["#text"]).toContain(finding.docsUrl);
      } else {
        expect(c.failure).toBeUndefined();
      }
    }
  });
});

describe("junitOutcome", () => {
  it.each<[string, Partial<Finding>, ReportContext["failOn"], string]>([
    ["at --fail-on", { severity: "high" }, "high", "failure"],
    ["below --fail-on", { severity: "medium" }, "high", "passed"],
    ["--fail-on never", { severity: "critical" }, "never", "passed"],
    ["waived", { severity: "critical", waived: true }, "low", "skipped"],
    ["in the baseline", { severity: "critical", baseline: true }, "low", "skipped"],
    ["a rule set to warn", { severity: "critical", enforcement: "warn" }, "low", "passed"],
    ["an input problem", { category: "input", severity: "low" }, "never", "error"],
  ])("%s", (_name, overrides, failOn, outcome) => {
    expect(junitOutcome(syntheticFinding(overrides), failOn)).toBe(outcome);
  });
});

describe("junit reporter edge cases", () => {
  const context: ReportContext = { color: false, failOn: "high", rules: [], files: ["deploy/app.yaml", "deploy/clean.yaml"], cwd: "/repo", srcRoot: "/repo" };

  it("marks waived findings skipped with the waiver's reason, never as failures", () => {
    const waived = syntheticFinding({ waived: true, waiverReason: "accepted until the gateway lands", waiverExpires: "2026-10-01" });
    const doc = parse(junitReporter(reportOf([waived], 2), context));
    const suite = doc.testsuites.testsuite.find((s: Json) => s.name === "deploy/app.yaml");
    expect(suite.testcase[0].skipped).toEqual({ message: "waived: accepted until the gateway lands (until 2026-10-01)" });
    expect(suite.testcase[0].failure).toBeUndefined();
    expect(suite.skipped).toBe("1");
    expect(doc.testsuites.failures).toBe("0");
  });

  it("escapes markup and replaces characters XML cannot carry", () => {
    const message = `host "a<b>&c" isn't allowed\u0001 ]]> done`;
    const xml = junitReporter(reportOf([syntheticFinding({ message, resource: "Deployment/x/<y>" })], 2), context);
    const doc = parse(xml);
    const testcase = doc.testsuites.testsuite.find((s: Json) => s.name === "deploy/app.yaml").testcase[0];
    expect(xml).toContain("&lt;b&gt;&amp;c");
    expect(testcase.name).toBe(`Deployment/x/<y>: host "a<b>&c" isn't allowed\uFFFD ]]> done`);
    expect(testcase.failure.message).toBe(`host "a<b>&c" isn't allowed\uFFFD ]]> done`);
  });

  it("shows an empty scan as a run with no suites", () => {
    const doc = parse(junitReporter(reportOf([], 0), { ...context, files: [] }));
    expect(doc.testsuites.tests).toBe("0");
    expect(doc.testsuites.testsuite).toBeUndefined();
  });
});
