import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Command, Option } from "commander";
import { verificationSettings } from "../bundle/load";
import { diffBundles, diffIsEmpty, renderDiffText } from "../bundle/diff";
import { importLiteLlm, importOpenRouter, isDate, mergeImport, type Importer, type ImportOptions, type ImportResult } from "../catalog/import";
import { CatalogError, loadCatalogs } from "../catalog/load";
import type { PricingCatalog, ProviderCatalog } from "../catalog/types";
import { importOpenRouterEndpoints, mergeServedBy, withServedBy } from "../catalog/served-by";
import { readBundle } from "../bundle/read";
import { UsageError } from "../parse/discover";
import { describeSchemaErrors, validator } from "../schemas";
import { ensureDefaultBundle } from "../bundle/ensure";
import { EXIT_FINDINGS, EXIT_OK } from "./exit";

interface ImportFlags {
  openrouter?: string;
  openrouterEndpoints?: string;
  litellm?: string;
  asOf?: string;
  out?: string;
  providers?: string;
  origin?: string;
  keepDelisted?: boolean;
}

/** `--providers openai,anthropic` → a set of lowercase ids; an empty list is a usage error. */
function providerSet(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(",")
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== "");
  if (ids.length === 0) throw new UsageError("--providers needs a comma-separated list of ids");
  return new Set(ids);
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new CatalogError(`${file} does not exist`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CatalogError(`${file}: ${(error as Error).message}`);
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Saved endpoint responses: one file (a response or an array of them), or every .json file of a directory. */
function readEndpointResponses(location: string): unknown[] {
  if (!existsSync(location)) throw new CatalogError(`${location} does not exist`);
  const files = statSync(location).isDirectory()
    ? readdirSync(location)
        .filter((name) => name.endsWith(".json"))
        .sort()
        .map((name) => path.join(location, name))
    : [location];
  return files.flatMap((file) => {
    const value = readJson(file);
    return Array.isArray(value) ? (value as unknown[]) : [value];
  });
}

/**
 * `--openrouter-endpoints`: who serves which model on OpenRouter, merged into `servedBy.openrouter`
 * of a full provider catalogue (policies/data/providers.json) or of an organisation pack's
 * providers override (no `version`: only its servedBy changes).
 */
function runEndpointsImport(flags: ImportFlags, asOf: string, cwd: string): number {
  const responses = readEndpointResponses(path.resolve(cwd, flags.openrouterEndpoints!));
  const out = flags.out ? path.resolve(cwd, flags.out) : null;
  const builtin = loadCatalogs().providers;
  const existing = out && existsSync(out) ? readJson(out) : null;
  if (existing !== null && (typeof existing !== "object" || Array.isArray(existing))) {
    throw new CatalogError(`${flags.out} exists but is not a provider catalogue or providers override, so it cannot be merged into`);
  }
  const record = existing as (Partial<ProviderCatalog> & Record<string, unknown>) | null;
  const full = record !== null && typeof record.version === "string";
  // names map to the operators of the catalogue written into (an override adds to the built-in one)
  const base: ProviderCatalog = full
    ? (record as unknown as ProviderCatalog)
    : { ...builtin, operators: [...builtin.operators.filter((op) => !(record?.operators ?? []).some((o) => o.id === op.id)), ...(record?.operators ?? [])] };
  const result = importOpenRouterEndpoints(responses, asOf, base);
  // an override replaces the built-in section whole, so it starts from it (families, data policies)
  const section = full ? record.servedBy?.openrouter : (record?.servedBy?.openrouter ?? builtin.servedBy?.openrouter);
  const merged = mergeServedBy(section, result, asOf);
  const checked = withServedBy(full ? base : { ...base, servedBy: { ...builtin.servedBy, ...(record?.servedBy ?? {}) } }, merged.section);
  const document = full || record === null ? checked : { ...record, servedBy: { ...(record.servedBy ?? {}), openrouter: merged.section } };
  const text = JSON.stringify(document, null, 2) + "\n";
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  const unknown = Object.values(result.models).filter((m) => (m.unknownProviders ?? []).length > 0).length;
  const lines = [
    `modelgate: ${merged.imported} models' endpoints imported from OpenRouter (servedBy.openrouter, as of ${asOf})` + (out ? ` into ${flags.out}` : ""),
    ...(unknown > 0 ? [`  ${unknown} models are served by providers the catalogue does not know (unknownProviders; the rules stay strict for them)`] : []),
    ...(merged.manualWins.length > 0
      ? [`  ${merged.manualWins.length} imported models yield to entries recorded by hand: ${merged.manualWins.slice(0, 5).join(", ")}`]
      : []),
    ...(merged.removed.length > 0 ? [`  ${merged.removed.length} models of the previous import are no longer listed and were removed`] : []),
    ...result.skipped.map((skip) => `  skipped ${skip.model}: ${skip.reason}`),
  ];
  process.stderr.write(lines.join("\n") + "\n");
  return EXIT_OK;
}

function runImport(flags: ImportFlags, cwd: string): number {
  if ([flags.openrouter, flags.litellm, flags.openrouterEndpoints].filter(Boolean).length !== 1)
    throw new UsageError("catalog import needs exactly one of --openrouter models.json, --litellm prices.json or --openrouter-endpoints <file or directory>");
  const asOf = flags.asOf ?? today();
  if (!isDate(asOf)) throw new UsageError(`--as-of ${asOf} is not a date (YYYY-MM-DD)`);
  if (flags.openrouterEndpoints) return runEndpointsImport(flags, asOf, cwd);
  const importer: Importer = flags.openrouter ? "openrouter" : "litellm";
  const input = path.resolve(cwd, (flags.openrouter ?? flags.litellm)!);
  const json = readJson(input);
  const options: ImportOptions = { providers: providerSet(flags.providers), origin: flags.origin };
  const catalogs = loadCatalogs();
  if (importer === "litellm" && options.providers) {
    const known = new Set(catalogs.providers.operators.map((op) => op.id));
    const unknown = [...options.providers].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UsageError(`--providers: ${unknown.join(", ")} is not an operator id of the provider catalogue`);
  }
  const result: ImportResult = importer === "openrouter" ? importOpenRouter(json, asOf, options) : importLiteLlm(json, asOf, catalogs.providers, options);
  const out = flags.out ? path.resolve(cwd, flags.out) : null;
  let existing: (PricingCatalog & { $schema?: string }) | null = null;
  if (out && existsSync(out)) {
    const value = readJson(out);
    const validate = validator("pricing-catalog");
    if (!validate(value)) {
      const details = describeSchemaErrors(validate.errors).map((e) => `  ${e.pointer || "/"}: ${e.message}`);
      throw new CatalogError(
        `${flags.out} exists but is not a pricing catalogue (schemas/pricing-catalog.schema.json), so it cannot be merged into:\n${details.join("\n")}`,
      );
    }
    existing = value as PricingCatalog & { $schema?: string };
  }
  const merged = mergeImport(existing, result.entries, importer, asOf, flags.keepDelisted === true);
  const document = existing?.$schema ? { $schema: existing.$schema, ...merged.catalog } : merged.catalog;
  const text = JSON.stringify(document, null, 2) + "\n";
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  const reasons = new Map<string, number>();
  for (const skip of result.skipped) reasons.set(skip.reason.replace(/"[^"]*"/, '"..."'), (reasons.get(skip.reason.replace(/"[^"]*"/, '"..."')) ?? 0) + 1);
  const lines = [
    `modelgate: ${merged.imported} prices imported from ${importer === "openrouter" ? "OpenRouter" : "LiteLLM"} (USD per million tokens, as of ${asOf})` +
      (out ? ` into ${flags.out}` : ""),
    ...(existing
      ? [
          `  kept ${merged.manualKept} manual entries; ${merged.removed.length} entries of the previous import no longer listed were removed` +
            (merged.delistedKept.length > 0 ? `, ${merged.delistedKept.length} kept (--keep-delisted)` : ""),
        ]
      : []),
    ...(merged.manualWins.length > 0
      ? [
          `  ${merged.manualWins.length} imported prices yield to manual entries: ${merged.manualWins.slice(0, 5).join(", ")}${merged.manualWins.length > 5 ? ", ..." : ""}`,
        ]
      : []),
    ...[...reasons].map(([reason, count]) => `  skipped ${count}: ${reason}`),
  ];
  process.stderr.write(lines.join("\n") + "\n");
  return EXIT_OK;
}

