/**
 * One error base class: every error a user can cause is a ModelgateError, which the CLI prints as one
 * line and exits 2 with; anything else is an internal error (still exit 2) with a hint to report it.
 * The table names each user-facing class; the last test finds every exported `...Error` class of src/
 * with the TypeScript compiler, so a new one that does not extend ModelgateError fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { BaselineError } from "../../src/findings/baseline/baseline";
import { PackTestError } from "../../src/bundle/org";
import { CatalogError } from "../../src/catalog/load";
import { failure, INTERNAL_ERROR_HINT } from "../../src/cli/exit";
import { ConfigError } from "../../src/config/load";
import { BundleError, ModelgateError, type ErrorKind } from "../../src/errors";
import { UsageError } from "../../src/parse/discover";
import { InputError } from "../../src/parse/errors";
import { GoScalarError } from "../../src/parse/go-scalar";
import { PackConfigError } from "../../src/pulumi/config";
import { PackPolicyError } from "../../src/pulumi/core";
import { CanonicalJsonError } from "../../src/signing/hash";
import { JwsError } from "../../src/signing/jws";
import { KeyError } from "../../src/signing/keys";
import { SignatureError } from "../../src/signing/verify";
import { ToolError } from "../../src/tools/opa";
import { TodayError } from "../../src/findings/waivers/dates";

const SRC = path.join(__dirname, "..", "..", "src");

interface Row {
  error: Error;
  name: string;
  kind: ErrorKind;
  context?: object;
}

const rows: Row[] = [
  { error: new UsageError("no such file: x.yaml"), name: "UsageError", kind: "usage" },
  { error: new TodayError("--today must be YYYY-MM-DD"), name: "TodayError", kind: "usage" },
  { error: new InputError("a.yaml", 3, 7, "bad indentation"), name: "InputError", kind: "input", context: { file: "a.yaml", line: 3, column: 7 } },
  { error: new GoScalarError("cannot decode !!int `x` as a !!bool"), name: "GoScalarError", kind: "input", context: {} },
  { error: new ConfigError(["modelgate.yaml:2:3: /rules unknown key", "modelgate.yaml:4:1: /x bad"]), name: "ConfigError", kind: "config" },
  { error: new PackConfigError("policy budget: /cap must be a number"), name: "PackConfigError", kind: "config" },
  { error: new PackPolicyError("stack budget is not a number"), name: "PackPolicyError", kind: "config" },
  { error: new CatalogError("providers.json: /0 must have id"), name: "CatalogError", kind: "catalog" },
  { error: new BundleError("bundle b.tar.gz does not exist", { file: "b.tar.gz" }), name: "BundleError", kind: "bundle", context: { file: "b.tar.gz" } },
  { error: new SignatureError("bundle b: data.json was modified after signing"), name: "SignatureError", kind: "bundle" },
  { error: new JwsError("the token is not a compact JWS"), name: "JwsError", kind: "bundle" },
  { error: new CanonicalJsonError("not valid UTF-8"), name: "CanonicalJsonError", kind: "bundle" },
  { error: new KeyError("signing key k.pem does not exist"), name: "KeyError", kind: "key" },
  { error: new BaselineError("baseline b.json: version must be 1"), name: "BaselineError", kind: "baseline" },
  { error: new ToolError("opa 1.22.3 is not on PATH"), name: "ToolError", kind: "tool" },
  { error: new PackTestError("2 Rego tests failed"), name: "PackTestError", kind: "tool" },
];

describe("user-facing errors exit 2 with their message", () => {
  test.each(rows)("$name", ({ error, name, kind, context }) => {
    expect(error).toBeInstanceOf(ModelgateError);
    expect(error.name).toBe(name);
    expect(String(error)).toContain(error.message);
    const modelgate = error as ModelgateError;
    expect(modelgate.kind).toBe(kind);
    expect(modelgate.exitCode).toBe(2);
    if (context) expect(modelgate.context).toEqual(context);
    expect(failure(error)).toEqual({ code: 2, message: `modelgate: ${error.message}\n`, internal: false });
  });

  test("SignatureError is a BundleError, PackTestError a ToolError", () => {
    expect(new SignatureError("x")).toBeInstanceOf(BundleError);
    expect(new PackTestError("x")).toBeInstanceOf(ToolError);
  });

  test("InputError prints the file:line:col editors link", () => {
    expect(String(new InputError("a.yaml", 3, 7, "bad indentation"))).toBe("a.yaml:3:7: bad indentation");
  });
});

describe("anything else is an internal error, still exit 2, with a hint to report it", () => {
  test.each<[string, unknown, string]>([
    ["a TypeError", new TypeError("cannot read properties of undefined (reading 'spec')"), "cannot read properties of undefined (reading 'spec')"],
    ["a plain Error", new Error("unexpected state"), "unexpected state"],
    ["a thrown string", "boom", "boom"],
    ["a thrown object with a message", { message: "wasm trap" }, "wasm trap"],
    ["undefined", undefined, "undefined"],
  ])("%s", (_name, thrown, message) => {
    expect(failure(thrown)).toEqual({ code: 2, message: `modelgate: internal error: ${message}\n${INTERNAL_ERROR_HINT}\n`, internal: true });
  });
});

function exportedErrorClasses(): Array<{ file: string; name: string }> {
  const found: Array<{ file: string; name: string }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const source = ts.createSourceFile(full, readFileSync(full, "utf8"), ts.ScriptTarget.Latest);
        for (const statement of source.statements) {
          const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
          if (ts.isClassDeclaration(statement) && exported && statement.name && /Error$/.test(statement.name.text))
            found.push({ file: full, name: statement.name.text });
        }
      }
    }
  };
  walk(SRC);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

describe("every exported ...Error class of src/", () => {
  const classes = exportedErrorClasses();

  test("is found (the walk is real)", () => {
    expect(classes.map((c) => c.name)).toEqual(expect.arrayContaining(["ConfigError", "InputError", "ModelgateError", "UsageError"]));
  });

  test.each(classes.filter((c) => c.name !== "ModelgateError"))("$name extends ModelgateError and is in the table", ({ file, name }) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads each module the walk found
    const exported = (require(file) as Record<string, unknown>)[name] as { prototype: unknown };
    expect(exported.prototype).toBeInstanceOf(ModelgateError);
    expect(rows.map((row) => row.name)).toContain(name);
  });
});
