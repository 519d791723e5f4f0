/**
 * One source for the canonical model: the TypeScript types are generated from
 * schemas/llm-usage.schema.json, the committed file is fresh, and every document the adapters make
 * of the repository's inputs (examples/ and the test fixtures) is valid against that schema.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stackBudgetDocument } from "../../src/adapters/pulumi";
import type { LlmUsageDocument } from "../../src/model/canonical";
import { paths } from "../../src/paths";
import { resolveAllSources } from "../../src/scan/positions";
import { scan } from "../../src/scan/scan";
import { describeSchemaErrors, validator } from "../../src/schemas";
import { defaultEngine } from "../helpers/engine";

const GENERATOR = path.join(paths.root, "scripts", "gen-model.mjs");
const GENERATED = path.join(paths.root, "src", "model", "canonical.generated.ts");

describe("canonical model types generated from schemas/llm-usage.schema.json", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-gen-model-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the committed src/model/canonical.generated.ts is what the generator writes", () => {
    const target = path.join(dir, "fresh.ts");
    execFileSync(process.execPath, [GENERATOR, "--target", target], { cwd: paths.root });
    expect(readFileSync(target, "utf8")).toBe(readFileSync(GENERATED, "utf8"));
  });

  it("--check fails and names the file when the generated types are stale", () => {
    const target = path.join(dir, "stale.ts");
    copyFileSync(GENERATED, target);
    writeFileSync(target, readFileSync(target, "utf8").replace('"LLMUsage"', '"LLMUsages"'));
    const run = spawnSync(process.execPath, [GENERATOR, "--check", "--target", target], { cwd: paths.root, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("stale.ts is stale");
    expect(run.stderr).toContain("npm run gen:model");
  });
});

describe("documents the adapters produce", () => {
  const validate = validator("llm-usage");
  // the schema is what is under test here, so the documents are not narrowed by its type guard
  const conforms = (document: unknown): boolean => validate(document);
  const invalid = (documents: LlmUsageDocument[], stage: string): string[] =>
    documents.flatMap((document) =>
      conforms(document)
        ? []
        : [
            `${stage} ${document.workload.source.file} ${document.workload.resource}: ${describeSchemaErrors(validate.errors)
              .map((e) => `${e.pointer} ${e.message}`)
              .join("; ")}`,
          ],
    );

  it("are valid canonical documents as evaluated and with positions resolved, from every input format in examples/", async () => {
    const result = await scan({ paths: ["examples", "test"], cwd: paths.root, engine: defaultEngine(), workers: 0 });
    const resolved = resolveAllSources(result.documents, result.resolve);
    const stack = stackBudgetDocument(result.documents, { usdMonthly: 100 }, "dev", { file: "Pulumi.yaml", line: 0, column: 0, pointer: "" });
    expect([...invalid(result.documents, "evaluated"), ...invalid(resolved, "resolved"), ...invalid([stack], "pulumi stack budget")]).toEqual([]);
    const formats = readdirSync(path.join(paths.root, "examples"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const covered = new Set(resolved.map((document) => document.workload.source.file.split("/")[1]));
    expect(formats.filter((format) => !covered.has(format))).toEqual([]);
  });
});
