import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildBundle } from "../../src/bundle/build";
import { PolicyEngine } from "../../src/engine/engine";
import { readBundle } from "../../src/bundle/read";
import { paths } from "../../src/paths";
import { ToolError } from "../../src/tools/opa";

const RULE = "rules/budget/require_token_cap/require_token_cap.rego";

describe("buildBundle", () => {
  let work: string;
  let policies: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "modelgate-build-"));
    policies = path.join(work, "policies");
    cpSync(paths.policies, policies, { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("records a revision that changes with any source change", () => {
    const first = buildBundle({ policiesDir: policies, outDir: path.join(work, "a") });
    const again = buildBundle({ policiesDir: policies, outDir: path.join(work, "b") });
    expect(again.revision).toBe(first.revision);
    const file = path.join(policies, RULE);
    writeFileSync(file, readFileSync(file, "utf8").replace("severity: high", "severity: medium"));
    const changed = buildBundle({ policiesDir: policies, outDir: path.join(work, "c") });
    expect(changed.revision).not.toBe(first.revision);
    const engine = new PolicyEngine(readBundle(changed.dir));
    expect(engine.catalog.rules.find((r) => r.id === "require-token-cap")?.severity).toBe("medium");
  });

  it("rejects a builtin that would fail under the wasm runtime, at build time", () => {
    const file = path.join(policies, RULE);
    writeFileSync(file, readFileSync(file, "utf8") + "\nnow_ns := time.now_ns()\n");
    expect(() => buildBundle({ policiesDir: policies, outDir: path.join(work, "out") })).toThrow(ToolError);
    expect(() => buildBundle({ policiesDir: policies, outDir: path.join(work, "out") })).toThrow(/time\.now_ns/);
  });

  it("rejects a rule without the METADATA every finding is built from", () => {
    const file = path.join(policies, RULE);
    writeFileSync(file, readFileSync(file, "utf8").replace(/#\s+severity: high\n/, ""));
    expect(() => buildBundle({ policiesDir: policies, outDir: path.join(work, "out") })).toThrow(/METADATA custom\.severity/);
  });

  it("rejects two rules with one id", () => {
    const copy = path.join(policies, "rules/budget/copy/copy.rego");
    cpSync(path.join(policies, RULE), copy);
    writeFileSync(copy, readFileSync(copy, "utf8").replace("package modelgate.rules.budget.require_token_cap", "package modelgate.rules.budget.copy"));
    expect(() => buildBundle({ policiesDir: policies, outDir: path.join(work, "out") })).toThrow(/require-token-cap is declared twice/);
  });
});
