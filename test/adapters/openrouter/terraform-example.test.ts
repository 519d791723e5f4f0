/**
 * examples/openrouter/terraform/main.tf.json end to end: the examples walker reads YAML only, so the
 * Terraform JSON example is checked here. Its "//" comment declares that it complies.
 */

import path from "node:path";
import { scan } from "../../../src/scan/scan";
import { defaultEngine } from "../../helpers/engine";

const ROOT = path.join(__dirname, "..", "..", "..");

test("the Terraform JSON example is one compliant OpenRouter key workload", async () => {
  const result = await scan({
    paths: ["examples/openrouter/terraform", "examples/openrouter/classification.yaml"],
    cwd: ROOT,
    engine: defaultEngine(),
    workers: 0,
  });
  expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
  expect(result.workloads).toBe(1);
  const route = result.documents[0].routes[0];
  expect(route.routing).toMatchObject({ only: ["anthropic", "openai", "google-vertex"], zdr: true, dataCollection: "deny" });
  expect(route.limits.caps).toMatchObject([
    { metric: "usd", amount: 25, window: { unit: "days", count: 1 }, scope: "total" },
    { metric: "usd", amount: 800, window: { unit: "months", count: 1 }, scope: "total" },
  ]);
});
