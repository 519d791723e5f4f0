import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BundleError } from "../../src/errors";
import { ENTRYPOINT, PolicyEngine } from "../../src/engine/engine";
import { readBundle } from "../../src/bundle/read";
import type { LlmUsageDocument } from "../../src/model/canonical";
import { emptyLimits } from "../../src/model/canonical";
import { defaultEngine } from "../helpers/engine";

const BUNDLE = path.join(__dirname, "..", "..", "build", "bundle");
const source = { file: "app.yaml", line: 3, column: 1, pointer: "" };

function document(overrides: Partial<LlmUsageDocument> = {}): LlmUsageDocument {
  return {
    apiVersion: "modelgate.dev/v1",
    kind: "LLMUsage",
    workload: { kind: "Deployment", name: "chat", namespace: "prod", resource: "Deployment/prod/chat", source },
    classification: { dataClass: "internal", regulated: true },
    classificationSource: null,
    classificationErrors: [],
    routes: [],
    servers: [],
    limits: emptyLimits(),
    problems: [],
    ...overrides,
  };
}

describe("PolicyEngine", () => {
  it("evaluates a canonical document with the compiled rules", () => {
    const findings = defaultEngine().evaluate(
      document({
        routes: [
          {
            id: "r",
            via: "env OPENAI_BASE_URL",
            source,
            endpoint: {
              raw: "https://api.deepseek.com/v1",
              url: "https://api.deepseek.com/v1",
              scheme: "https",
              host: "api.deepseek.com",
              port: null,
              path: "/v1",
              registrableDomain: "deepseek.com",
              hostKind: "dns",
              problems: [],
              alternateHosts: [],
              lookalikeOf: null,
            },
            unresolvedEndpoint: null,
            provider: { sdkPrefix: null, keyVar: null, type: null },
            model: { id: null, raw: null, resolved: false },
            routing: null,
            limits: emptyLimits(),
            fallbacks: [],
          },
        ],
      }),
    );
    expect(findings.map((f) => f.ruleId).sort()).toEqual(["disallow-denied-jurisdiction-endpoint", "require-token-cap"]);
    const finding = findings.find((f) => f.ruleId === "disallow-denied-jurisdiction-endpoint")!;
    expect(finding).toMatchObject({
      severity: "critical",
      category: "jurisdiction",
      file: "app.yaml",
      line: 3,
      resource: "Deployment/prod/chat",
      subject: "r",
      waived: false,
    });
    expect(finding.remediation).not.toMatch(/\n$/);
  });

  it("fails closed on a document that is not canonical", () => {
    const findings = defaultEngine().evaluate({ kind: "Deployment" } as unknown as LlmUsageDocument);
    expect(findings.map((f) => f.ruleId)).toEqual(["evaluation-error"]);
  });

  it("turns a runtime failure into an evaluation-error finding and recovers", () => {
    // 200 pages (12.5 MiB) hold the data (about 136 pages with the price catalogue) but not a
    // 16 MiB document as well: the runtime throws.
    const engine = new PolicyEngine(readBundle(BUNDLE), 200);
    const huge = document({ problems: [{ message: "x".repeat(16 * 1024 * 1024), source }] });
    const failed = engine.evaluate(huge);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ ruleId: "evaluation-error", severity: "critical", resource: "Deployment/prod/chat" });
    expect(failed[0].message).toMatch(/rule evaluation failed: .+/);
    expect(engine.evaluate(document()).map((f) => f.ruleId)).toEqual([]);
  });

  it("loads the same rules from the OPA bundle tarball", () => {
    const fromTarball = new PolicyEngine(readBundle(path.join(BUNDLE, "bundle.tar.gz")));
    expect(fromTarball.bundle.revision).toBe(defaultEngine().bundle.revision);
    expect(fromTarball.catalog.rules.map((r) => r.id)).toEqual(defaultEngine().catalog.rules.map((r) => r.id));
  });

  it("exposes one entrypoint and a revision carrying the version and a source digest", () => {
    expect(defaultEngine().bundle.revision).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    expect(ENTRYPOINT).toBe("modelgate/main/findings");
  });

  describe("refuses broken bundles with a clear error", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bundle-"));
      cpSync(BUNDLE, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ["a missing policy.wasm", (d: string) => rmSync(path.join(d, "policy.wasm")), /has no policy\.wasm/],
      ["a corrupt policy.wasm", (d: string) => writeFileSync(path.join(d, "policy.wasm"), "not wasm"), /not a valid WebAssembly module/],
      ["data.json that is not JSON", (d: string) => writeFileSync(path.join(d, "data.json"), "{"), /data\.json is not valid JSON/],
      [
        "data without a rule catalogue",
        (d: string) => {
          const data = JSON.parse(readFileSync(path.join(d, "data.json"), "utf8"));
          delete data.modelgate.catalog.rules;
          writeFileSync(path.join(d, "data.json"), JSON.stringify(data));
        },
        /carries no rule catalogue/,
      ],
      ["a path that does not exist", (d: string) => rmSync(d, { recursive: true }), /does not exist/],
    ])("%s", (_name, damage, message) => {
      damage(dir);
      expect(() => new PolicyEngine(readBundle(dir))).toThrow(BundleError);
      expect(() => new PolicyEngine(readBundle(dir))).toThrow(message);
    });
  });
});
