/**
 * The documents the Rego tests evaluate (built with policies/lib/fixtures_test.rego or written in
 * policies/rules/**\/*_test.rego) are canonical documents: valid against schemas/llm-usage.schema.json,
 * so a rule is never tested against a shape no adapter can produce.
 *
 * How the inputs are seen: in a temporary copy of the policies, every rule package gets one more
 * `findings` definition that prints `input` and contributes nothing, and `opa test --format json`
 * returns what each test printed. A test whose input is deliberately not canonical says so with
 * METADATA `custom.canonical_input: false`, and must then really have an invalid input.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDefaultBundle } from "../../src/bundle/ensure";
import { paths } from "../../src/paths";
import { describeSchemaErrors, validator } from "../../src/schemas";
import { runOpa } from "../../src/tools/opa";

const MARKER = "MODELGATE_TEST_INPUT ";

interface TestResult {
  location: { file: string; row: number };
  package: string;
  name: string;
  output?: string;
  fail?: boolean;
}

interface TestInputs {
  /** "policies/rules/.../x_test.rego test_name" */
  test: string;
  /** The rule's text in its test file. */
  source: string;
  inputs: unknown[];
  notCanonical: boolean;
}

function regoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return regoFiles(file);
    return file.endsWith(".rego") ? [file] : [];
  });
}

/** The text of the top-level rule starting at `row` (opa fmt puts every rule head at column 0). */
function ruleText(file: string, row: number): string {
  const lines = readFileSync(file, "utf8").split("\n");
  let end = row;
  while (end < lines.length && !/^[^\s}#]/.test(lines[end])) end += 1;
  return lines.slice(row - 1, end).join("\n");
}

function captureTestInputs(): TestInputs[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-rego-inputs-"));
  try {
    for (const part of ["lib", "rules", "main.rego"]) cpSync(path.join(paths.policies, part), path.join(dir, part), { recursive: true });
    const packages = new Map<string, string>();
    for (const file of regoFiles(path.join(dir, "rules")).filter((f) => !f.endsWith("_test.rego"))) {
      const name = /^package\s+(\S+)/m.exec(readFileSync(file, "utf8"))?.[1];
      if (name !== undefined) packages.set(name, path.dirname(file));
    }
    for (const [name, folder] of packages) {
      const capture = `package ${name}\n\nfindings contains captured if {\n\tprint(${JSON.stringify(MARKER)}, json.marshal(input))\n\tfalse\n\tcaptured := {}\n}\n`;
      writeFileSync(path.join(folder, "zz_capture_input.rego"), capture);
    }
    const data = path.join(ensureDefaultBundle(), "data.json");
    const run = runOpa(["test", "--format", "json", "lib", "rules", "main.rego", data], { cwd: dir });
    const results = JSON.parse(run.stdout) as TestResult[];
    const failed = results.filter((r) => r.fail).map((r) => `${r.package}.${r.name}`);
    if (run.status !== 0 || failed.length > 0) throw new Error(`opa test failed in the capture copy: ${failed.join(", ")}\n${run.stderr}`);

    const inspect = runOpa(["inspect", "-a", "--format", "json", "."], { cwd: dir });
    if (inspect.status !== 0) throw new Error(`opa inspect failed in the capture copy:\n${inspect.stderr}`);
    const inspected = JSON.parse(inspect.stdout) as {
      annotations?: Array<{ annotations: { custom?: Record<string, unknown> }; path: Array<{ value: string }> }>;
    };
    const notCanonical = new Set(
      (inspected.annotations ?? []).filter((a) => a.annotations.custom?.canonical_input === false).map((a) => a.path.map((term) => term.value).join(".")),
    );

    return results.map((result) => {
      const printed = Buffer.from(result.output ?? "", "base64")
        .toString("utf8")
        .split("\n");
      const inputs = [...new Set(printed.filter((line) => line.startsWith(MARKER)).map((line) => line.slice(MARKER.length)))].map(
        (json) => JSON.parse(json) as unknown,
      );
      return {
        test: `policies/${result.location.file} ${result.name}`,
        source: ruleText(path.join(dir, result.location.file), result.location.row),
        inputs,
        notCanonical: notCanonical.has(`${result.package}.${result.name}`),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("Rego test fixtures are canonical documents", () => {
  let tests: TestInputs[] = [];
  const validate = validator("llm-usage");
  const errorsOf = (input: unknown): string =>
    validate(input)
      ? ""
      : describeSchemaErrors(validate.errors)
          .map((e) => `${e.pointer || "/"} ${e.message}`)
          .join("; ");

  beforeAll(() => {
    tests = captureTestInputs();
  });

  it("every input a Rego test sets is valid against schemas/llm-usage.schema.json", () => {
    const invalid = tests
      .filter((t) => !t.notCanonical)
      .flatMap((t) => t.inputs.flatMap((input) => (errorsOf(input) ? [`${t.test}: ${errorsOf(input)}`] : [])));
    expect(invalid).toEqual([]);
    expect(tests.reduce((sum, t) => sum + t.inputs.length, 0)).toBeGreaterThan(50);
  });

  it("sees the input of every test that sets one", () => {
    const unseen = tests.filter((t) => t.source.includes("with input as") && t.inputs.length === 0).map((t) => t.test);
    expect(unseen).toEqual([]);
  });

  it("marks a test canonical_input: false only when its input really is not canonical", () => {
    const marked = tests.filter((t) => t.notCanonical);
    expect(marked.length).toBeGreaterThan(0);
    const valid = marked.filter((t) => t.inputs.length === 0 || t.inputs.every((input) => errorsOf(input) === "")).map((t) => t.test);
    expect(valid).toEqual([]);
  });
});
