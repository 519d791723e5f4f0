/**
 * Baselines through the real CLI (`node bin/modelgate.js`).
 *
 * scenarios/<name>/initial/   files copied to a temporary folder, the cwd of every step
 * scenarios/<name>/scenario.json:
 *   { "description", "today", "steps": [step...] }, a step being one of
 *   { "run": [args], "today"?, "exitCode", "stdoutIncludes"?, "stderrIncludes"?,
 *     "summary"?: {partial summary}, "new"?: [partial findings not in the baseline, all of them],
 *     "fixed"?: [partial baseline entries reported fixed, all of them] }   (check runs add --format json)
 *   { "prepend": { "file", "text" } }  { "copy": { "from" (scenario folder), "to" } }  { "delete": "file" }
 *
 * malformed/<name>.json: baseline files `check --baseline` must refuse with exit 2; malformed/expected.json
 * maps each name to a part of the message. Adding a scenario or a malformed file needs no test code.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyBaseline, baselineKey, createBaseline } from "../../src/findings/baseline/baseline";
import type { Finding } from "../../src/findings/types";

const REPO = path.join(__dirname, "..", "..");
const BIN = path.join(REPO, "bin", "modelgate.js");
const SCENARIOS = path.join(__dirname, "scenarios");
const MALFORMED = path.join(__dirname, "malformed");

interface RunStep {
  run: string[];
  today?: string;
  exitCode: number;
  stdoutIncludes?: string[];
  stderrIncludes?: string[];
  summary?: Record<string, number>;
  new?: Array<Partial<Finding>>;
  fixed?: Array<Record<string, string>>;
}
type Step = RunStep | { prepend: { file: string; text: string } } | { copy: { from: string; to: string } } | { delete: string };

interface Scenario {
  description: string;
  today: string;
  steps: Step[];
}

function cli(args: string[], cwd: string, today: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args, "--today", today], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("baseline scenarios", () => {
  it.each(readdirSync(SCENARIOS).sort())("%s", (name) => {
    const source = path.join(SCENARIOS, name);
    const scenario = JSON.parse(readFileSync(path.join(source, "scenario.json"), "utf8")) as Scenario;
    const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-baseline-"));
    try {
      cpSync(path.join(source, "initial"), dir, { recursive: true });
      for (const [i, step] of scenario.steps.entries()) {
        const where = `step ${i}: ${JSON.stringify(step).slice(0, 120)}`;
        if ("prepend" in step) {
          const file = path.join(dir, step.prepend.file);
          writeFileSync(file, step.prepend.text + readFileSync(file, "utf8"));
        } else if ("copy" in step) {
          mkdirSync(path.dirname(path.join(dir, step.copy.to)), { recursive: true });
          cpSync(path.join(source, step.copy.from), path.join(dir, step.copy.to));
        } else if ("delete" in step) {
          rmSync(path.join(dir, step.delete));
        } else {
          const isCheck = step.run[0] === "check";
          const out = cli(isCheck ? [...step.run, "--format", "json"] : step.run, dir, step.today ?? scenario.today);
          expect([where, out.status, out.stderr]).toEqual([where, step.exitCode, expect.any(String)]);
          for (const text of step.stdoutIncludes ?? []) expect(out.stdout).toContain(text);
          for (const text of step.stderrIncludes ?? []) expect(out.stderr).toContain(text);
          if (!isCheck) continue;
          const report = JSON.parse(out.stdout) as { summary: Record<string, number>; findings: Finding[]; baseline?: { fixed: unknown[] } };
          if (step.summary) expect([where, report.summary]).toMatchObject([where, step.summary]);
          if (step.new) {
            const fresh = report.findings.filter((finding) => finding.baseline === false);
            expect([where, fresh]).toMatchObject([where, step.new]);
            expect([where, fresh.length]).toEqual([where, step.new.length]);
          }
          if (step.fixed) {
            expect([where, report.baseline?.fixed]).toMatchObject([where, step.fixed]);
            expect([where, report.baseline?.fixed.length]).toEqual([where, step.fixed.length]);
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("malformed baselines", () => {
  const expected = JSON.parse(readFileSync(path.join(MALFORMED, "expected.json"), "utf8")) as Record<string, string>;
  const files = readdirSync(MALFORMED)
    .filter((name) => name !== "expected.json")
    .sort();

  it("declares the message of every malformed file", () => {
    expect(files.map((file) => file.replace(/\.json$/, "")).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s is refused with exit 2", (file) => {
    const out = cli(["check", path.join(REPO, "examples", "kubernetes", "compliant"), "--baseline", path.join(MALFORMED, file)], REPO, "2026-06-01");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`modelgate: baseline ${path.relative(REPO, path.join(MALFORMED, file))}`);
    expect(out.stderr).toContain(expected[file.replace(/\.json$/, "")]);
    expect(out.stderr).not.toContain("    at ");
  });

  it("refuses a baseline that does not exist", () => {
    const out = cli(["check", "examples/kubernetes/compliant", "--baseline", "no-such-baseline.json"], REPO, "2026-06-01");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("modelgate: baseline no-such-baseline.json cannot be read: ENOENT");
  });
});

describe("baseline keys", () => {
  const finding = (fields: Partial<Finding>): Finding => ({
    ruleId: "require-token-cap",
    title: "",
    category: "budget",
    severity: "high",
    message: "m",
    file: "a.yaml",
    line: 1,
    column: 1,
    pointer: "/spec",
    resource: "Deployment/ns/a",
    subject: "container/app/OPENAI",
    remediation: "",
    docsUrl: "",
    waived: false,
    ...fields,
  });

  it("ignores line, column and message", () => {
    expect(baselineKey(finding({ line: 1, column: 2, message: "old" }))).toBe(baselineKey(finding({ line: 40, column: 9, message: "reworded" })));
  });

  it.each([
    ["ruleId", "require-known-price"],
    ["file", "b.yaml"],
    ["resource", "Deployment/ns/b"],
    ["subject", "container/app/ANTHROPIC"],
    ["pointer", "/spec/x"],
  ] as const)("distinguishes findings by %s", (field, value) => {
    expect(baselineKey(finding({ [field]: value }))).not.toBe(baselineKey(finding({})));
  });

  it("counts keys: a second finding with the key of a single entry is new", () => {
    const baseline = createBaseline([finding({})], { name: "modelgate", version: "0" }, { revision: "r" });
    const findings = [finding({ line: 3 }), finding({ line: 9 })];
    expect(applyBaseline(findings, baseline)).toMatchObject({ matched: 1, new: 1, fixed: [] });
    expect(findings.map((f) => f.baseline)).toEqual([true, false]);
  });

  it("leaves waived, invalid-waiver and evaluation-error findings out of a baseline, and never matches the latter two", () => {
    const baseline = createBaseline(
      [finding({ waived: true }), finding({ ruleId: "invalid-waiver" }), finding({ ruleId: "evaluation-error" }), finding({ subject: "kept" })],
      { name: "modelgate", version: "0" },
      { revision: "r" },
    );
    expect(baseline.findings.map((entry) => entry.subject)).toEqual(["kept"]);
    const forged = {
      ...baseline,
      findings: [
        ...baseline.findings,
        { ruleId: "invalid-waiver", file: "a.yaml", resource: "Deployment/ns/a", subject: "container/app/OPENAI", pointer: "/spec" },
      ],
    };
    const findings = [finding({ ruleId: "invalid-waiver" })];
    applyBaseline(findings, forged);
    expect(findings[0].baseline).toBe(false);
  });
});
