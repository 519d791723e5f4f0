/**
 * Layer b: the pack started exactly as the Pulumi language host starts it, driven over the real
 * analyzer gRPC protocol in the engine's order: Handshake, GetPluginInfo, ConfigureStack,
 * GetAnalyzerInfo, Configure, Analyze per resource, AnalyzeStack, Remediate.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { status } from "@grpc/grpc-js";
import { ensurePackBuilt, PackProcess, type AnalyzerInfo, type Diagnostic, type StackResource } from "./harness/grpc";

jest.setTimeout(120_000);

function state(name: string): StackResource[] {
  const doc = JSON.parse(readFileSync(path.join(__dirname, "fixtures", name), "utf8")) as { deployment: { resources: StackResource[] } };
  return doc.deployment.resources.filter((resource) => !resource.type.startsWith("pulumi:"));
}

const STACK_CONFIG = { "modelgate-demo:region": "eu-west-1" };

describe("the pack over the analyzer protocol", () => {
  const pack = new PackProcess();
  let info: AnalyzerInfo;

  beforeAll(async () => {
    ensurePackBuilt();
    await pack.start({ stack: "violating", dryRun: true, config: STACK_CONFIG });
  });

  afterAll(async () => {
    await pack.stop();
  });

  it("starts from precompiled JavaScript in a few seconds", () => {
    expect(pack.startupMs).toBeLessThan(30_000);
    expect(pack.stderr).not.toMatch(/TSError|ts-node/);
  });

  it("Handshake: left to the language host's policy proxy (the Node SDK does not implement it)", async () => {
    await expect(pack.handshake()).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  });

  it("GetPluginInfo and ConfigureStack", async () => {
    expect(await pack.pluginVersion()).toMatch(/1\.21\.0/);
    await expect(pack.configureStack({ stack: "violating", dryRun: true, config: STACK_CONFIG }, { "modelgate:team": "payments" })).resolves.toBeDefined();
  });

  it("GetAnalyzerInfo: one policy per rule with its metadata and config schema", async () => {
    info = await pack.analyzerInfo();
    expect(info).toMatchObject({ name: "modelgate", version: "0.1.0", supportsconfig: true });
    const endpoint = info.policiesList.find((p) => p.name === "disallow-denied-jurisdiction-endpoint")!;
    expect(endpoint).toMatchObject({
      description: "Regulated workload reaches an operator in a denied jurisdiction",
      enforcementlevel: 1,
      policyType: 1,
      severity: 4,
      url: "https://modelgate.dev/rules/disallow-denied-jurisdiction-endpoint",
    });
    expect(endpoint.remediationSteps).toMatch(/serve the same open/);
    expect(info.policiesList.find((p) => p.name === "require-pinned-weights")).toMatchObject({ enforcementlevel: 0, severity: 2 });
    expect(info.policiesList.find((p) => p.name === "flag-denied-origin-model")).toMatchObject({ enforcementlevel: 2 });
    expect(Object.keys(info.schemas[0])).toEqual(
      expect.arrayContaining(["deniedJurisdictions", "internalDomains", "defaultClassification", "bundle", "previewUnknowns"]),
    );
  });

  const analyzed: Diagnostic[] = [];

  it("Configure, then Analyze each resource: cloud resources are checked one by one", async () => {
    await pack.configure(info, {
      all: "mandatory",
      "require-pinned-weights": "advisory",
      "require-token-cap": { enforcementLevel: "advisory", internalDomains: ["corp.example"] },
    });
    for (const resource of state("violating-stack.json")) {
      const { diagnostics, notApplicable } = await pack.analyze(resource);
      if (resource.type.startsWith("kubernetes:")) {
        expect(diagnostics).toEqual([]);
        expect(notApplicable[0]?.reason).toBe("Kubernetes objects are checked with the whole stack (validateStack)");
      }
      analyzed.push(...diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn })));
    }
    const lambda = analyzed.filter((d) => d.urn.endsWith("::claims-agent"));
    expect(lambda.map((d) => `${d.policyName} ${d.enforcementLevel}`).sort()).toEqual([
      "disallow-denied-jurisdiction-endpoint mandatory",
      "require-token-cap advisory",
    ]);
    expect(lambda.find((d) => d.policyName === "disallow-denied-jurisdiction-endpoint")!.message).toBe(
      "Regulated workload reaches an operator in a denied jurisdiction\nenv ANTHROPIC_BASE_URL of container claims-agent reaches api.moonshot.ai, operated by Moonshot AI (international platform, Kimi) (CN, part of Moonshot AI (China platform)), in a denied jurisdiction (CN) for this workload (at /environment/variables/ANTHROPIC_BASE_URL)",
    );
    expect(analyzed.find((d) => d.policyName === "require-pinned-weights")).toMatchObject({ enforcementLevel: "advisory", policyPackName: "modelgate" });
  });

  it("AnalyzeStack: Kubernetes objects joined across the stack, reported on the workload's URN", async () => {
    const diagnostics = await pack.analyzeStack(state("violating-stack.json"));
    expect(diagnostics.map((d) => `${d.policyName} ${d.urn.slice(d.urn.lastIndexOf("::") + 2)}`).sort()).toEqual([
      "disallow-denied-jurisdiction-endpoint chat-api",
      "disallow-denied-jurisdiction-provider-key summarizer",
      // the residual sweep: an SSM parameter and a ConfigMap no workload reads, each naming a Chinese operator
      "flag-unattributed-llm-reference llm-base-url",
      "flag-unattributed-llm-reference orphan-llm-env",
      "require-token-cap chat-api",
      "require-token-cap summarizer",
    ]);
  });

  it("Remediate: the pack rewrites nothing", async () => {
    const result = await pack.remediate(state("violating-stack.json")[0]);
    expect(result.remediations).toEqual([]);
  });

  it("reports unknown values during preview explicitly at the policy's level, never as the SDK's advisory fallback", async () => {
    const [lambda] = state("preview-unknowns-stack.json");
    const { diagnostics } = await pack.analyze(lambda);
    const unresolved = diagnostics.find((d) => d.policyName === "disallow-unresolved-endpoint")!;
    expect(unresolved.enforcementLevel).toBe("mandatory");
    expect(unresolved.message).toContain("unknown during preview");
    expect(diagnostics.some((d) => d.message.includes("can't run policy"))).toBe(false);
    await pack.configure(info, { "disallow-unresolved-endpoint": { previewUnknowns: "warn" } });
    const warned = (await pack.analyze(lambda)).diagnostics.find((d) => d.policyName === "disallow-unresolved-endpoint")!;
    expect(warned.enforcementLevel).toBe("advisory");
    expect(warned.message).toContain("the update checks the real value");
  });

  it("fails a bad option with a clear error instead of ignoring it", async () => {
    await pack.configure(info, { "require-token-cap": { internalDomains: ["Bad Domain"] } });
    await expect(pack.analyze(state("violating-stack.json").find((r) => r.type.startsWith("aws:lambda"))!)).rejects.toMatchObject({
      details: expect.stringContaining("invalid configuration for policy require-token-cap: /internalDomains/0 must match pattern"),
    });
  });
});

describe("the compliant stack over the analyzer protocol", () => {
  const pack = new PackProcess();

  beforeAll(async () => {
    ensurePackBuilt();
    await pack.start({ stack: "compliant", dryRun: false });
  });

  afterAll(async () => {
    await pack.stop();
  });

  it("reports nothing", async () => {
    await pack.configureStack({ stack: "compliant", dryRun: false });
    const info = await pack.analyzerInfo();
    await pack.configure(info, {});
    const resources = state("compliant-stack.json");
    for (const resource of resources) expect((await pack.analyze(resource)).diagnostics).toEqual([]);
    expect(await pack.analyzeStack(resources)).toEqual([]);
  });
});
