/**
 * SARIF for examples/ checked against the official SARIF 2.1.0 JSON Schema (shipped in
 * @microsoft/jest-sarif), every finding at its exact file, line and column, and the rule
 * descriptors derived from the catalogue (a table over the catalogue: new rules need no test code).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { LineCounter, parseAllDocuments } from "yaml";
import { FINGERPRINT, pascalCase, SARIF_LEVEL, sarifLog, SECURITY_SEVERITY } from "../../src/reporters/sarif";
import { defaultEngine } from "../helpers/engine";
import { reportOf, ROOT, scanned, syntheticFinding, type Scanned } from "./report";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  // The file is a draft-04 document ("id", draft-04 $schema) whose keywords are all draft-07
  // compatible; ajv 8 cannot load the draft-04 meta-schema, so those two keys are dropped.
  delete schema.$schema;
  delete schema.id;
  // unicodeRegExp: false because the schema's language-tag pattern (`...-[a-zA-Z]{2}]?$`) has a
  // stray "]" that is a syntax error under the u flag ajv uses by default.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** Where a JSON pointer lands in a YAML file, found independently of modelgate's own resolver. */
function pointerPositions(file: string, pointer: string): { line: number; column: number }[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const counter = new LineCounter();
  const keys = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const found: { line: number; column: number }[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: counter })) {
    if (!("getIn" in doc)) continue;
    const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) {
      const { line, col } = counter.linePos(node.range[0]);
      found.push({ line, column: col });
    }
  }
  return found;
}

