/**
 * End to end through `scan` and the default rule bundle: evasions of the gateway and aggregator
 * adapters must reach the jurisdiction rules. Each folder under e2e/ is scanned on its own with a
 * regulated WorkloadClassification; the jurisdiction rule ids found must be exactly those listed.
 */

import path from "node:path";
import { scan } from "../../../src/scan/scan";
import { defaultEngine } from "../../helpers/engine";

const ROOT = path.join(__dirname, "..", "..", "..");
const E2E = path.relative(ROOT, path.join(__dirname, "e2e"));

async function jurisdictionRules(dir: string): Promise<string[]> {
  const result = await scan({ paths: [path.posix.join(E2E, dir)], cwd: ROOT, engine: defaultEngine(), workers: 0 });
  return [...new Set(result.findings.filter((f) => f.category === "jurisdiction" || f.category === "input").map((f) => f.ruleId))].sort();
}

describe("gateway and aggregator evasions reach the rules", () => {
  test.each([
    ["openrouter-env-base-url", ["disallow-unresolved-endpoint"]],
    ["portkey-env-host", ["disallow-unresolved-endpoint"]],
    ["cloudflare-env-provider", ["disallow-unresolved-endpoint"]],
    // qwen3-max has closed weights: only Alibaba serves it, whatever the guardrail allows
    ["terraform-closed-model", ["require-aggregator-jurisdiction-exclusion"]],
  ])("%s → %j", async (dir, expected) => {
    expect(await jurisdictionRules(dir)).toEqual(expected);
  });

  // Documents joined across files: src/adapters/scan-index.ts `isJoinable` shares gateway documents
  // (isJoinableDocument) with every scan shard like ConfigMaps and Namespaces.
  test("a preset in another file supplies the routing of `@preset/...`", async () => {
    expect(await jurisdictionRules("preset-across-files")).toEqual([]);
  });

  test("a key declared in another .tf.json file of the module is joined with its user", async () => {
    expect(await jurisdictionRules("terraform-module-across-files")).toEqual(["require-aggregator-jurisdiction-exclusion"]);
  });

  test("a Portkey virtual key export in another file names the provider and caps the route", async () => {
    const result = await scan({ paths: [path.posix.join(E2E, "portkey-virtual-key-across-files")], cwd: ROOT, engine: defaultEngine(), workers: 0 });
    expect(result.findings.map((f) => f.ruleId)).toEqual([]);
  });
});
