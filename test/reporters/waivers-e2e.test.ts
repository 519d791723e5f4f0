/**
 * Reporters over what the waiver, enforcement and baseline engines really produce: a project with
 * an inline waiver, a central waiver in modelgate.yaml, a rule set to warn, then a baseline.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { main } from "../../src/cli/main";
import { ROOT } from "./report";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const CONFIG = `apiVersion: modelgate.dev/v1
kind: Config
rules:
  require-pinned-weights: warn
waivers:
  entries:
    - rule: require-token-cap
      resource: Deployment/support/chat
      owner: support
      reason: capped by the chat gateway quota
      expires: 2026-06-15
`;

const ASSISTANT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: assistant
  namespace: support
  labels:
    modelgate.dev/data-class: internal
    modelgate.dev/regulated: "false"
  annotations:
    modelgate.dev/waivers: |
      - rule: require-token-cap
        subject: container/app/OPENAI
        reason: capped by the OpenAI project budget (SUP-88)
        expires: 2026-06-20
        owner: support-platform
spec:
  selector:
    matchLabels: {app: assistant}
  template:
    metadata:
      labels: {app: assistant}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/assistant:3.1.0
          env:
            - name: OPENAI_BASE_URL
              value: https://api.openai.com/v1
            - name: ANTHROPIC_BASE_URL
              value: https://api.anthropic.com
`;

const CHAT = ASSISTANT.replace(/assistant/g, "chat").replace(/  annotations:\n[\s\S]*?owner: support-platform\n/, "");

function validator(): (log: unknown) => boolean {
  const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe("reporters over waivers, enforcement and baselines", () => {
  let dir: string;
  let cwd: string;
  const out = (name: string): string => path.join(dir, "out", name);
  const read = (name: string): string => readFileSync(out(name), "utf8");

  beforeAll(() => {
    cwd = process.cwd();
    dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-waivers-"));
    writeFileSync(path.join(dir, "modelgate.yaml"), CONFIG);
    writeFileSync(path.join(dir, "assistant.yaml"), ASSISTANT);
    writeFileSync(path.join(dir, "chat.yaml"), CHAT);
    cpSync(path.join(ROOT, "examples/kubernetes/violating/tgi-unpinned.yaml"), path.join(dir, "tgi.yaml"));
    cpSync(path.join(ROOT, "examples/kubernetes/namespaces.yaml"), path.join(dir, "namespaces.yaml"));
    process.chdir(dir);
    jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  });

  afterAll(() => {
    jest.restoreAllMocks();
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  const formats = ["json=out/r.json", "sarif=out/r.sarif", "junit=out/r.xml", "github=out/r.txt"].flatMap((f) => ["--format", f]);

  it("marks each waived finding as suppressed, skipped or a notice, and a warn rule as never failing", async () => {
    expect(await main(["check", ".", "--today", "2026-06-01", "--fail-on", "low", ...formats])).toBe(1);
    const json = JSON.parse(read("r.json"));
    const sarif = JSON.parse(read("r.sarif"));
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => ["testsuite", "testcase"].includes(n) }).parse(
      read("r.xml"),
    );
    const github = read("r.txt").trimEnd().split("\n");
    expect(validator()(sarif)).toBe(true);

    const waived = json.findings.filter((f: Json) => f.waived);
    const warned = json.findings.filter((f: Json) => f.enforcement === "warn");
    expect(new Set(waived.map((f: Json) => f.waiverSource.replace(/[ :].*/, "")))).toEqual(new Set(["inline", "modelgate.yaml"]));
    expect(warned.map((f: Json) => f.ruleId)).toEqual(["require-pinned-weights"]);

    json.findings.forEach((finding: Json, i: number) => {
      const result = sarif.runs[0].results[i];
      const testcase = junit.testsuites.testsuite
        .find((s: Json) => s.name === finding.file)
        .testcase.find((c: Json) => c.classname === finding.ruleId && c.name.startsWith(`${finding.resource}: ${finding.message}`));
      expect(result.ruleId).toBe(finding.ruleId);
      if (finding.waived) {
        expect(result.suppressions).toEqual([
          expect.objectContaining({
            kind: finding.waiverSource.startsWith("inline") ? "inSource" : "external",
            status: "accepted",
            justification: expect.stringContaining(finding.waiverReason),
          }),
        ]);
        expect(testcase.skipped.message).toContain(`waived: ${finding.waiverReason}`);
        expect(github[i]).toMatch(new RegExp(`^::notice .*title=${finding.ruleId} \\(waived\\)::`));
      } else if (finding.enforcement === "warn") {
        expect(result.suppressions).toBeUndefined();
        expect(result.properties.enforcement).toBe("warn");
        expect(testcase.failure).toBeUndefined();
        expect(github[i]).toMatch(/^::(warning|notice) /);
      } else {
        expect(result.suppressions).toBeUndefined();
        expect(testcase.failure.type).toBe(finding.severity);
        expect(github[i]).toMatch(/^::(error|warning|notice) /);
      }
    });
  });

  it("marks findings the baseline accepts as unchanged, skipped and notices", async () => {
    expect(await main(["baseline", ".", "--today", "2026-06-01", "--output", "out/baseline.json"])).toBe(0);
    writeFileSync(path.join(dir, "new.yaml"), CHAT.replace(/name: chat/g, "name: fresh").replace(/app: chat/g, "app: fresh"));
    expect(await main(["check", ".", "--today", "2026-06-01", "--baseline", "out/baseline.json", ...formats])).toBe(1);
    const json = JSON.parse(read("r.json"));
    const sarif = JSON.parse(read("r.sarif"));
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => ["testsuite", "testcase"].includes(n) }).parse(
      read("r.xml"),
    );
    const github = read("r.txt").trimEnd().split("\n");
    expect(validator()(sarif)).toBe(true);
    const states = sarif.runs[0].results.map((r: Json) => r.baselineState);
    expect(states).toEqual(json.findings.map((f: Json) => (f.baseline ? "unchanged" : "new")));
    expect(states).toContain("new");
    expect(states).toContain("unchanged");
    const fresh = json.findings.filter((f: Json) => !f.baseline && !f.waived);
    expect(fresh.every((f: Json) => f.file === "new.yaml")).toBe(true);
    json.findings.forEach((finding: Json, i: number) => {
      if (!finding.baseline || finding.waived) return;
      expect(github[i]).toMatch(new RegExp(`^::notice .*title=${finding.ruleId} \\(baseline\\)::`));
      const testcase = junit.testsuites.testsuite
        .find((s: Json) => s.name === finding.file)
        .testcase.find((c: Json) => c.classname === finding.ruleId && c.name.startsWith(`${finding.resource}: ${finding.message}`));
      expect(testcase.skipped.message).toMatch(/^in baseline/);
    });
  });
});
