/** `modelgate normalize`: the canonical documents the rules evaluate, positions resolved. */
import { validator } from "../../src/schemas";
import { runCli } from "./pack-helpers";

describe("modelgate normalize", () => {
  it("prints the canonical documents of the given files as a JSON array with resolved positions", async () => {
    const run = await runCli(["normalize", "examples/kubernetes/violating/provider-key.yaml", "examples/kubernetes/namespaces.yaml"]);
    expect(run.code).toBe(0);
    const documents = JSON.parse(run.stdout) as Array<{
      kind: string;
      workload: { resource: string; source: { line: number } };
      routes: Array<{ source: { file: string; line: number; column: number } }>;
    }>;
    expect(documents.map((d) => d.workload.resource)).toEqual(["StatefulSet/payments/ledger-summarizer"]);
    const [doc] = documents;
    expect(doc.kind).toBe("LLMUsage");
    expect(doc.workload.source.line).toBeGreaterThan(0);
    expect(doc.routes[0].source).toMatchObject({ file: "examples/kubernetes/violating/provider-key.yaml", line: expect.any(Number) });
    expect(doc.routes[0].source.line).toBeGreaterThan(0);
    expect(JSON.stringify(documents)).not.toContain('"document":');
    const validate = validator("llm-usage");
    for (const document of documents) expect(validate(document) ? [] : validate.errors).toEqual([]);
  });

  it("prints what it could read and exits 2 when a file cannot be parsed", async () => {
    const run = await runCli(["normalize", "examples/litellm/team-budget"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/broken-entry\.yaml:\d+:\d+: /);
  });
});
