/**
 * `modelgate catalog import`: OpenRouter (string USD per token) and LiteLLM (float USD per token,
 * `sample_spec` skipped) into the pricing catalogue in USD per million, validated by its schema;
 * re-imports keep manual entries.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { importLiteLlm, importOpenRouter, importSource, IMPORT_SOURCES, mergeImport, perMillion } from "../../src/catalog/import";
import { loadCatalogs } from "../../src/catalog/load";
import type { PricingCatalog } from "../../src/catalog/types";
import { validator } from "../../src/schemas";
import { runCli, tempDir } from "../bundle/pack-helpers";

const FIXTURES = path.join(__dirname, "fixtures");
const openrouter = JSON.parse(readFileSync(path.join(FIXTURES, "openrouter-models.json"), "utf8"));
const litellm = JSON.parse(readFileSync(path.join(FIXTURES, "litellm-prices.json"), "utf8"));

describe("price units", () => {
  it.each([
    ["0.000000098", 0.098],
    ["0.000005", 5],
    [1.4e-7, 0.14],
    [3.625e-9, 0.003625],
    ["0", 0],
    ["-1", null],
    ["", null],
    [undefined, null],
    ["abc", null],
  ])("%p USD per token is %p USD per million", (value, expected) => {
    expect(perMillion(value)).toBe(expected);
  });
});

describe("OpenRouter models JSON", () => {
  const result = importOpenRouter(openrouter, "2026-09-01");
  const byId = new Map(result.entries.map((e) => [e.model, e]));

  it("prices every fixed-price model for the openrouter operator, in USD per million", () => {
    expect(byId.get("deepseek/deepseek-v4-flash")).toEqual({
      model: "deepseek/deepseek-v4-flash",
      operator: "openrouter",
      aliases: ["deepseek/deepseek-v4-flash-20260401", "deepseek-ai/deepseek-v4-flash"],
      input: 0.098,
      output: 0.196,
      cachedInput: 0.0028,
      asOf: "2026-09-01",
      source: IMPORT_SOURCES.openrouter,
    });
    expect(byId.get("anthropic/claude-opus-4.7")).toMatchObject({ input: 5, output: 25, cachedInput: 0.5 });
    expect(byId.get("deepseek/deepseek-v4-flash:free")).toMatchObject({ input: 0, output: 0, aliases: [] });
  });

  it("skips variable prices and never gives two entries one alias", () => {
    expect(byId.has("openrouter/auto")).toBe(false);
    expect(result.skipped).toEqual([{ model: "openrouter/auto", reason: "no fixed prompt and completion price (variable or missing)" }]);
    const names = result.entries.flatMap((e) => [e.model, ...(e.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("rejects a document that is not a models list", () => {
    expect(() => importOpenRouter({ models: [] }, "2026-09-01")).toThrow(/expected \{"data": \[...\]\}/);
  });
});

describe("LiteLLM price JSON", () => {
  const result = importLiteLlm(litellm, "2026-09-02", loadCatalogs().providers);
  const byId = new Map(result.entries.map((e) => [e.model, e]));

  it("skips sample_spec, non-chat modes and providers the catalogue does not know", () => {
    expect(byId.has("sample_spec")).toBe(false);
    expect(result.skipped.map((s) => s.model)).not.toContain("sample_spec");
    expect(result.skipped).toEqual([
      { model: "some-regional-llm", reason: 'litellm_provider "unknown_cloud" is not an operator in the provider catalogue' },
      { model: "text-embedding-3-small", reason: "mode embedding is not a chat or completion model" },
    ]);
  });

  it("maps providers to catalogue operators and floats to USD per million", () => {
    expect(byId.get("gpt-5.4-mini")).toMatchObject({ operator: "openai", input: 0.75, output: 4.5, cachedInput: 0.075, asOf: "2026-09-02" });
    expect(byId.get("deepseek/deepseek-v4-pro")).toMatchObject({
      operator: "deepseek",
      input: 0.435,
      output: 0.87,
      cachedInput: 0.003625,
      aliases: ["deepseek-v4-pro"],
    });
    expect(byId.get("claude-sonnet-4-6")).toMatchObject({ operator: "anthropic", input: 3, output: 15, cachedInput: 0.3 });
  });
});

describe("restricting an import and recording its origin", () => {
  const providers = loadCatalogs().providers;

  it.each([
    [
      "litellm operators",
      () => importLiteLlm(litellm, "2026-09-02", providers, { providers: new Set(["anthropic", "deepseek"]) }),
      ["claude-sonnet-4-6", "deepseek/deepseek-v4-pro"],
    ],
    [
      "OpenRouter model authors",
      () => importOpenRouter(openrouter, "2026-09-01", { providers: new Set(["deepseek"]) }),
      ["deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash:free"],
    ],
  ])("--providers keeps only %s", (_name, run, models) => {
    const result = run();
    expect(result.entries.map((e) => e.model).sort()).toEqual(models);
    expect(result.skipped.some((s) => /not among --providers/.test(s.reason))).toBe(true);
  });

  it("--origin is appended to each entry's source, and a later import still recognises them as its own", () => {
    const first = importLiteLlm(litellm, "2026-09-02", providers, { origin: "litellm 1.2.3 wheel" }).entries;
    expect(first.every((e) => e.source === `${IMPORT_SOURCES.litellm} (litellm 1.2.3 wheel)`)).toBe(true);
    expect(importSource("litellm", "  ")).toBe(IMPORT_SOURCES.litellm);
    const catalog = mergeImport(null, first, "litellm", "2026-09-02").catalog;
    const again = mergeImport(catalog, importLiteLlm(litellm, "2026-10-01", providers, { origin: "litellm 1.3.0 wheel" }).entries, "litellm", "2026-10-01");
    expect(again.manualKept).toBe(0);
    expect(again.removed).toEqual([]);
    expect(again.catalog.models.every((m) => m.asOf === "2026-10-01")).toBe(true);
  });

  it("--keep-delisted keeps what an older list priced and the newer one dropped, yielding names the newer one uses", () => {
    const older = importLiteLlm(litellm, "2026-06-01", providers, { origin: "older" }).entries;
    const catalog = mergeImport(null, older, "litellm", "2026-06-01").catalog;
    const newer = { ...litellm, "deepseek-v4-pro": { ...litellm["deepseek/deepseek-v4-pro"], input_cost_per_token: 5e-7 } };
    delete newer["claude-sonnet-4-6"];
    delete newer["deepseek/deepseek-v4-pro"];
    const entries = importLiteLlm(newer, "2026-09-02", providers, { origin: "newer" }).entries;
    const dropped = mergeImport(catalog, entries, "litellm", "2026-09-02");
    expect(dropped.removed).toEqual(expect.arrayContaining(["anthropic/claude-sonnet-4-6"]));
    const kept = mergeImport(catalog, entries, "litellm", "2026-09-02", true);
    expect(kept.removed).toEqual([]);
    expect(kept.delistedKept).toEqual(["anthropic/claude-sonnet-4-6", "deepseek/deepseek/deepseek-v4-pro"]);
    const sonnet = kept.catalog.models.find((m) => m.model === "claude-sonnet-4-6");
    expect(sonnet).toMatchObject({ asOf: "2026-06-01", source: `${IMPORT_SOURCES.litellm} (older)` });
    // The newer list prices deepseek-v4-pro under its bare id; the delisted entry gives up that alias.
    expect(kept.catalog.models.find((m) => m.model === "deepseek/deepseek-v4-pro")?.aliases).toEqual([]);
    expect(kept.catalog.models.find((m) => m.model === "deepseek-v4-pro")).toMatchObject({ input: 0.5, asOf: "2026-09-02" });
    expect(validator("pricing-catalog")(kept.catalog)).toBe(true);
  });
});

describe("merging an import into a catalogue", () => {
  const manual = {
    model: "gpt-5.4-mini",
    operator: "openai",
    aliases: ["openai/gpt-5.4-mini"],
    input: 0.6,
    output: 3.6,
    asOf: "2026-08-01",
    source: "Acme enterprise agreement",
  };
  const existing: PricingCatalog = { currency: "USD", unit: "per-million-tokens", asOf: "2026-08-01", models: [manual] };

  it("keeps manual entries, which win over imported prices for the same operator and model", () => {
    const imported = importLiteLlm(litellm, "2026-09-02", loadCatalogs().providers).entries;
    const merged = mergeImport(existing, imported, "litellm", "2026-09-02");
    expect(merged.catalog.models.find((m) => m.operator === "openai" && m.model === "gpt-5.4-mini")).toEqual(manual);
    expect(merged.manualWins).toEqual(["openai/gpt-5.4-mini"]);
    expect(merged.catalog.asOf).toBe("2026-09-02");
    expect(validator("pricing-catalog")(merged.catalog)).toBe(true);
  });

  it("replaces its own earlier import and reports what the new list no longer has", () => {
    const first = mergeImport(existing, importOpenRouter(openrouter, "2026-09-01").entries, "openrouter", "2026-09-01").catalog;
    const smaller = { data: openrouter.data.filter((m: { id: string }) => m.id !== "moonshotai/kimi-k2.6") };
    const second = mergeImport(first, importOpenRouter(smaller, "2026-09-15").entries, "openrouter", "2026-09-15");
    expect(second.removed).toEqual(["openrouter/moonshotai/kimi-k2.6"]);
    expect(second.manualKept).toBe(1);
    expect(second.catalog.models.filter((m) => m.source === IMPORT_SOURCES.openrouter).every((m) => m.asOf === "2026-09-15")).toBe(true);
  });
});

describe("modelgate catalog import", () => {
  it("writes a catalogue, then merges a second source into it", async () => {
    const dir = tempDir();
    try {
      const out = path.join(dir, "pricing.json");
      writeFileSync(
        out,
        JSON.stringify({
          $schema: "../schemas/pricing-catalog.schema.json",
          currency: "USD",
          unit: "per-million-tokens",
          asOf: "2026-01-01",
          models: [{ model: "acme-internal", operator: "openai", aliases: [], input: 1, output: 2, asOf: "2026-01-01", source: "manual" }],
        }),
      );
      const first = await runCli(["catalog", "import", "--openrouter", path.join(FIXTURES, "openrouter-models.json"), "--as-of", "2026-09-01", "--out", out]);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/4 prices imported from OpenRouter/);
      const second = await runCli(["catalog", "import", "--litellm", path.join(FIXTURES, "litellm-prices.json"), "--as-of", "2026-09-02", "--out", out]);
      expect(second.code).toBe(0);
      const catalog = JSON.parse(readFileSync(out, "utf8"));
      expect(catalog.$schema).toBe("../schemas/pricing-catalog.schema.json");
      expect(catalog.models.map((m: { operator: string; model: string }) => `${m.operator}/${m.model}`)).toEqual(
        expect.arrayContaining(["openai/acme-internal", "openrouter/deepseek/deepseek-v4-flash", "openai/gpt-5.4-mini", "anthropic/claude-sonnet-4-6"]),
      );
      expect(validator("pricing-catalog")(catalog)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("needs exactly one source and a real date", async () => {
    expect((await runCli(["catalog", "import"])).code).toBe(2);
    expect((await runCli(["catalog", "import", "--openrouter", path.join(FIXTURES, "openrouter-models.json"), "--as-of", "2026-13-45"])).stderr).toMatch(
      /is not a date/,
    );
    const unknown = await runCli(["catalog", "import", "--litellm", path.join(FIXTURES, "litellm-prices.json"), "--providers", "openai,acme-cloud"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/acme-cloud is not an operator id/);
  });
});
