/**
 * `modelgate check plan.json` and the policy pack give the same findings for the same plan under
 * the same organisation policy, because adapters read no policy and every decision is made by the
 * same Rego. Both run over every Pulumi fixture: the CLI binary with the policy in modelgate.yaml,
 * the pack's policies (the SDK harness, as `policy analyze --file` runs them) with the same keys
 * as policy config, and the pinned `opa eval` over `modelgate normalize` output with the policy
 * written into the bundle's data. Findings are compared whole: URN (or resource), rule id and message.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dump } from "js-yaml";
import { ensureDefaultBundle } from "../../src/bundle/ensure";
import { exportPortable } from "../../src/bundle/portable";
import { normalizePaths } from "../../src/cli/normalize";
import type { RegoFinding } from "../../src/findings/build";
import { scan } from "../../src/scan/scan";
import { runOpa } from "../../src/tools/opa";
import { defaultEngine } from "../helpers/engine";
import { policies, runPack, type StateResource } from "./harness/args";

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = readdirSync(path.join(__dirname, "fixtures"))
  .filter((name) => name.endsWith(".json"))
  .sort();

/** Non-default values of the keys adapters used to read, and of the options the pack used to keep to itself. */
const POLICIES: Record<string, Record<string, unknown>> = {
  "sensitive internal data, a carrier-grade NAT network, weekly budgets": {
    sensitiveDataClasses: ["internal", "confidential", "restricted"],
    internalNetworks: ["10.0.0.0/8", "100.64.0.0/10"],
    budgetPeriodDays: 7,
  },
  "models in the own cloud account are hosted, a strict default classification": {
    sensitiveDataClasses: ["restricted"],
    internalNetworks: [],
    budgetPeriodDays: 90,
    ownAccountEndpointsSelfHosted: false,
    defaultClassification: { dataClass: "restricted", regulated: true },
  },
};

function resources(file: string): StateResource[] {
  return (JSON.parse(readFileSync(path.join(__dirname, "fixtures", file), "utf8")) as { deployment: { resources: StateResource[] } }).deployment.resources;
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-org-policy-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The URN of each workload of a plan file (adapters read no policy, so one scan serves every policy). */
async function urnsOf(file: string): Promise<Map<string, string>> {
  const state = resources(file);
  const result = await scan({ paths: [path.join("test", "pulumi", "fixtures", file)], cwd: ROOT, engine: defaultEngine(), workers: 0 });
  const urns = new Map<string, string>();
  for (const doc of result.documents) {
    const index = /^\/deployment\/resources\/(\d+)\//.exec(doc.workload.source.pointer)?.[1];
    if (index !== undefined) urns.set(doc.workload.resource, state[Number(index)].urn);
  }
  return urns;
}

interface CliFinding {
  ruleId: string;
  message: string;
  resource: string;
}

/** The findings of the real binary, `modelgate check plan.json --config modelgate.yaml`. */
function cliRun(file: string, policy: Record<string, unknown>): CliFinding[] {
  const config = path.join(dir, "modelgate.yaml");
  writeFileSync(config, dump({ apiVersion: "modelgate.dev/v1", kind: "Config", policy }));
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "bin", "modelgate.js"),
      "check",
      path.join("test", "pulumi", "fixtures", file),
      "--config",
      config,
      "--format",
      "json",
      "--fail-on",
      "never",
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  expect([run.status, run.stderr]).toEqual([0, ""]);
  return (JSON.parse(run.stdout) as { findings: CliFinding[] }).findings;
}

/** `urn ruleId message` of every finding of the binary. */
async function cliFindings(file: string, policy: Record<string, unknown>): Promise<string[]> {
  const urns = await urnsOf(file);
  return [...new Set(cliRun(file, policy).map((f) => `${urns.get(f.resource) ?? f.resource} ${f.ruleId} ${f.message}`))].sort();
}

