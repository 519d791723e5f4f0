/**
 * `modelgate bundle build` with an organisation pack: base rules plus the pack's rules, tests and
 * data overrides; the checks that keep org rules from patching built-in ones; the CLI using the
 * (signed) bundle.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildOrgBundle, PackTestError } from "../../src/bundle/org";
import { readTarGz, writeTarGz } from "../../src/bundle/tar";
import { CatalogError } from "../../src/catalog/load";
import { PolicyEngine } from "../../src/engine/engine";
import { readBundle } from "../../src/bundle/read";
import { scan } from "../../src/scan/scan";
import { ToolError } from "../../src/tools/opa";
import { buildExamplePack, keyPair, ORG_PACK, ROOT, runCli, tempDir, type KeyFiles } from "./pack-helpers";

jest.setTimeout(180_000);

let work: string;
let keys: KeyFiles;
let signed: string;

beforeAll(() => {
  work = tempDir();
  keys = keyPair(work, "ec");
  signed = path.join(work, "acme.tar.gz");
  buildExamplePack(signed, { key: keys.privateKey, keyId: "acme-2026" });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of examples/org-pack to break in one test. */
function packCopy(name: string): { rules: string; data: string; dir: string } {
  const dir = path.join(work, name);
  cpSync(ORG_PACK, dir, { recursive: true });
  return { dir, rules: path.join(dir, "rules"), data: path.join(dir, "data") };
}

const RULE_FILE = "rules/classification/require_workload_owner/require_workload_owner.rego";

describe("an organisation pack bundle", () => {
  it("carries the built-in rules, the pack's rule and the merged data, with a revision of version and digest", () => {
    const bundle = readBundle(signed);
    const manifest = JSON.parse(readTarGz(readFileSync(signed)).get(".manifest")!.toString("utf8"));
    expect(bundle.revision).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
    expect(manifest.metadata.modelgate).toMatchObject({
      pack: "acme",
      version: "1.0.0",
      rules: ["require-workload-owner"],
      base: { version: expect.any(String) },
    });
    expect(bundle.revision.endsWith(manifest.metadata.modelgate.digest.slice(0, 12))).toBe(true);
    const owner = bundle.catalog.rules.find((r) => r.id === "require-workload-owner");
    expect(owner).toMatchObject({ category: "classification", severity: "medium", since: "1.0.0", version: "1.0.0", pack: "acme", file: `acme/${RULE_FILE}` });
    expect(bundle.catalog.rules.filter((r) => !r.pack).length).toBe(readBundle(path.join(ROOT, "build", "bundle")).catalog.rules.length);
    const data = bundle.data as {
      modelgate: {
        policy: { deniedJurisdictions: { regulated: string[] }; internalDomains: string[] };
        index: { hosts: Record<string, string>; prices: Record<string, { input: number; byOperator?: Record<string, { input: number }> }> };
      };
    };
    expect(data.modelgate.policy.deniedJurisdictions.regulated).toEqual(["CN", "RU"]);
    expect(data.modelgate.policy.internalDomains).toEqual(["llm.acme.internal"]);
    expect(data.modelgate.index.hosts["llm.api.cloud.yandex.net"]).toBe("yandex-cloud");
    // the pack's negotiated OpenAI price; Azure OpenAI's list price stays the worst case
    expect(data.modelgate.index.prices["gpt-5.4-mini"].byOperator?.openai?.input).toBe(0.6);
  });

  it("enforces the pack's rule and denied jurisdiction on the example manifests", async () => {
    const engine = new PolicyEngine(readBundle(signed));
    const result = await scan({ paths: ["examples/org-pack"], cwd: ROOT, engine, workers: 0 });
    const byFile = (suffix: string) =>
      result.findings
        .filter((f) => f.file.endsWith(suffix))
        .map((f) => f.ruleId)
        .sort();
    expect(byFile("manifests/regulated-yandex.yaml")).toEqual(["disallow-denied-jurisdiction-endpoint", "require-token-cap"]);
    expect(byFile("fixtures/fail/no-owner.yaml")).toEqual(["require-workload-owner"]);
    expect(byFile("fixtures/pass/owner-label.yaml")).toEqual([]);
    const denied = result.findings.find((f) => f.ruleId === "disallow-denied-jurisdiction-endpoint")!;
    expect(denied.message).toContain("Yandex Cloud (RU)");
    expect(denied.line).toBeGreaterThan(0);
  });

  it("rebuilds to the same revision and changes it with any source", () => {
    const again = path.join(work, "again.tar.gz");
    const first = buildExamplePack(again);
    expect(first.revision).toBe(readBundle(signed).revision);
    const copy = packCopy("changed");
    const data = path.join(copy.data, "org-policy.json");
    writeFileSync(data, readFileSync(data, "utf8").replace('"RU"', '"RU", "BY"'));
    const changed = buildOrgBundle({ rulesDir: copy.rules, dataPath: copy.data, out: path.join(work, "changed.tar.gz"), packVersion: "1.0.0", name: "acme" });
    expect(changed.revision).not.toBe(first.revision);
    expect(changed.revision.startsWith("1.0.0+")).toBe(true);
  });

  it("builds from one data-override file as well as a folder", () => {
    const file = path.join(work, "overrides.json");
    const read = (name: string) => JSON.parse(readFileSync(path.join(ORG_PACK, "data", name), "utf8"));
    writeFileSync(file, JSON.stringify({ policy: read("org-policy.json"), providers: read("providers.json"), pricing: read("pricing.json") }));
    const result = buildOrgBundle({
      rulesDir: path.join(ORG_PACK, "rules"),
      dataPath: file,
      out: path.join(work, "one-file.tar.gz"),
      packVersion: "1.0.1",
      name: "acme",
    });
    expect(result.dataChanges).toEqual([
      "policy: deniedJurisdictions, internalDomains replaced",
      "providers: added yandex-cloud, sber-gigachat",
      "pricing: 1 price replaced, 0 added",
    ]);
  });
});

