/**
 * `modelgate catalog import --openrouter-endpoints`: saved GET /api/v1/models/{author}/{slug}/endpoints
 * responses become servedBy.openrouter entries (provider names, the operators they map to, names
 * the catalogue does not know); re-imports replace their own entries and keep those recorded by hand;
 * the rule index carries them for the aggregator rules.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildRuleIndex } from "../../src/bundle/index-data";
import { loadCatalogs } from "../../src/catalog/load";
import { ENDPOINTS_SOURCE, importOpenRouterEndpoints, mergeServedBy, withServedBy } from "../../src/catalog/served-by";
import { runCli, tempDir } from "../bundle/pack-helpers";

const DIR = path.join(__dirname, "fixtures", "openrouter-endpoints");
const responses = ["anthropic-claude-sonnet-4.6.json", "more-models.json"].flatMap((file) => {
  const value: unknown = JSON.parse(readFileSync(path.join(DIR, file), "utf8"));
  return Array.isArray(value) ? value : [value];
});

describe("OpenRouter endpoints import", () => {
  const catalogs = loadCatalogs();
  const result = importOpenRouterEndpoints(responses, "2026-12-02", catalogs.providers);

  it.each([
    ["anthropic/claude-sonnet-4.6", ["anthropic", "aws-bedrock", "google-vertex"], undefined],
    ["deepseek/deepseek-v3.2", ["deepinfra", "deepseek", "siliconflow"], ["Chutes"]],
    ["meta-llama/llama-3.3-70b-instruct", ["deepinfra", "groq", "together"], undefined],
  ])("%s is served by %p (unknown: %p)", (model, operators, unknown) => {
    expect(result.models[model]).toMatchObject({ operators, complete: true, asOf: "2026-12-02", source: ENDPOINTS_SOURCE });
    expect(result.models[model].unknownProviders).toEqual(unknown);
  });

  it("skips ids that are not {author}/{slug}", () => {
    expect(result.skipped).toEqual([{ model: "Not A Model", reason: "not a valid {author}/{slug} model id" }]);
  });

  it("rejects a document that is not an endpoints list", () => {
    expect(() => importOpenRouterEndpoints([{ data: [] }], "2026-12-02", catalogs.providers)).toThrow(/not an OpenRouter endpoints list/);
  });

  it("keeps entries recorded by hand, replaces its own earlier import, and the index carries the result", () => {
    const first = mergeServedBy(catalogs.providers.servedBy?.openrouter, result, "2026-12-02");
    expect(first.manualWins).toEqual([]);
    expect(first.section.models["deepseek/deepseek-v4-flash"]?.complete).toBe(false);
    const smaller = importOpenRouterEndpoints(responses.slice(0, 1), "2026-12-09", catalogs.providers);
    const second = mergeServedBy(first.section, smaller, "2026-12-09");
    expect(second.removed.sort()).toEqual(["deepseek/deepseek-v3.2", "meta-llama/llama-3.3-70b-instruct"]);
    expect(second.section.asOf).toBe("2026-12-09");
    const index = buildRuleIndex({ ...catalogs, providers: withServedBy(catalogs.providers, first.section) });
    expect(index.servedBy.openrouter.models["deepseek/deepseek-v3.2"]).toEqual({
      operators: ["deepinfra", "deepseek", "siliconflow"],
      unknownProviders: ["Chutes"],
      complete: true,
    });
    // only verified data policies reach the rules
    expect(index.servedBy.openrouter.dataPolicies["aws-bedrock"]).toEqual({ training: false, retainsPrompts: false });
    expect(index.servedBy.openrouter.dataPolicies.deepinfra).toBeUndefined();
  });

  it("refuses a family or served-by entry that names an operator the catalogue lacks", () => {
    const broken = structuredClone(catalogs.providers);
    broken.closedModelFamilies!.families[0].operators.push("nobody");
    expect(() => buildRuleIndex({ ...catalogs, providers: broken })).toThrow(/names operator nobody/);
  });
});

describe("modelgate catalog import --openrouter-endpoints", () => {
  it("merges a directory of saved responses into a provider catalogue", async () => {
    const dir = tempDir();
    const out = path.join(dir, "providers.json");
    const run = await runCli(["catalog", "import", "--openrouter-endpoints", DIR, "--as-of", "2026-12-02", "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/3 models' endpoints imported from OpenRouter/);
    expect(run.stderr).toMatch(/1 models are served by providers the catalogue does not know/);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(Object.keys(written.servedBy.openrouter.models)).toEqual([
      "anthropic/claude-sonnet-4.6",
      "deepseek/deepseek-v3.2",
      "deepseek/deepseek-v4-flash",
      "meta-llama/llama-3.3-70b-instruct",
    ]);
  });

  it("merges into an organisation pack's providers override, changing only its servedBy", async () => {
    const dir = tempDir();
    const out = path.join(dir, "providers.json");
    writeFileSync(out, JSON.stringify({ localPrefixes: { ollama: "http://localhost:11434" } }));
    const run = await runCli(["catalog", "import", "--openrouter-endpoints", path.join(DIR, "more-models.json"), "--as-of", "2026-12-02", "--out", out]);
    expect(run.code).toBe(0);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(Object.keys(written).sort()).toEqual(["localPrefixes", "servedBy"]);
    expect(written.servedBy.openrouter.families).toEqual(["claude", "openai", "gemini", "grok"]);
    expect(written.servedBy.openrouter.models["deepseek/deepseek-v3.2"].unknownProviders).toEqual(["Chutes"]);
  });

  it("needs exactly one source", async () => {
    const run = await runCli(["catalog", "import", "--openrouter-endpoints", DIR, "--litellm", "x.json"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/exactly one of/);
  });
});
