/** `modelgate test DIR`: an organisation rule folder's Rego tests and pass/fail fixtures. */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ORG_PACK, runCli, tempDir } from "./pack-helpers";

jest.setTimeout(120_000);

const FOLDER = "rules/classification/require_workload_owner";
let work: string;
beforeAll(() => (work = tempDir()));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("modelgate test", () => {
  it("passes the example pack's rule folder: Rego tests, fail and pass fixtures", async () => {
    const run = await runCli(["test", "examples/org-pack/rules", "--data", "examples/org-pack/data"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("require-workload-owner (examples/org-pack/rules/classification/require_workload_owner)");
    expect(run.stdout).toMatch(/ok {4}fail {2}fixtures\/fail\/no-owner\.yaml: 1 finding\(s\)/);
    expect(run.stdout).toMatch(/ok {4}pass {2}fixtures\/pass\/owner-on-namespace\.yaml/);
    expect(run.stdout).toMatch(/ok {4}rego {2}test_fail_no_owner/);
    expect(run.stdout.trim().split("\n").at(-1)).toBe("8 passed, 0 failed");
  });

  it("fails (exit 1) when a pass fixture raises the rule or a fail fixture does not, naming both", async () => {
    const copy = path.join(work, "broken");
    cpSync(path.join(ORG_PACK, FOLDER), copy, { recursive: true });
    cpSync(path.join(copy, "fixtures/fail/no-owner.yaml"), path.join(copy, "fixtures/pass/no-owner-too.yaml"));
    cpSync(path.join(copy, "fixtures/pass/owner-label.yaml"), path.join(copy, "fixtures/fail/has-owner.yaml"));
    const run = await runCli(["test", copy, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const failed = report.checks.filter((c: { ok: boolean }) => !c.ok);
    expect(failed).toEqual([
      expect.objectContaining({ kind: "fail", name: "fixtures/fail/has-owner.yaml", detail: "expected a require-workload-owner finding, got none" }),
      expect.objectContaining({
        kind: "pass",
        name: "fixtures/pass/no-owner-too.yaml",
        detail: expect.stringMatching(/^unexpected require-workload-owner at line \d+/),
      }),
    ]);
  });

  it("fails a rule folder without fixtures, and a failing Rego test", async () => {
    const copy = path.join(work, "bare");
    cpSync(path.join(ORG_PACK, FOLDER), copy, { recursive: true });
    rmSync(path.join(copy, "fixtures"), { recursive: true });
    const testFile = path.join(copy, "require_workload_owner_test.rego");
    writeFileSync(testFile, `${readFileSync(testFile, "utf8")}\ntest_fail_wrong if count(rule.findings) == 5 with input as fx.doc(fx.unregulated, [route])\n`);
    const run = await runCli(["test", copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL  rego  test_fail_wrong");
    expect(run.stdout).toContain("no fail fixture: add fixtures/fail/<case>.yaml");
    expect(run.stdout).toContain("no pass fixture: add fixtures/pass/<case>.yaml");
  });

  it("exits 2 for a folder without rules", async () => {
    const run = await runCli(["test", "examples/kubernetes"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds no rule folder/);
  });
});
