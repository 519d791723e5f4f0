/**
 * Versioning discipline: verdict changes on unchanged examples need a version bump and a CHANGELOG
 * entry; changes explained by edited examples only need `npm run snapshots`.
 */
import path from "node:path";
import type { RuleMeta } from "../../src/catalog/rules";
import {
  changelogSections,
  compareSnapshots,
  compareVersions,
  mentions,
  readSnapshots,
  type RuleSnapshot,
  type VerdictState,
} from "../../src/verdicts/versioning";
import { defaultEngine } from "../helpers/engine";

const rule = (id: string, version: string): RuleMeta => ({
  id,
  title: id,
  description: id,
  category: "budget",
  severity: "high",
  remediation: "fix it",
  since: "0.1.0",
  version,
  docsUrl: "",
  file: `policies/rules/budget/${id.replace(/-/g, "_")}/${id.replace(/-/g, "_")}.rego`,
  disabledByDefault: false,
});

function state(rules: RuleSnapshot[], files: Record<string, string>, joinable: string[] = []): VerdictState {
  return { rules: new Map(rules.map((r) => [r.rule, r])), files, joinable: new Set(joinable) };
}

const FILES = { "examples/a.yaml": "1", "examples/b.yaml": "2" };
const recorded = state([{ rule: "require-token-cap", version: "0.1.0", verdicts: ["examples/a.yaml:Deployment/x/a:r1"] }], FILES);

describe("compareSnapshots", () => {
  it("accepts identical verdicts", () => {
    expect(compareSnapshots(recorded, recorded, [rule("require-token-cap", "0.1.0")], "")).toEqual([]);
  });

  it("blocks a behaviour change without a bump, saying which rule, which verdicts and what to bump", () => {
    const now = state(
      [{ rule: "require-token-cap", version: "0.1.0", verdicts: ["examples/a.yaml:Deployment/x/a:r1", "examples/b.yaml:Deployment/x/b:r2"] }],
      FILES,
    );
    const [problem, ...rest] = compareSnapshots(now, recorded, [rule("require-token-cap", "0.1.0")], "## 0.1.0\n- `require-token-cap`\n");
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ rule: "require-token-cap", kind: "behaviour", recordable: false });
    expect(problem.message).toContain("+ examples/b.yaml:Deployment/x/b:r2");
    expect(problem.message).toContain("bump `version: 0.1.0` in the rule's METADATA (policies/rules/budget/require_token_cap/require_token_cap.rego) to 0.1.1");
    expect(problem.message).toContain('name `require-token-cap` in CHANGELOG.md under "## 0.1.1"');
  });

  it("still blocks a bump without a CHANGELOG entry under the new version", () => {
    const now = state([{ rule: "require-token-cap", version: "0.2.0", verdicts: [] }], FILES);
    const [problem] = compareSnapshots(now, recorded, [rule("require-token-cap", "0.2.0")], "## 0.2.0\n- other-rule changed\n## 0.1.0\n- require-token-cap\n");
    expect(problem).toMatchObject({ kind: "behaviour", recordable: false });
    expect(problem.message).not.toContain("bump");
    expect(problem.message).toContain('name `require-token-cap` in CHANGELOG.md under "## 0.2.0"');
  });

  it("lets `npm run snapshots` record a bumped rule named in the CHANGELOG", () => {
    const now = state([{ rule: "require-token-cap", version: "0.2.0", verdicts: [] }], FILES);
    const problems = compareSnapshots(
      now,
      recorded,
      [rule("require-token-cap", "0.2.0")],
      "## 0.2.0 (unreleased)\n### Changed\n- `require-token-cap` now counts budgets\n",
    );
    expect(problems).toEqual([expect.objectContaining({ kind: "recorded", recordable: true })]);
  });

  it("attributes verdicts on added or edited example files to the examples, not the rule", () => {
    const now = state([{ rule: "require-token-cap", version: "0.1.0", verdicts: ["examples/a.yaml:Deployment/x/a:r1", "examples/c.yaml:Deployment/x/c:r1"] }], {
      ...FILES,
      "examples/c.yaml": "3",
    });
    expect(compareSnapshots(now, recorded, [rule("require-token-cap", "0.1.0")], "")).toEqual([
      expect.objectContaining({ kind: "examples", recordable: true }),
    ]);
  });

  it("attributes changes anywhere to an edited Namespace, ConfigMap, Secret or classification file", () => {
    const now = state([{ rule: "require-token-cap", version: "0.1.0", verdicts: [] }], { ...FILES, "examples/b.yaml": "changed" }, ["examples/b.yaml"]);
    expect(compareSnapshots(now, recorded, [rule("require-token-cap", "0.1.0")], "")).toEqual([expect.objectContaining({ kind: "examples" })]);
  });

  it("asks for a CHANGELOG entry for a new rule and records a version-only bump", () => {
    const now = state([...recorded.rules.values(), { rule: "require-owner", version: "0.3.0", verdicts: [] }], FILES);
    const [added] = compareSnapshots(now, recorded, [rule("require-token-cap", "0.1.0"), rule("require-owner", "0.3.0")], "");
    expect(added).toMatchObject({ rule: "require-owner", kind: "added", recordable: false });
    const bumped = state([{ rule: "require-token-cap", version: "0.1.1", verdicts: ["examples/a.yaml:Deployment/x/a:r1"] }], FILES);
    expect(compareSnapshots(bumped, recorded, [rule("require-token-cap", "0.1.1")], "")).toEqual([
      expect.objectContaining({ kind: "version", recordable: true }),
    ]);
  });
});

describe("helpers", () => {
  it("orders versions by semver", () => {
    expect(compareVersions("0.1.10", "0.1.9")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0-rc.1", "1.0.0")).toBeLessThan(0);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
  });

  it("reads CHANGELOG sections and whole rule ids only", () => {
    const sections = changelogSections("# Changelog\n\n## 0.2.0 (unreleased)\n- `require-token-cap-v2`\n## [0.1.0] - 2026-01-01\n- require-token-cap\n");
    expect([...sections.keys()]).toEqual(["0.2.0", "0.1.0"]);
    expect(mentions(sections.get("0.2.0"), "require-token-cap")).toBe(false);
    expect(mentions(sections.get("0.1.0"), "require-token-cap")).toBe(true);
  });
});

describe("the committed snapshots", () => {
  it("cover every rule of the built-in bundle at its METADATA version", () => {
    const snapshots = readSnapshots(path.join(__dirname, "..", "snapshots"));
    expect(snapshots).not.toBeNull();
    const rules = defaultEngine().catalog.rules;
    expect([...snapshots!.rules.keys()].sort()).toEqual(rules.map((r) => r.id).sort());
    for (const r of rules) expect(snapshots!.rules.get(r.id)!.version).toBe(r.version);
  });
});
