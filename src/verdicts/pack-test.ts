import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleRevision } from "../bundle/build";
import { compileStaged, runOrgTests, stageOrgPack } from "../bundle/org";
import { readBundle } from "../bundle/read";
import { PolicyEngine } from "../engine/engine";
import { paths } from "../paths";
import { scan } from "../scan/scan";
import { ToolError } from "../tools/opa";

/** One check of `modelgate test`: a Rego test, or a fixture that must (fail) or must not (pass) raise the rule. */
export interface PackCheck {
  rule: string;
  kind: "rego" | "pass" | "fail";
  /** Test name, or fixture path relative to the rule folder. */
  name: string;
  ok: boolean;
  detail: string;
}

export interface PackTestReport {
  folders: Array<{ dir: string; rules: string[] }>;
  checks: PackCheck[];
  passed: number;
  failed: number;
}

const FIXTURE = /\.(ya?ml|json)$/;

/** Rule folders under `dir` (or `dir` itself): folders holding a Rego module that is not a test. */
export function ruleFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    const names = readdirSync(current).sort();
    if (names.some((name) => name.endsWith(".rego") && !name.endsWith("_test.rego"))) out.push(current);
    for (const name of names) {
      const full = path.join(current, name);
      if (name !== "fixtures" && statSync(full).isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

function fixtures(folder: string, kind: "pass" | "fail"): string[] {
  const dir = path.join(folder, "fixtures", kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => FIXTURE.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * `modelgate test DIR`: builds a bundle from the built-in rules plus the rule folders under DIR
 * (and optional data overrides), runs their `*_test.rego` with opa, then scans each fixture on its
 * own: every `fixtures/fail/*` must raise the folder's rule at least once, every `fixtures/pass/*`
 * never. A folder without a pass or a fail fixture fails, as a rule without tests would.
 */
export async function runPackTests(options: { dir: string; dataPath?: string; cwd: string; policiesDir?: string }): Promise<PackTestReport> {
  const dir = path.resolve(options.cwd, options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ToolError(`${options.dir} is not a folder`);
  const folders = ruleFolders(dir);
  if (folders.length === 0) throw new ToolError(`${options.dir} holds no rule folder (a folder with <rule>.rego beside <rule>_test.rego)`);
  const policiesDir = options.policiesDir ?? paths.policies;
  const staged = stageOrgPack({
    rulesDir: dir,
    dataPath: options.dataPath ? path.resolve(options.cwd, options.dataPath) : undefined,
    packVersion: "0.0.0-test",
    name: "test",
    policiesDir,
  });
  const work = mkdtempSync(path.join(os.tmpdir(), "modelgate-test-"));
  try {
    const rego = runOrgTests(staged.staging, staged.tests, policiesDir);
    const out = path.join(work, "bundle.tar.gz");
    compileStaged(staged, { out, revision: bundleRevision("0.0.0-test", staged.digest), packVersion: "0.0.0-test", policiesDir });
    const engine = new PolicyEngine(readBundle(out));
    const report: PackTestReport = { folders: [], checks: [], passed: 0, failed: 0 };
    for (const folder of folders) {
      const rules = engine.catalog.rules
        .filter((rule) => rule.pack === "test" && path.dirname(path.join(dir, rule.file.slice("test/rules/".length))) === folder)
        .map((r) => r.id);
      report.folders.push({ dir: folder, rules });
      const rule = rules.join(", ") || path.basename(folder);
      for (const test of rego.results.filter((r) => path.dirname(r.file) === folder)) {
        report.checks.push({ rule, kind: "rego", name: test.name, ok: test.ok, detail: test.ok ? "" : "failed (run opa test -v for the trace)" });
      }
      for (const kind of ["fail", "pass"] as const) {
        const files = fixtures(folder, kind);
        if (files.length === 0) {
          report.checks.push({ rule, kind, name: `fixtures/${kind}/`, ok: false, detail: `no ${kind} fixture: add fixtures/${kind}/<case>.yaml` });
          continue;
        }
        for (const file of files) {
          const result = await scan({ paths: [file], cwd: options.cwd, engine, workers: 0 });
          const name = path.relative(folder, file).split(path.sep).join("/");
          const broken = result.findings.filter((f) => f.ruleId === "invalid-input");
          const hits = result.findings.filter((f) => rules.includes(f.ruleId));
          if (broken.length > 0) {
            report.checks.push({ rule, kind, name, ok: false, detail: `cannot be read: ${broken[0].message}` });
          } else if (kind === "fail") {
            report.checks.push({
              rule,
              kind,
              name,
              ok: hits.length > 0,
              detail: hits.length > 0 ? `${hits.length} finding(s)` : `expected a ${rule} finding, got none`,
            });
          } else {
            const first = hits[0];
            report.checks.push({
              rule,
              kind,
              name,
              ok: hits.length === 0,
              detail: first ? `unexpected ${first.ruleId} at line ${first.line}: ${first.message}` : "",
            });
          }
        }
      }
    }
    report.failed = report.checks.filter((c) => !c.ok).length;
    report.passed = report.checks.length - report.failed;
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(staged.staging, { recursive: true, force: true });
  }
}
