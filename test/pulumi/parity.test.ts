/**
 * The pack and the CLI report the same rule ids for the same resources: `modelgate check` over a
 * state file (the plan-file path) and over the same Kubernetes objects written as YAML manifests,
 * against every pack policy run with runtime-faithful arguments over that state.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dump } from "js-yaml";
import { scan } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";
import { policies, runPack, type StateResource } from "./harness/args";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = ["violating-stack.json", "compliant-stack.json", "preview-unknowns-stack.json"];

function resources(file: string): StateResource[] {
  return (JSON.parse(readFileSync(path.join(__dirname, "fixtures", file), "utf8")) as { deployment: { resources: StateResource[] } }).deployment.resources;
}

/** `${urn} ${ruleId}` of every finding `modelgate check` reports on a state file. */
async function cliPairs(file: string): Promise<string[]> {
  const state = resources(file);
  const result = await scan({ paths: [path.join("test", "pulumi", "fixtures", file)], cwd: ROOT, engine: defaultEngine() });
  const urnOfResource = new Map<string, string>();
  for (const doc of result.documents) {
    const index = /^\/deployment\/resources\/(\d+)\//.exec(doc.workload.source.pointer)?.[1];
    if (index !== undefined) urnOfResource.set(doc.workload.resource, state[Number(index)].urn);
  }
  return [...new Set(result.findings.map((f) => `${urnOfResource.get(f.resource) ?? f.resource} ${f.ruleId}`))].sort();
}

function packPairs(file: string): string[] {
  return [...new Set(runPack(policies(), resources(file)).map((v) => `${v.urn} ${v.policy}`))].sort();
}

describe("the pack and modelgate check agree", () => {
  it.each(FIXTURES)("on %s", async (file) => {
    const cli = await cliPairs(file);
    expect(packPairs(file)).toEqual(cli);
    if (file.startsWith("violating")) expect(cli.length).toBeGreaterThan(10);
  });

  it("on the Kubernetes objects of a stack written as YAML manifests", async () => {
    const state = resources("violating-stack.json").filter((r) => r.type.startsWith("kubernetes:"));
    const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-k8s-"));
    try {
      writeFileSync(path.join(dir, "manifests.yaml"), state.map((r) => dump(r.inputs)).join("---\n"));
      const result = await scan({ paths: [dir], cwd: dir, engine: defaultEngine() });
      const cli = [...new Set(result.findings.map((f) => `${f.resource} ${f.ruleId}`))].sort();
      const byUrn = new Map(
        state.map((r) => {
          const meta = r.inputs as { kind: string; metadata: { name: string; namespace?: string } };
          return [r.urn, `${meta.kind}/${meta.metadata.namespace ?? "default"}/${meta.metadata.name}`];
        }),
      );
      const pack = [...new Set(runPack(policies(), state).map((v) => `${byUrn.get(v.urn!)} ${v.policy}`))].sort();
      expect(pack).toEqual(cli);
      expect(cli).toContain("Deployment/payments/chat-api disallow-denied-jurisdiction-endpoint");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
