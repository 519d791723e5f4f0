/**
 * Layer c: the real Pulumi CLI (v3.274.1, built from tools/pulumi/go.mod) running the pack:
 * `pulumi policy analyze --file <state.json> --policy-pack packs/modelgate` on the state fixtures,
 * and `pulumi preview --policy-pack packs/modelgate` on the root demo program with a local file
 * backend and passphrase secrets. Where the CLI could not be built, every test here is skipped
 * with the exact reason printed.
 */

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { scan } from "../../src/scan/scan";
import { pulumiTools, PULUMI_VERSION, type PulumiTools } from "../../src/tools/pulumi";
import { defaultEngine } from "../helpers/engine";
import { ensurePackBuilt, PACK_DIR, ROOT } from "./harness/grpc";

jest.setTimeout(300_000);

let tools: PulumiTools | null = null;
let unavailable = "";
try {
  tools = pulumiTools({ build: false });
} catch (error) {
  unavailable = (error as Error).message;
  process.stderr.write(`\nSKIPPED test/pulumi/cli.test.ts (real Pulumi CLI layer): ${unavailable}\n`);
}
const withCli = tools ? describe : describe.skip;

let home = "";
let workDir = "";

function pulumi(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(tools!.pulumi, args, {
    cwd,
    encoding: "utf8",
    timeout: 240_000,
    env: {
      ...process.env,
      PATH: `${tools!.bin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "modelgate-demo",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_SKIP_COMPONENT_INPUTS: "",
      NO_COLOR: "1",
    },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!tools) return;
  ensurePackBuilt();
  home = mkdtempSync(path.join(os.tmpdir(), "modelgate-pulumi-"));
  // the demo project is copied so the CLI's stack files (encryption salt) never touch the repository
  workDir = path.join(home, "project");
  mkdirSync(path.join(home, "state"));
  for (const name of ["Pulumi.yaml", "Pulumi.compliant.yaml", "Pulumi.violating.yaml", "demo"])
    cpSync(path.join(ROOT, name), path.join(workDir, name), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(workDir, "node_modules"));
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

if (!tools) {
  test.todo(`real Pulumi CLI layer: skipped because ${unavailable}`);
}

withCli(`pulumi policy analyze --file (Pulumi ${PULUMI_VERSION})`, () => {
  const fixture = (name: string) => path.join(__dirname, "fixtures", name);

  it("the CLI is the pinned release", () => {
    expect(pulumi(["version"], ROOT).stdout.trim()).toBe(`v${PULUMI_VERSION}`);
  });

  it("fails the violating state on mandatory violations, with Modelgate's rule ids and messages", () => {
    const run = pulumi(["policy", "analyze", "--file", fixture("violating-stack.json"), "--policy-pack", PACK_DIR], ROOT);
    const output = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(output).toContain("error: one or more mandatory policy violations were found");
    expect(output).toMatch(/\[mandatory\] \[severity: critical\]\s+disallow-denied-jurisdiction-endpoint\s+\(aws:lambda:Function: claims-agent\)/);
    expect(output).toContain("env ANTHROPIC_BASE_URL of container claims-agent reaches api.moonshot.ai");
    expect(output).toMatch(/disallow-denied-jurisdiction-endpoint\s+\(kubernetes:apps\/v1:Deployment: chat-api\)/);
    expect(output).toMatch(/\[advisory\] \[severity: medium\]\s+require-pinned-weights\s+\(aws:sagemaker:Model: reasoner\)/);
  });

  it("reports the same (resource, rule) pairs in --json as the unit layer", () => {
    const run = pulumi(["policy", "analyze", "--file", fixture("violating-stack.json"), "--policy-pack", PACK_DIR, "--json"], ROOT);
    const events = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { policyEvent?: { resourceUrn: string; policyName: string; enforcementLevel: string } })
      .filter((event) => event.policyEvent)
      .map((event) => `${event.policyEvent!.resourceUrn.slice(event.policyEvent!.resourceUrn.lastIndexOf("::") + 2)} ${event.policyEvent!.policyName}`);
    expect(events).toContain("claims-agent disallow-denied-jurisdiction-endpoint");
    expect(events).toContain("summarizer disallow-denied-jurisdiction-provider-key");
    expect(events).toContain("triage disallow-unresolved-endpoint");
    expect(events).toContain("ledger-worker require-self-hosted-for-sensitive");
  });

  it("passes the compliant state", () => {
    const run = pulumi(["policy", "analyze", "--file", fixture("compliant-stack.json"), "--policy-pack", PACK_DIR], ROOT);
    expect(run.stdout + run.stderr).toContain("modelgate@v0.1.0");
    expect(run.status).toBe(0);
  });

  it("applies --policy-pack-config: a rule set to advisory no longer fails the run", () => {
    const config = path.join(home, "advisory.json");
    writeFileSync(config, JSON.stringify({ all: "advisory" }));
    const run = pulumi(["policy", "analyze", "--file", fixture("violating-stack.json"), "--policy-pack", PACK_DIR, "--policy-pack-config", config], ROOT);
    expect(run.stdout + run.stderr).toMatch(/\[advisory\] \[severity: critical\]\s+disallow-denied-jurisdiction-endpoint/);
    expect(run.status).toBe(0);
  });
});

withCli(`pulumi preview --policy-pack on the demo program (Pulumi ${PULUMI_VERSION})`, () => {
  beforeAll(() => {
    for (const stack of ["violating", "compliant"]) {
      const init = pulumi(["stack", "init", stack, "--non-interactive"], workDir);
      if (init.status !== 0) throw new Error(`pulumi stack init ${stack} failed:\n${init.stdout}${init.stderr}`);
    }
  });

  it("fails the violating stack with Modelgate's messages", () => {
    const run = pulumi(["preview", "--stack", "violating", "--policy-pack", PACK_DIR, "--non-interactive"], workDir);
    const output = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(output).toMatch(/❌ modelgate@v0\.1\.0/);
    expect(output).toMatch(/\[mandatory\] \[severity: critical\]\s+disallow-denied-jurisdiction-endpoint\s+\(kubernetes:apps\/v1:Deployment: chat-api\)/);
    expect(output).toContain("(from ConfigMap payments/chat-llm-config key OPENAI_BASE_URL) reaches api.deepseek.com, operated by DeepSeek (CN)");
    expect(output).toMatch(/disallow-denied-jurisdiction-endpoint\s+\(aws:lambda:Function: claims-agent\)/);
  });

  it("writes a plan (`pulumi preview --json`) that `modelgate check` reads with the same rule ids as the pack", async () => {
    const run = pulumi(["preview", "--stack", "violating", "--json"], workDir);
    expect(run.status).toBe(0);
    const plan = path.join(home, "preview.json");
    writeFileSync(plan, run.stdout);
    const result = await scan({ paths: [plan], cwd: home, engine: defaultEngine() });
    expect([...new Set(result.findings.map((f) => `${f.resource} ${f.ruleId}`))].sort()).toEqual([
      "Deployment/payments/chat-api disallow-denied-jurisdiction-endpoint",
      "Deployment/payments/chat-api require-token-cap",
      "aws:lambda:Function/claims-agent disallow-denied-jurisdiction-endpoint",
      "aws:lambda:Function/claims-agent require-token-cap",
    ]);
  });

  it("passes the compliant stack", () => {
    const run = pulumi(["preview", "--stack", "compliant", "--policy-pack", PACK_DIR, "--non-interactive"], workDir);
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/✅ modelgate@v0\.1\.0/);
    expect(run.status).toBe(0);
  });
});
