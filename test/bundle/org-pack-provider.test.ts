/**
 * A provider an organisation pack adds is recognised by every adapter without a code change:
 * examples/org-pack/data/providers.json gives Yandex Cloud a host, an SDK prefix (`yandex/`), a key
 * variable and a base-URL variable, and adapters read them from the bundle's data.
 *
 * Each folder under org-provider/ holds input files and expected.json `{"route": {...}}`: with the
 * pack's merged data some route of the adapted documents matches `route`; with the built-in
 * catalogue none does, so the recognition comes from the pack's data alone. The last test runs the
 * CLI's scan with the built, signed pack bundle on the same folders.
 */

import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { adaptDocuments } from "../../src/adapters/core/adapt";
import { ADAPTERS } from "../../src/adapters/registry";
import { bundleData } from "../../src/bundle/index-data";
import { loadDataOverrides, mergeData } from "../../src/bundle/org-data";
import { loadCatalogs } from "../../src/catalog/load";
import { readBundle } from "../../src/bundle/read";
import { PolicyEngine } from "../../src/engine/engine";
import type { Route } from "../../src/model/canonical";
import { scan } from "../../src/scan/scan";
import { settingsFromBundleData } from "../../src/scan/settings";
import { parseCase } from "../helpers/cases";
import { buildExamplePack, ORG_PACK, ROOT, tempDir } from "./pack-helpers";

jest.setTimeout(180_000);

const CASES = path.join(__dirname, "org-provider");
const names = readdirSync(CASES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const rules = { rules: [] };
const builtIn = settingsFromBundleData(bundleData(loadCatalogs(), rules));
const withPack = settingsFromBundleData(bundleData(mergeData(loadCatalogs(), loadDataOverrides(path.join(ORG_PACK, "data"))).catalogs, rules));

async function routes(dir: string, settings: typeof builtIn): Promise<Route[]> {
  const result = adaptDocuments(await parseCase(dir), settings, ADAPTERS);
  return result.documents.flatMap((doc) => doc.routes);
}

describe("a provider added by an organisation pack", () => {
  test("there are cases for the Kubernetes, LiteLLM and egress adapters", () => {
    expect(names.filter((name) => name.startsWith("kubernetes-")).length).toBeGreaterThanOrEqual(3);
    expect(names.filter((name) => name.startsWith("litellm-")).length).toBeGreaterThanOrEqual(1);
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  test.each(names)("%s is recognised from the pack's data", async (name) => {
    const dir = path.join(CASES, name);
    const expected = (JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as { route: Record<string, unknown> }).route;
    expect(await routes(dir, withPack)).toContainEqual(partial(expected));
    expect(await routes(dir, builtIn)).not.toContainEqual(partial(expected));
  });

  test("a pack may also name a gateway's providers, replacing that gateway's table and keeping the others", () => {
    const gateways = {
      portkey: {
        providerNames: { "yandex-gpt": "yandex" },
        asOf: "2026-12-01",
        sources: [{ title: "Acme gateway notes", url: "https://wiki.acme.example/portkey" }],
      },
    };
    const merged = mergeData(loadCatalogs(), { providers: { gateways }, files: [] }).catalogs;
    const catalog = settingsFromBundleData(bundleData(merged, rules)).catalog;
    expect(catalog.gateway("portkey").providerNames["yandex-gpt"]).toBe("yandex");
    expect(catalog.gateway("portkey").providerNames["x-ai"]).toBeUndefined();
    expect(catalog.gateway("cloudflare-ai-gateway").providerNames["grok"]).toBe("xai");
  });

  test("the signed pack bundle turns the key variable and the prefix into denied-jurisdiction findings", async () => {
    const work = tempDir();
    try {
      const out = path.join(work, "acme.tar.gz");
      buildExamplePack(out);
      const engine = new PolicyEngine(readBundle(out));
      const result = await scan({ paths: [path.relative(ROOT, CASES)], cwd: ROOT, engine, workers: 0 });
      const byFile = (name: string) => result.findings.filter((f) => f.file.includes(`/${name}/`)).map((f) => `${f.ruleId} ${f.message}`);
      expect(byFile("kubernetes-key-var")).toContainEqual(
        expect.stringMatching(/^disallow-denied-jurisdiction-provider-key .*YANDEX_API_KEY.*Yandex Cloud \(RU\)/),
      );
      expect(byFile("kubernetes-model-prefix")).toContainEqual(
        expect.stringMatching(/^disallow-denied-jurisdiction-provider-prefix .*yandex.*Yandex Cloud \(RU\)/),
      );
      expect(byFile("kubernetes-host-in-any-value")).toContainEqual(expect.stringMatching(/^disallow-denied-jurisdiction-endpoint .*Yandex Cloud \(RU\)/));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

/** Nested maps as nested `objectContaining`, so an expectation names only the fields it is about. */
function partial(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return expect.objectContaining(Object.fromEntries(Object.entries(value).map(([key, item]) => [key, partial(item)])));
}