describe("bundle build refuses", () => {
  const build = (copy: { rules: string; data: string }) =>
    buildOrgBundle({
      rulesDir: copy.rules,
      dataPath: copy.data,
      out: path.join(work, `bad-${Math.random().toString(36).slice(2)}.tar.gz`),
      packVersion: "1.0.0",
      name: "acme",
    });
  const edit = (copy: { dir: string }, file: string, from: string | RegExp, to: string) => {
    const full = path.join(copy.dir, file);
    writeFileSync(full, readFileSync(full, "utf8").replace(from, to));
  };

  it("a pack whose Rego tests fail, with opa's report", () => {
    const copy = packCopy("failing-test");
    edit(copy, RULE_FILE.replace(".rego", "_test.rego"), '"severity": "medium"', '"severity": "high"');
    expect(() => build(copy)).toThrow(PackTestError);
    expect(() => build(copy)).toThrow(/test_fail_no_owner/);
  });

  it("a rule that changes a built-in package", () => {
    const copy = packCopy("patching");
    edit(copy, RULE_FILE, /^package .*$/m, "package modelgate.rules.budget.require_token_cap");
    expect(() => build(copy)).toThrow(/is a built-in rule; organisation rules add packages/);
  });

  it("a package outside modelgate.rules.<family>.<rule>", () => {
    const copy = packCopy("outside");
    edit(copy, RULE_FILE, /^package .*$/m, "package modelgate.lib");
    edit(copy, RULE_FILE.replace(".rego", "_test.rego"), "modelgate.rules.classification.require_workload_owner as rule", "modelgate.lib as rule");
    expect(() => build(copy)).toThrow(ToolError);
    expect(() => build(copy)).toThrow(/must be modelgate\.rules\.<family>\.<rule>/);
  });

  it("a rule without the version METADATA", () => {
    const copy = packCopy("unversioned");
    edit(copy, RULE_FILE, /^#\s+version: 1\.0\.0\n/m, "");
    expect(() => build(copy)).toThrow(/METADATA custom\.version/);
  });

  it("a rule that builds findings by hand instead of with lib.finding", () => {
    const copy = packCopy("by-hand");
    edit(copy, RULE_FILE, "lib.finding(rego.metadata.chain(), input.workload, message)", '{"ruleId": "require-workload-owner", "message": message}');
    edit(copy, RULE_FILE, "import data.modelgate.lib\n", "");
    expect(() => build(copy)).toThrow(/build findings with lib\.finding/);
  });

  it("a rule without tests", () => {
    const copy = packCopy("untested");
    rmSync(path.join(copy.dir, RULE_FILE.replace(".rego", "_test.rego")));
    expect(() => build(copy)).toThrow(/has no \*_test\.rego beside it/);
  });

  it("data overrides that do not match the schemas, naming the file and pointer", () => {
    const copy = packCopy("bad-data");
    edit(copy, "data/org-policy.json", '"RU"', '"Russia"');
    expect(() => build(copy)).toThrow(CatalogError);
    expect(() => build(copy)).toThrow(/org-policy\.json is not a valid organisation-policy override[\s\S]*\/deniedJurisdictions\/regulated\/1/);
  });

  it("data overrides that claim a host another operator owns", () => {
    const copy = packCopy("conflict");
    edit(copy, "data/providers.json", '"hosts": ["llm.api.cloud.yandex.net"]', '"hosts": ["api.openai.com"]');
    expect(() => build(copy)).toThrow(/host "api\.openai\.com" is claimed by both openai and yandex-cloud/);
  });

  it("an unknown data file", () => {
    const copy = packCopy("unknown-file");
    writeFileSync(path.join(copy.data, "prices.json"), "{}");
    expect(() => build(copy)).toThrow(/prices\.json: unknown data file/);
  });
});

describe("the CLI with a signed pack", () => {
  it("checks with --bundle and --verification-key, and names the pack's revision", async () => {
    const run = await runCli(["check", "examples/org-pack", "--bundle", signed, "--verification-key", keys.publicKey, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.bundle.revision).toMatch(/^1\.0\.0\+/);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(
      expect.arrayContaining(["require-workload-owner", "disallow-denied-jurisdiction-endpoint"]),
    );
  });

  it("refuses a tampered bundle with exit 2 and the file's name", async () => {
    const files = readTarGz(readFileSync(signed));
    files.set("data.json", Buffer.from(files.get("data.json")!.toString("utf8").replace('"RU"', '"XX"')));
    const tampered = path.join(work, "cli-tampered.tar.gz");
    writeFileSync(tampered, writeTarGz(files));
    const run = await runCli(["check", "examples/org-pack", "--bundle", tampered], { MODELGATE_VERIFICATION_KEY: keys.publicKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("data.json was modified after signing");
    expect(run.stdout).toBe("");
  });

  it("refuses to run the unsigned built-in rules when a verification key is configured", async () => {
    const run = await runCli(["check", "examples/org-pack"], { MODELGATE_VERIFICATION_KEY: keys.publicKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/verification key is configured \(MODELGATE_VERIFICATION_KEY\) but no --bundle is given/);
  });

  it("lets a project config tighten a signed pack, never loosen it, and reports what it tried to loosen", async () => {
    const config = path.join(work, "modelgate.yaml");
    writeFileSync(
      config,
      [
        "apiVersion: modelgate.dev/v1",
        "kind: Config",
        "rules:",
        "  disallow-denied-jurisdiction-endpoint: off",
        "  require-token-cap: warn",
        "policy:",
        "  deniedJurisdictions: {regulated: [US], dataClasses: {}, regimes: {}}",
        "  internalDomains: [llm.acme.internal, api.deepseek.com]",
        "",
      ].join("\n"),
    );
    const run = await runCli(["check", "examples/org-pack", "--bundle", signed, "--verification-key", keys.publicKey, "--config", config, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /modelgate\.yaml:4:\d+: \/rules\/disallow-denied-jurisdiction-endpoint would set disallow-denied-jurisdiction-endpoint to off; the signed pack's rules stay enforced/,
    );
    expect(run.stderr).toMatch(/\/rules\/require-token-cap would set require-token-cap to warn/);
    expect(run.stderr).toMatch(/\/policy\/deniedJurisdictions\/regulated would drop CN, RU from the jurisdictions denied to regulated workloads/);
    expect(run.stderr).toMatch(/\/policy\/internalDomains would add api\.deepseek\.com to internalDomains; ignored/);
    const report = JSON.parse(run.stdout);
    expect(report.configIgnored).toHaveLength(4);
    const findings = report.findings as Array<{ ruleId: string; enforcement?: string; message: string }>;
    // the pack's rules and policy still apply: a CN endpoint is denied, and enforced
    expect(findings.some((f) => f.ruleId === "disallow-denied-jurisdiction-endpoint" && f.enforcement !== "warn")).toBe(true);
    expect(findings.filter((f) => f.ruleId === "require-token-cap").every((f) => f.enforcement !== "warn")).toBe(true);
  });

  it("bundle build and bundle verify from the command line", async () => {
    const out = path.join(work, "cli.tar.gz");
    const built = await runCli([
      "bundle",
      "build",
      "--rules",
      "examples/org-pack/rules",
      "--data",
      "examples/org-pack/data",
      "--name",
      "acme",
      "--pack-version",
      "1.2.0",
      "--out",
      out,
      "--signing-key",
      keys.privateKey,
      "--signing-alg",
      "ES256",
      "--key-id",
      "acme-ci",
    ]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/signed\s+ES256, key id acme-ci; \d+ files verified/);
    expect(built.stdout).toContain("1 from the pack (require-workload-owner)");
    const verified = await runCli(["bundle", "verify", out, "--verification-key", keys.publicKey, "--key-id", "acme-ci"]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^verified .*: revision 1\.2\.0\+[0-9a-f]{12}, ES256 signature by key id acme-ci/);
    const wrongId = await runCli(["bundle", "verify", out, "--verification-key", keys.publicKey, "--key-id", "other"]);
    expect(wrongId.code).toBe(2);
    const rsaKey = keyPair(work, "rsa", "cli-rsa");
    const mismatch = await runCli([
      "bundle",
      "build",
      "--pack-version",
      "1.0.0",
      "--out",
      path.join(work, "x.tar.gz"),
      "--signing-key",
      rsaKey.privateKey,
      "--signing-alg",
      "ES256",
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/is an RSA key, which signs RS256, not ES256/);
  });

  it("exits 1 when the pack's tests fail", async () => {
    const copy = packCopy("cli-failing");
    const test = path.join(copy.dir, RULE_FILE.replace(".rego", "_test.rego"));
    writeFileSync(test, readFileSync(test, "utf8").replace('"severity": "medium"', '"severity": "low"'));
    const run = await runCli(["bundle", "build", "--rules", copy.rules, "--pack-version", "1.0.0", "--out", path.join(work, "never.tar.gz")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Rego tests failed, so no bundle was written/);
  });
});