/** `resource ruleId message` of every verdict of `opa eval` over the plan's canonical documents, the policy in the bundle's data. */
async function opaFindings(file: string, policy: Record<string, unknown>): Promise<string[]> {
  const out = path.join(dir, "portable");
  const { policyDir, dataDir } = exportPortable(ensureDefaultBundle(), out);
  const dataFile = path.join(dataDir, "data.json");
  const data = JSON.parse(readFileSync(dataFile, "utf8")) as { modelgate: { policy: Record<string, unknown> } };
  data.modelgate.policy = { ...data.modelgate.policy, ...policy };
  writeFileSync(dataFile, JSON.stringify(data));
  // normalize with the shipped policy: the documents do not depend on it
  const { documents } = await normalizePaths([path.join("test", "pulumi", "fixtures", file)], defaultEngine(), ROOT);
  const input = path.join(out, "documents.json");
  writeFileSync(input, JSON.stringify(documents));
  const result = runOpa(["eval", "--format", "json", "-d", policyDir, "-d", dataDir, "--input", input, "data.main.deny"]);
  expect(result.stderr).toBe("");
  const value = JSON.parse(result.stdout).result[0].expressions[0].value as Array<{ finding: RegoFinding }>;
  return [...new Set(value.map(({ finding }) => `${finding.resource} ${finding.ruleId} ${finding.message}`))].sort();
}

/** The same from the pack's policies, configured with the same organisation-policy keys; the location suffix is the pack's own. */
function packFindings(file: string, policy: Record<string, unknown>): string[] {
  const violations = runPack(policies(), resources(file), () => policy);
  return [...new Set(violations.map((v) => `${v.urn} ${v.policy} ${v.message.replace(/ \(at [^()]*\)$/, "")}`))].sort();
}

describe("modelgate check and the pack agree under a non-default organisation policy", () => {
  test("every fixture is covered", () => {
    expect(FIXTURES).toEqual(expect.arrayContaining(["compliant-stack.json", "violating-stack.json", "preview-unknowns-stack.json", "org-policy-stack.json"]));
  });

  describe.each(Object.entries(POLICIES))("%s", (_name, policy) => {
    test.each(FIXTURES)("on %s", async (file) => {
      const cli = await cliFindings(file, policy);
      expect(packFindings(file, policy)).toEqual(cli);
      // unreadable input is reported by the scan itself, not by the Rego over canonical documents
      const byResource = [...new Set(cliRun(file, policy).map((f) => `${f.resource} ${f.ruleId} ${f.message}`))].sort();
      expect(await opaFindings(file, policy)).toEqual(byResource.filter((f) => !f.includes(" invalid-input ")));
    });
  });

  test("the policy changes the verdicts, on both sides", async () => {
    const policy = POLICIES["sensitive internal data, a carrier-grade NAT network, weekly budgets"];
    const file = "org-policy-stack.json";
    const urn = (name: string): string => resources(file).find((r) => r.urn.endsWith(`::${name}`))!.urn;
    const strict = await cliFindings(file, policy);
    const defaults = await cliFindings(file, {});
    expect(packFindings(file, {})).toEqual(defaults);
    // internalNetworks: the vLLM server on 100.64.3.7 is the organisation's own, serving open weights, so it needs no cap
    // (asked for a closed model, it would be a relay to a hosted operator: policies/lib/operators.rego)
    expect(defaults).toContain(
      `${urn("gateway-client")} require-token-cap env OPENAI_BASE_URL of container gateway-client has no enforceable token or budget cap`,
    );
    expect(strict.filter((f) => f.startsWith(urn("gateway-client")))).toEqual([]);
    // sensitiveDataClasses: an environment unknown during preview matters for internal data now
    expect(defaults.filter((f) => f.startsWith(urn("batch-summariser")))).toEqual([]);
    expect(strict).toContainEqual(
      expect.stringMatching(new RegExp(`^${urn("batch-summariser").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} disallow-unresolved-endpoint `)),
    );
    // budgetPeriodDays: 1,000 tokens a minute of gpt-4.1 is $345.60 over 30 days, $80.64 over 7
    expect(defaults).toContain(`${urn("chat-deployment")} disallow-budget-overrun caps allow up to $345.60 per 30 days, over the workload budget of $150.00`);
    expect(strict.filter((f) => f.includes("disallow-budget-overrun"))).toEqual([]);
  });
});
