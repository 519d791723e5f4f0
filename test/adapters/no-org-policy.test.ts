/**
 * Adapters state facts; what is sensitive, internal, self-hosted or binding is decided in
 * policies/lib from data an organisation pack can override. So no code under src/adapters (nor
 * the settings adapters get from the bundle) may read organisation policy: no key of
 * schemas/org-policy.schema.json appears in it, and the adapter settings are the same whatever
 * the bundle's policy says.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../../src/paths";
import { settingsFromBundleData } from "../../src/scan/settings";
import { defaultEngine } from "../helpers/engine";

const ADAPTERS = path.join(paths.root, "src", "adapters");
const SETTINGS = path.join(paths.root, "src", "scan", "settings.ts");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const policyKeys = Object.keys(
  (JSON.parse(readFileSync(path.join(paths.schemas, "org-policy.schema.json"), "utf8")) as { properties: Record<string, unknown> }).properties,
).filter((key) => key !== "$schema");

/** `file:line pattern` for every mention of an organisation-policy key or of the policy object itself. */
function policyReads(file: string, text = readFileSync(file, "utf8")): string[] {
  const patterns = [...policyKeys.map((key) => new RegExp(`\\b${key}\\b`)), /modelgate\??\.policy\b/];
  const hits: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const pattern of patterns) if (pattern.test(line)) hits.push(`${path.relative(paths.root, file)}:${i + 1} ${pattern.source}`);
  });
  return hits;
}

describe("adapters never read organisation policy", () => {
  const files = [...sources(ADAPTERS), SETTINGS];

  test("the keys checked are those of the organisation policy", () => {
    expect(policyKeys).toEqual(
      expect.arrayContaining([
        "sensitiveDataClasses",
        "internalDomains",
        "internalNetworks",
        "defaultClassification",
        "budgetPeriodDays",
        "ownAccountEndpointsSelfHosted",
      ]),
    );
    expect(files.length).toBeGreaterThan(50);
  });

  test("no source under src/adapters names an organisation-policy key", () => {
    expect(files.flatMap((file) => policyReads(file))).toEqual([]);
  });

  test("the check finds a policy read when there is one", () => {
    const planted = path.join(ADAPTERS, "planted.ts");
    expect(policyReads(planted, "const domains = settings.internalDomains;\nconst policy = data.modelgate.policy;\n")).toEqual([
      "src/adapters/planted.ts:1 \\binternalDomains\\b",
      "src/adapters/planted.ts:2 modelgate\\??\\.policy\\b",
    ]);
  });

  test("adapter settings are the same whatever the bundle's policy says", () => {
    const data = defaultEngine().bundle.data as { modelgate: Record<string, unknown> };
    const other = {
      ...data,
      modelgate: {
        ...data.modelgate,
        policy: {
          ...(data.modelgate.policy as object),
          sensitiveDataClasses: ["public", "internal"],
          internalDomains: ["corp.example"],
          internalNetworks: [],
          defaultClassification: { dataClass: "restricted", regulated: true },
          budgetPeriodDays: 7,
          ownAccountEndpointsSelfHosted: false,
        },
      },
    };
    expect(settingsFromBundleData(other)).toEqual(settingsFromBundleData(data));
    expect(settingsFromBundleData({ ...data, modelgate: { ...data.modelgate, policy: undefined } })).toEqual(settingsFromBundleData(data));
  });
});