interface DiffFlags {
  format: "text" | "json";
  verificationKey?: string;
  keyId?: string;
}

function runDiff(a: string, b: string, flags: DiffFlags, cwd: string): number {
  const settings = verificationSettings({ verificationKey: flags.verificationKey ? path.resolve(cwd, flags.verificationKey) : undefined, keyId: flags.keyId });
  const load = (location: string) => (location === "builtin" ? readBundle(ensureDefaultBundle()) : readBundle(path.resolve(cwd, location), settings));
  const diff = diffBundles(load(a), load(b));
  diff.from.bundle = a;
  diff.to.bundle = b;
  process.stdout.write(flags.format === "json" ? JSON.stringify(diff, null, 2) + "\n" : renderDiffText(diff));
  return diffIsEmpty(diff) ? EXIT_OK : EXIT_FINDINGS;
}

/** `modelgate catalog import` and `modelgate catalog diff`. */
export function registerCatalogCommands(cli: Command, setExit: (code: number) => void): void {
  const catalog = cli.command("catalog").description("maintain the pricing catalogue and review catalogue changes between bundles");
  catalog
    .command("import")
    .description(
      "import token prices (USD per token) as a pricing catalogue in USD per million tokens, or OpenRouter's endpoint lists (who serves which model) into the provider catalogue",
    )
    .option("--openrouter <models.json>", "OpenRouter's GET /api/v1/models response")
    .option(
      "--openrouter-endpoints <file-or-dir>",
      "saved GET /api/v1/models/{author}/{slug}/endpoints responses (a file, an array, or a directory of .json files), merged into servedBy.openrouter of the provider catalogue given by --out (default: the built-in one, to stdout)",
    )
    .option("--litellm <prices.json>", "LiteLLM's model_prices_and_context_window.json")
    .option("--as-of <date>", "date the prices were published (YYYY-MM-DD; default today)")
    .option("-o, --out <catalogue.json>", "catalogue to write; an existing one is merged into, keeping its manual entries (default: stdout)")
    .option(
      "--providers <ids>",
      "keep only these, comma-separated: operator ids of the provider catalogue for --litellm (openai,anthropic,aws-bedrock), model authors for --openrouter (openai,anthropic,meta-llama)",
    )
    .option("--origin <text>", 'where the file came from, recorded in every entry\'s source (e.g. "litellm 1.110.2 wheel, 2026-12-02")')
    .option("--keep-delisted", "keep entries of an earlier import that this file no longer lists (retired models configurations still name)")
    .action((flags: ImportFlags) => setExit(runImport(flags, process.cwd())));
  catalog
    .command("diff")
    .description("operators, hosts, prices, policy and rules added, removed or changed between two bundles; exit 1 when they differ")
    .argument("<a>", "bundle .tar.gz or directory (or `builtin` for the built-in rules)")
    .argument("<b>", "bundle .tar.gz or directory (or `builtin`)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--verification-key <key.pem>", "verify both bundles first (default: MODELGATE_VERIFICATION_KEY)")
    .option("--key-id <id>", "require this key id")
    .action((a: string, b: string, flags: DiffFlags) => setExit(runDiff(a, b, flags, process.cwd())));
}
