/** `modelgate catalog diff A B`: what a pack or catalogue update changes, for review. */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../../src/bundle/ensure";
import { diffBundles, diffIsEmpty, renderDiffText } from "../../src/bundle/diff";
import { readBundle } from "../../src/bundle/read";
import { buildOrgBundle } from "../../src/bundle/org";
import { buildExamplePack, ORG_PACK, runCli, tempDir } from "../bundle/pack-helpers";

jest.setTimeout(120_000);

let work: string;
let pack: string;

beforeAll(() => {
  work = tempDir();
  pack = path.join(work, "acme.tar.gz");
  buildExamplePack(pack);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("catalog diff", () => {
  it("lists policy keys, operators, hosts, prices and rules the pack changes", () => {
    const diff = diffBundles(readBundle(ensureDefaultBundle()), readBundle(pack));
    expect(diff.policy.map((p) => p.key)).toEqual(["deniedJurisdictions", "internalDomains"]);
    expect(diff.operators.added.map((o) => o.id)).toEqual(["sber-gigachat", "yandex-cloud"]);
    expect(diff.hosts.added).toEqual(expect.arrayContaining([{ id: "llm.api.cloud.yandex.net", host: "llm.api.cloud.yandex.net", operator: "yandex-cloud" }]));
    expect(diff.prices.changed).toEqual([
      {
        id: "openai/gpt-5.4-mini",
        changes: [
          { field: "input", from: 0.75, to: 0.6 },
          { field: "output", from: 4.5, to: 3.6 },
          { field: "asOf", from: "2026-07-02", to: "2026-09-01" },
        ],
      },
    ]);
    expect(diff.rules.added).toEqual([{ id: "require-workload-owner", category: "classification", severity: "medium", version: "1.0.0" }]);
    expect(diff.rules.removed).toEqual([]);
    const text = renderDiffText(diff);
    expect(text).toContain("~ deniedJurisdictions.regulated: +RU");
    expect(text).toContain("+ llm.api.cloud.yandex.net -> yandex-cloud");
    expect(text).toContain("+ require-workload-owner: classification, medium, version 1.0.0");
  });

  it("reports a changed rule, naming the changed METADATA and Rego", () => {
    const copy = path.join(work, "pack");
    cpSync(ORG_PACK, copy, { recursive: true });
    const rule = path.join(copy, "rules/classification/require_workload_owner/require_workload_owner.rego");
    writeFileSync(
      rule,
      readFileSync(rule, "utf8")
        .replace("severity: medium", "severity: high")
        .replace("version: 1.0.0", "version: 1.1.0")
        .replace("names no owner", "has no owner"),
    );
    const test = rule.replace(".rego", "_test.rego");
    writeFileSync(test, readFileSync(test, "utf8").replace('"severity": "medium"', '"severity": "high"').replace("names no owner", "has no owner"));
    const changed = path.join(work, "changed.tar.gz");
    buildOrgBundle({ rulesDir: path.join(copy, "rules"), dataPath: path.join(copy, "data"), out: changed, packVersion: "1.1.0", name: "acme" });
    const diff = diffBundles(readBundle(pack), readBundle(changed));
    expect(diff.rules.changed).toEqual([
      {
        id: "require-workload-owner",
        changes: [
          { field: "severity", from: "medium", to: "high" },
          { field: "version", from: "1.0.0", to: "1.1.0" },
          { field: "rego", from: expect.stringMatching(/^[0-9a-f]{12}$/), to: expect.stringMatching(/^[0-9a-f]{12}$/) },
        ],
      },
    ]);
    expect(renderDiffText(diff)).toContain("~ require-workload-owner: severity: medium -> high; version: 1.0.0 -> 1.1.0; rego: ");
    expect(diffBundles(readBundle(pack), readBundle(ensureDefaultBundle())).rules.removed.map((r) => r.id)).toEqual(["require-workload-owner"]);
    expect(diffIsEmpty(diffBundles(readBundle(pack), readBundle(pack)))).toBe(true);
  });

  it("exits 1 when the bundles differ and 0 when they do not, as text or json", async () => {
    const differ = await runCli(["catalog", "diff", "builtin", pack, "--format", "json"]);
    expect(differ.code).toBe(1);
    expect(JSON.parse(differ.stdout).rules.added[0].id).toBe("require-workload-owner");
    const same = await runCli(["catalog", "diff", pack, pack]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("no differences");
  });
});