describe("sarif reporter on examples/", () => {
  let scan: Scanned;
  let log: Json;
  let run: Json;

  beforeAll(async () => {
    scan = await scanned(["examples"]);
    // Through JSON, as a consumer reads it.
    log = JSON.parse(JSON.stringify(sarifLog(scan.report, scan.context)));
    run = log.runs[0];
  });

  it("finds something to report", () => {
    expect(scan.report.findings.length).toBeGreaterThan(10);
  });

  it("is valid against the official SARIF 2.1.0 schema", () => {
    expectValid(log);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
  });

  it("is checked by a validator that rejects what SARIF forbids", () => {
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = "fatal";
    delete broken.runs[0].results[0].message;
    expect(validate(broken)).toBe(false);
  });

  it("describes the tool", () => {
    const driver = run.tool.driver;
    expect(driver.name).toBe("modelgate");
    expect(driver.version).toBe("0.1.0");
    expect(driver.semanticVersion).toBe("0.1.0");
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toMatch(/^file:\/\/.*\/$/);
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it("reports every finding once, in order, at its file, line and column", () => {
    expect(run.results).toHaveLength(scan.report.findings.length);
    scan.report.findings.forEach((finding, i) => {
      const result = run.results[i];
      expect(result.ruleId).toBe(finding.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(finding.ruleId);
      expect(result.level).toBe(SARIF_LEVEL[finding.severity]);
      expect(result.message.text).toBe(finding.message);
      const physical = result.locations[0].physicalLocation;
      expect(physical.artifactLocation).toEqual({ uri: finding.file, uriBaseId: "%SRCROOT%" });
      expect(physical.region).toEqual({ startLine: finding.line, startColumn: finding.column });
      expect(result.locations[0].logicalLocations[0]).toMatchObject({ name: finding.resource, kind: "resource" });
      expect(result.partialFingerprints[FINGERPRINT]).toMatch(/^[0-9a-f]{32}$/);
      expect(result.suppressions).toBeUndefined();
    });
  });

  it("puts each finding with a JSON pointer on the line and column that pointer names in the file", () => {
    let checked = 0;
    for (const result of run.results) {
      const pointer: string = result.properties.pointer;
      const uri: string = result.locations[0].physicalLocation.artifactLocation.uri;
      const region = result.locations[0].physicalLocation.region;
      const lines = readFileSync(path.join(ROOT, uri), "utf8").split("\n").length;
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startLine).toBeLessThanOrEqual(lines);
      if (!pointer) continue;
      const positions = pointerPositions(uri, pointer);
      if (positions.length === 0) continue; // a pointer into text embedded in a value
      expect(positions).toContainEqual({ line: region.startLine, column: region.startColumn });
      checked++;
    }
    expect(checked).toBeGreaterThan(run.results.length / 2);
  });

  it("keys findings by rule, resource, subject and pointer, not by line", () => {
    const keys = run.results.map((r: Json) => r.partialFingerprints[FINGERPRINT]);
    expect(new Set(keys).size).toBe(keys.length);
    const moved = syntheticFinding({ line: 70 });
    const [a, b] = [syntheticFinding(), moved].map((f) => sarifLog(reportOf([f], 1), scan.context) as Json);
    expect(a.runs[0].results[0].partialFingerprints).toEqual(b.runs[0].results[0].partialFingerprints);
  });

  const rules = defaultEngine().catalog.rules;
  it.each(rules.map((rule, i) => [rule.id, rule, i] as const))("describes rule %s", (_id, rule, i) => {
    const descriptor = run.tool.driver.rules[i];
    expect(descriptor).toMatchObject({
      id: rule.id,
      name: pascalCase(rule.id),
      shortDescription: { text: rule.title },
      helpUri: rule.docsUrl,
      defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
      properties: { category: rule.category, tags: ["security", rule.category], "security-severity": SECURITY_SEVERITY[rule.severity], precision: "high" },
    });
    expect(descriptor.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    expect(descriptor.fullDescription.text.length).toBeGreaterThan(20);
    expect(descriptor.help.text).toContain(rule.remediation.split("\n")[0]);
    expect(descriptor.help.markdown).toContain("**Remediation**");
  });

  it("has one descriptor per catalogue rule", () => {
    expect(run.tool.driver.rules.map((r: Json) => r.id)).toEqual(rules.map((r) => r.id));
  });
});

describe("sarif reporter edge cases", () => {
  let context: Scanned["context"];
  beforeAll(async () => {
    context = (await scanned(["examples/kubernetes/namespaces.yaml"])).context;
  });

  it.each([
    ["inline deploy/app.yaml:9", "inSource"],
    ["modelgate.yaml:14", "external"],
    [undefined, "external"],
  ])("keeps a waived finding (waiver source %s) as a result with a %s suppression", (source, kind) => {
    const waived = syntheticFinding({
      waived: true,
      waiverReason: "approved by security, TICKET-12",
      waiverExpires: "2026-12-31",
      waiverOwner: "sec",
      waiverSource: source,
    });
    const log = sarifLog(reportOf([waived, syntheticFinding({ pointer: "/other" })], 1), context) as Json;
    expectValid(log);
    const [result, other] = log.runs[0].results;
    expect(result.suppressions).toEqual([
      {
        kind,
        status: "accepted",
        justification: `waived: approved by security, TICKET-12 (owner sec, until 2026-12-31${source ? `, ${source}` : ""})`,
        properties: { expires: "2026-12-31", owner: "sec", ...(source ? { source } : {}) },
      },
    ]);
    expect(other.suppressions).toBeUndefined();
  });

  it("lowers a rule set to warn to a warning and marks baseline states only when a baseline is in use", () => {
    const warn = syntheticFinding({ enforcement: "warn" });
    const known = syntheticFinding({ pointer: "/known", baseline: true });
    const plain = sarifLog(reportOf([warn, known], 1), context) as Json;
    expectValid(plain);
    expect(plain.runs[0].results.map((r: Json) => [r.level, r.baselineState])).toEqual([
      ["warning", undefined],
      ["error", undefined],
    ]);
    const withBaseline = sarifLog({ ...reportOf([warn, known], 1), baseline: { file: "b.json", entries: 1, fixed: [] } }, context) as Json;
    expectValid(withBaseline);
    expect(withBaseline.runs[0].results.map((r: Json) => r.baselineState)).toEqual(["new", "unchanged"]);
  });

  it("omits the region of a file-level finding (line 0) and the physical location of stdin", () => {
    const log = sarifLog(reportOf([syntheticFinding({ line: 0, column: 0 }), syntheticFinding({ file: "-", pointer: "/x" })], 1), context) as Json;
    expectValid(log);
    const [fileLevel, stdin] = log.runs[0].results;
    expect(fileLevel.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "deploy/app.yaml", uriBaseId: "%SRCROOT%" } });
    expect(stdin.locations[0].physicalLocation).toBeUndefined();
    expect(stdin.locations[0].logicalLocations[0].fullyQualifiedName).toBe("Deployment/default/app/container/app/OPENAI_BASE_URL");
  });

  it("percent-encodes paths and uses file URIs outside the source root", () => {
    const outside = path.join(os.tmpdir(), "elsewhere", "a b.yaml");
    const log = sarifLog(
      reportOf([syntheticFinding({ file: "deploy/my app#1.yaml" }), syntheticFinding({ file: outside, pointer: "/y" })], 2),
      context,
    ) as Json;
    expectValid(log);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("deploy/my%20app%231.yaml");
    expect(log.runs[0].results[1].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: `file://${outside.split(path.sep).join("/").replace(/ /g, "%20")}`,
    });
  });

  it("gives a finding of a rule outside the catalogue its own descriptor", () => {
    const log = sarifLog(reportOf([syntheticFinding({ ruleId: "custom-org-rule" })], 1), context) as Json;
    expectValid(log);
    const result = log.runs[0].results[0];
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe("custom-org-rule");
  });

  it("marks a run with unreadable input as not successful, with a notification for each", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-sarif-"));
    try {
      writeFileSync(path.join(dir, "broken.yaml"), "a: [unclosed\n");
      writeFileSync(path.join(dir, "fine.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n");
      const { report, context: ctx } = await scanned(["."], dir);
      const log = sarifLog(report, ctx) as Json;
      expectValid(log);
      const invocation = log.runs[0].invocations[0];
      expect(report.summary.errors).toBe(1);
      expect(invocation.executionSuccessful).toBe(false);
      expect(invocation.toolExecutionNotifications).toHaveLength(1);
      expect(invocation.toolExecutionNotifications[0]).toMatchObject({ level: "error", associatedRule: { id: "invalid-input" } });
      expect(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "broken.yaml", uriBaseId: "%SRCROOT%" });
      expect(log.runs[0].results.map((r: Json) => r.ruleId)).toEqual(["invalid-input"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
