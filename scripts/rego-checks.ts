/**
 * The Rego gate of `npm test`: opa fmt (no diff), opa check --strict with the pinned capabilities,
 * and opa test with line coverage of at least COVERAGE_THRESHOLD percent over rules and library.
 */
import path from "node:path";
import { ensureDefaultBundle } from "../src/bundle/ensure";
import { paths } from "../src/paths";
import { runOpa } from "../src/tools/opa";

const COVERAGE_THRESHOLD = 90;
const REGO_ROOTS = ["lib", "rules", "main.rego"].map((p) => path.join(paths.policies, p));

function fail(message: string): never {
  process.stderr.write(`rego-checks: ${message}\n`);
  process.exit(1);
}

const bundleDir = ensureDefaultBundle();
const data = path.join(bundleDir, "data.json");

const fmt = runOpa(["fmt", "--list", ...REGO_ROOTS]);
if (fmt.status !== 0 || fmt.stdout.trim() !== "") fail(`opa fmt would change:\n${fmt.stdout}${fmt.stderr}`);

const check = runOpa(["check", "--strict", "--capabilities", paths.capabilities, ...REGO_ROOTS]);
if (check.status !== 0) fail(`opa check --strict failed:\n${check.stderr || check.stdout}`);

const test = runOpa(["test", "--coverage", "--format", "json", ...REGO_ROOTS, data]);
let report: { coverage?: number; files?: Record<string, { coverage?: number }> };
try {
  report = JSON.parse(test.stdout) as typeof report;
} catch {
  const verbose = runOpa(["test", ...REGO_ROOTS, data]);
  fail(`opa test failed:\n${verbose.stdout}${verbose.stderr}`);
}
if (test.status !== 0) {
  const verbose = runOpa(["test", ...REGO_ROOTS, data]);
  fail(`opa test failed:\n${verbose.stdout}${verbose.stderr}`);
}
const passed = runOpa(["test", "--format", "json", ...REGO_ROOTS, data]);
const results = JSON.parse(passed.stdout) as Array<{ fail?: boolean; skip?: boolean }>;
const failedCount = results.filter((r) => r.fail).length;
const coverage = report.coverage ?? 0;
process.stdout.write(
  `opa test: ${results.length - failedCount} passed, ${failedCount} failed; coverage ${coverage.toFixed(1)}% (threshold ${COVERAGE_THRESHOLD}%)\n`,
);
if (failedCount > 0) fail(`${failedCount} Rego test(s) failed`);
if (coverage < COVERAGE_THRESHOLD) {
  const low = Object.entries(report.files ?? {})
    .filter(([file, f]) => !file.endsWith("_test.rego") && (f.coverage ?? 0) < 100)
    .map(([file, f]) => `  ${path.relative(paths.root, file)}: ${(f.coverage ?? 0).toFixed(1)}%`);
  fail(`Rego coverage ${coverage.toFixed(1)}% is below ${COVERAGE_THRESHOLD}%:\n${low.join("\n")}`);
}
