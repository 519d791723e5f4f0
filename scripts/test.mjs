// `npm test`: type-check and build, check formatting (prettier) and the typed lint (eslint), verify
// generated files are fresh, run the Rego gate (fmt, check --strict, opa test with coverage), then the jest suites.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const node = (args) => execFileSync(process.execPath, args, { stdio: "inherit", cwd: root, env: { ...process.env } });
const step = (name) => process.stdout.write(`\n== ${name}\n`);
/** A package's command-line entry, by its package.json "bin" (eslint exports no bin path to require.resolve). */
const bin = (pkg, name = pkg) => {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin: entries } = require(manifest);
  return path.join(path.dirname(manifest), typeof entries === "string" ? entries : entries[name]);
};

try {
  step("typescript (src and scripts compiled; tests type-checked too, since jest runs them through swc unchecked)");
  node([require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"]);
  node([require.resolve("typescript/bin/tsc"), "-p", "tsconfig.eslint.json"]);
  step("format: prettier --check (npm run format writes it)");
  node([bin("prettier"), "--check", "--log-level", "warn", "."]);
  step("lint: eslint with type information (npm run lint)");
  node([bin("eslint"), "src", "scripts", "test", "bin"]);
  step("rego: fmt, check --strict, test --coverage");
  node(["dist/scripts/rego-checks.js"]);
  step("generated files are fresh");
  node(["dist/scripts/gen-capabilities.js", "--check"]);
  node(["dist/scripts/gen-docs.js", "--check"]);
  node(["scripts/gen-model.mjs", "--check"]);
  step("verdict snapshots (rule versions and CHANGELOG)");
  node(["dist/scripts/snapshots.js", "--check"]);
  step("conftest for the portability test (built once from tools/go.mod)");
  node(["-e", "require('./dist/src/tools/conftest.js').conftestBinary()"]);
  step("kubectl's YAML reader for the parser differential (built once from tools/yamloracle/go.mod)");
  node(["-e", "require('./dist/src/tools/yaml-oracle.js').yamlOracleBinary()"]);
  step("policy pack: packs/modelgate/dist rebuilt from its sources; the Pulumi demo type-checks");
  node(["packs/modelgate/build.mjs"]);
  node([require.resolve("typescript/bin/tsc"), "-p", "demo/tsconfig.json", "--noEmit"]);
  step("pulumi CLI for the real-engine layer (built once from tools/pulumi/go.mod)");
  try {
    node(["-e", "require('./dist/src/tools/pulumi.js').pulumiTools()"]);
  } catch {
    process.stdout.write("the pinned Pulumi CLI could not be built: test/pulumi/cli.test.ts skips and prints why\n");
  }
  step("jest");
  node([require.resolve("jest/bin/jest"), "--ci"]);
} catch (error) {
  process.exit(typeof error.status === "number" && error.status !== 0 ? error.status : 1);
}
