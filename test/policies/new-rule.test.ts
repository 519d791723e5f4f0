/**
 * `npm run new:rule`: in a temporary copy of everything it writes (policies/, docs/, README.md,
 * CHANGELOG.md, test/snapshots/) with the compiled dist/, the scaffold passes the same gates as
 * `npm test` right away: the Rego gate (opa fmt, check --strict, test with coverage), fresh rule
 * docs and recorded verdict snapshots. Wrong requests exit 2 and write nothing.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { paths } from "../../src/paths";
import { withChangelogEntry, type NewRule } from "../../scripts/new-rule";

const COPIED = ["package.json", "policies", "schemas", "examples", "docs", "README.md", "CHANGELOG.md", "dist", "test/snapshots"];
const LINKED = ["node_modules", ".tools"];

function treeCopy(): string {
  if (!existsSync(path.join(paths.root, "dist", "scripts", "new-rule.js"))) throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` first");
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-new-rule-"));
  for (const entry of COPIED) {
    mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
    cpSync(path.join(paths.root, entry), path.join(dir, entry), { recursive: true });
  }
  for (const entry of LINKED) symlinkSync(realpathSync(path.join(paths.root, entry)), path.join(dir, entry));
  return dir;
}

const node = (dir: string, args: string[]) => spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });

describe("npm run new:rule", () => {
  let dir = "";
  beforeAll(() => {
    dir = treeCopy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["a rule id that is not kebab-case", ["Require_Thing", "--category", "budget", "--severity", "high", "--title", "T"], /must be kebab-case/],
    [
      "a category that is no folder of policies/rules",
      ["require-thing", "--category", "cost", "--severity", "high", "--title", "T"],
      /--category must be a folder of policies\/rules: budget, classification/,
    ],
    [
      "an unknown severity",
      ["require-thing", "--category", "budget", "--severity", "severe", "--title", "T"],
      /--severity must be one of low, medium, high, critical/,
    ],
    ["no title", ["require-thing", "--category", "budget", "--severity", "high"], /--title must be one line/],
    [
      "a rule id already taken",
      ["require-token-cap", "--category", "jurisdiction", "--severity", "high", "--title", "T"],
      /policies\/rules\/budget\/require_token_cap already exists/,
    ],
    ["no rule id", ["--category", "budget"], /usage: npm run new:rule/],
  ])("refuses %s and writes nothing", (_what, args, message) => {
    const run = node(dir, ["dist/scripts/new-rule.js", ...args]);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(2);
    expect(readFileSync(path.join(dir, "CHANGELOG.md"), "utf8")).toBe(readFileSync(path.join(paths.root, "CHANGELOG.md"), "utf8"));
  });

  it("scaffolds a rule that passes the Rego gate, gen-docs --check and snapshots --check at once", () => {
    const args = ["require-example-cap", "--category", "self_hosting", "--severity", "medium", "--title", "Route has no example cap: see the docs"];
    const scaffold = node(dir, ["dist/scripts/new-rule.js", ...args]);
    expect(scaffold.stderr).not.toMatch(/error/i);
    expect(scaffold.status).toBe(0);

    const folder = path.join(dir, "policies", "rules", "self_hosting", "require_example_cap");
    const rule = readFileSync(path.join(folder, "require_example_cap.rego"), "utf8");
    expect(rule).toMatch(/^#\s+id: require-example-cap$/m);
    expect(rule).toMatch(/^#\s+category: self-hosting$/m);
    expect(rule).toMatch(/^#\s+severity: medium$/m);
    expect(rule).toContain('# title: "Route has no example cap: see the docs"\n');
    expect(rule).toContain("package modelgate.rules.self_hosting.require_example_cap\n");
    const tests = readFileSync(path.join(folder, "require_example_cap_test.rego"), "utf8");
    expect(tests).toMatch(/^test_fail_\w+/m);
    expect(tests).toMatch(/^test_pass_\w+/m);
    expect(readFileSync(path.join(dir, "CHANGELOG.md"), "utf8")).toContain("`require-example-cap`");
    expect(existsSync(path.join(dir, "docs", "rules", "require-example-cap.md"))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, "test", "snapshots", "rules", "require-example-cap.json"), "utf8"))).toEqual({
      rule: "require-example-cap",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      verdicts: [],
    });

    const gates = [["dist/scripts/rego-checks.js"], ["dist/scripts/gen-docs.js", "--check"], ["dist/scripts/snapshots.js", "--check"]].map((gate) => ({
      gate,
      run: node(dir, gate),
    }));
    expect(gates.map(({ gate, run }) => ({ gate: gate.join(" "), status: run.status, stderr: run.stderr }))).toEqual(
      gates.map(({ gate }) => ({ gate: gate.join(" "), status: 0, stderr: "" })),
    );
    expect(gates[0].run.stdout).toMatch(/opa test: \d+ passed, 0 failed/);
  });
});

describe("the CHANGELOG entry of a new rule", () => {
  const rule: NewRule = { id: "require-x", folder: "budget", category: "budget", severity: "low", title: "X is missing", version: "0.3.0" };
  const entry = "- Rule `require-x` (budget, low): X is missing.";

  it.each([
    [
      "under ### Added of the version's section",
      "# Changelog\n\n## 0.3.0 (unreleased)\n\n### Added\n- a\n\n## 0.2.0\n- b\n",
      `# Changelog\n\n## 0.3.0 (unreleased)\n\n### Added\n${entry}\n- a\n\n## 0.2.0\n- b\n`,
    ],
    [
      "in a new ### Added of the version's section",
      "# Changelog\n\n## [0.3.0]\n### Fixed\n- a\n",
      `# Changelog\n\n## [0.3.0]\n\n### Added\n${entry}\n### Fixed\n- a\n`,
    ],
    ["in a new section above the others", "# Changelog\n\n## 0.2.0\n- b\n", `# Changelog\n\n## 0.3.0 (unreleased)\n\n### Added\n${entry}\n\n## 0.2.0\n- b\n`],
    [
      "not in the section of a pre-release",
      "# Changelog\n\n## 0.3.0-rc.1\n- b\n",
      `# Changelog\n\n## 0.3.0 (unreleased)\n\n### Added\n${entry}\n\n## 0.3.0-rc.1\n- b\n`,
    ],
  ])("goes %s", (_where, before, after) => {
    expect(withChangelogEntry(before, rule)).toBe(after);
  });
});
