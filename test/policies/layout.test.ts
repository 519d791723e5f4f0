/**
 * Keeps the rule registry consistent in both directions: every rule folder holds one rule and its
 * tests, named after its id, and every rule in the built catalogue lives in such a folder. Rule
 * tests name their rule as its METADATA does and compare whole findings.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../../src/paths";
import { defaultEngine } from "../helpers/engine";

const RULES = path.join(paths.policies, "rules");
const folders = readdirSync(RULES).flatMap((family) => readdirSync(path.join(RULES, family)).map((rule) => [family, rule] as const));
const snake = (id: string): string => id.replace(/-/g, "_");

describe("policies/rules layout", () => {
  it.each(folders)("%s/%s holds the rule, its tests and matching names", (family, folder) => {
    const rego = path.join(RULES, family, folder, `${folder}.rego`);
    const tests = path.join(RULES, family, folder, `${folder}_test.rego`);
    expect(existsSync(rego)).toBe(true);
    expect(existsSync(tests)).toBe(true);
    const source = readFileSync(rego, "utf8");
    const id = /^#\s+id:\s*(\S+)/m.exec(source)?.[1];
    expect(id).toBeDefined();
    expect(snake(id!)).toBe(folder);
    expect(source).toContain(`package modelgate.rules.${family}.${folder}\n`);
    expect(/^#\s+category:\s*(\S+)/m.exec(source)?.[1]?.replace(/-/g, "_")).toBe(family);
    const testSource = readFileSync(tests, "utf8");
    expect(testSource).toMatch(/^test_fail_\w+/m);
    expect(testSource).toMatch(/^test_pass_\w+/m);
    // failing cases state whole findings through fx.finding (policies/lib/fixtures_test.rego), with
    // the rule named once as its METADATA names it; none counts findings
    expect(testSource).not.toMatch(/\bcount\(/);
    const meta = /^rule_meta := (\{.*\})$/m.exec(testSource)?.[1];
    const severity = /^#\s+severity:\s*(\S+)/m.exec(source)?.[1];
    const category = /^#\s+category:\s*(\S+)/m.exec(source)?.[1];
    expect(meta === undefined ? null : JSON.parse(meta)).toEqual({ ruleId: id, category, severity });
  });

  it("builds every rule folder into the catalogue and nothing else", () => {
    const catalogued = defaultEngine().catalog.rules.map((rule) => `${rule.category.replace(/-/g, "_")}/${snake(rule.id)}`);
    expect(catalogued.sort()).toEqual(folders.map(([family, folder]) => `${family}/${folder}`).sort());
  });

  it("gives every catalogued rule a docs link, remediation and version", () => {
    for (const rule of defaultEngine().catalog.rules) {
      expect(rule.docsUrl).toBe(`https://modelgate.dev/rules/${rule.id}`);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(rule.since).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
