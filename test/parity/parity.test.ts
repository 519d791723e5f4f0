/**
 * Portability: the bundle's Rego gives the same verdicts under the pinned `opa eval` (topdown) and
 * the pinned conftest as under the wasm engine, on every canonical document of examples/ (as
 * `modelgate normalize` prints them), for the built-in bundle and for an organisation pack.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../../src/bundle/ensure";
import { exportPortable } from "../../src/bundle/portable";
import { normalizePaths } from "../../src/cli/normalize";
import { PolicyEngine } from "../../src/engine/engine";
import { readBundle } from "../../src/bundle/read";
import type { RegoFinding } from "../../src/findings/build";
import type { Finding } from "../../src/findings/types";
import { conftestBinary, runConftest } from "../../src/tools/conftest";
import { runOpa } from "../../src/tools/opa";
import { buildExamplePack, ROOT, tempDir } from "../bundle/pack-helpers";

// conftest is built from tools/go.mod on first use (about two minutes on a fresh machine).
jest.setTimeout(900_000);

let work: string;
const bundles: Array<[string, () => string]> = [
  ["the built-in bundle", () => ensureDefaultBundle()],
  ["the example organisation pack", () => path.join(work, "acme.tar.gz")],
];

beforeAll(() => {
  work = tempDir("modelgate-parity-");
  buildExamplePack(path.join(work, "acme.tar.gz"));
  conftestBinary();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Located = Pick<Finding, "file" | "line" | "column" | "pointer">;

/** One verdict, every field the Rego produces, as a comparable string. */
function verdict(f: Omit<Finding, keyof Located> | RegoFinding, at: Located): string {
  return JSON.stringify([
    f.ruleId,
    f.title,
    f.category,
    f.severity,
    f.message,
    f.remediation,
    f.docsUrl,
    f.resource,
    f.subject,
    at.file,
    at.line,
    at.column,
    at.pointer,
  ]);
}

const fromWasm = (f: Finding): string => verdict(f, f);
const fromRego = (f: RegoFinding): string => verdict(f, f.source);

describe.each(bundles)("%s", (_name, location) => {
  let wasm: string[];
  let documents: unknown[];
  let policyDir: string;
  let dataDir: string;
  let docsFile: string;

  beforeAll(async () => {
    const bundle = location();
    const engine = new PolicyEngine(readBundle(bundle));
    const normalized = await normalizePaths(["examples"], engine, ROOT);
    documents = normalized.documents;
    wasm = normalized.documents
      .flatMap((doc) => engine.evaluate(doc))
      .map(fromWasm)
      .sort();
    const out = path.join(work, path.basename(bundle).replace(/\W/g, "_"));
    ({ policyDir, dataDir } = exportPortable(bundle, out));
    docsFile = path.join(out, "documents.json");
    writeFileSync(docsFile, JSON.stringify(documents));
  });

  it("evaluates every canonical document of examples/ with findings to compare", () => {
    expect(documents.length).toBeGreaterThan(30);
    expect(wasm.length).toBeGreaterThan(30);
    expect(wasm.filter((v) => v.includes('"evaluation-error"'))).toEqual([]);
  });

  it("gives the wasm engine's verdicts under opa eval", () => {
    const result = runOpa(["eval", "--format", "json", "-d", policyDir, "-d", dataDir, "--input", docsFile, "data.main.deny"]);
    expect(result.stderr).toBe("");
    const value = JSON.parse(result.stdout).result[0].expressions[0].value as Array<{ finding: RegoFinding }>;
    expect(value.map((r) => fromRego(r.finding)).sort()).toEqual(wasm);
  });

  it("gives the wasm engine's verdicts under conftest", () => {
    const result = runConftest(["test", "--policy", policyDir, "--data", dataDir, "--output", "json", "--no-fail", docsFile]);
    expect(result.status).toBe(0);
    const files = JSON.parse(result.stdout) as Array<{ failures?: Array<{ msg: string; metadata: { finding: RegoFinding } }> }>;
    const failures = files.flatMap((file) => file.failures ?? []);
    for (const failure of failures) expect(failure.msg.startsWith(`${failure.metadata.finding.ruleId}: `)).toBe(true);
    expect(failures.map((f) => fromRego(f.metadata.finding)).sort()).toEqual(wasm);
  });
});
