import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCatalogs, type Catalogs } from "../catalog/load";
import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import { CATEGORIES, SEVERITIES, type Category, type Severity } from "../findings/types";
import { paths } from "../paths";
import { OPA_VERSION, runOpa, ToolError } from "../tools/opa";
import { bundleData } from "./index-data";
import { bundleSourceFiles, sourceDigest } from "./sources";
import { readTarGz } from "./tar";

export const ENTRYPOINT = "modelgate/main/findings";

/** Bumped whenever the builder changes what it writes, so bundles from an older builder count as stale. */
export const BUNDLE_FORMAT = "3";

/** A rule version: semver without build metadata. */
export const RULE_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** What besides the policy sources goes into the revision digest. */
export function digestExtras(version: string): Array<{ name: string; content: string }> {
  return [
    { name: "version", content: version },
    { name: "format", content: BUNDLE_FORMAT },
  ];
}

export interface BuildOptions {
  policiesDir?: string;
  dataDir?: string;
  outDir?: string;
  version?: string;
}

export interface BuiltBundle {
  dir: string;
  revision: string;
  digest: string;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(paths.root, "package.json"), "utf8")) as { version: string }).version;
}

/** "0.1.0+<12 hex>": the pack version and a digest of exactly the sources the bundle was built from. */
export function bundleRevision(version: string, digest: string): string {
  return `${version}+${digest.slice(0, 12)}`;
}

export function mustSucceed(result: { status: number; stdout: string; stderr: string }, what: string): string {
  if (result.status !== 0) throw new ToolError(`${what} failed:\n${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

interface InspectAnnotation {
  annotations: { title?: string; description?: string; custom?: Record<string, unknown> };
  location: { file: string };
}

export interface CatalogOptions {
  /** Rule ids the organisation policy turns off. */
  disabled: Set<string>;
  /** How a staged Rego file is named in the catalogue and in errors ("policies/rules/..."). */
  display: (stagedRelative: string) => string;
  /** Set on every rule found, e.g. the organisation pack that adds it. */
  pack?: string;
}

/** The rule catalogue from the METADATA of every rule package under `dir`, each field validated. */
export function ruleCatalogFrom(dir: string, stagingDir: string, options: CatalogOptions): RuleMeta[] {
  const out = mustSucceed(runOpa(["inspect", "-a", "--format", "json", dir]), "opa inspect");
  const inspected = JSON.parse(out) as { annotations?: InspectAnnotation[] };
  const rules: RuleMeta[] = [];
  for (const entry of inspected.annotations ?? []) {
    const custom = entry.annotations.custom ?? {};
    if (typeof custom.id !== "string") continue;
    const where = options.display(path.relative(stagingDir, entry.location.file).split(path.sep).join("/"));
    const problem = (field: string): never => {
      throw new ToolError(`${where}: METADATA ${field} is missing or invalid`);
    };
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(custom.id)) problem(`custom.id "${custom.id}" (must be kebab-case)`);
    if (!CATEGORIES.includes(custom.category as Category)) problem(`custom.category (one of ${CATEGORIES.join(", ")})`);
    if (!SEVERITIES.includes(custom.severity as Severity)) problem(`custom.severity (one of ${SEVERITIES.join(", ")})`);
    if (typeof custom.remediation !== "string") problem("custom.remediation");
    if (typeof custom.since !== "string" || !RULE_VERSION.test(custom.since)) problem("custom.since (the version the rule was introduced in, e.g. 0.1.0)");
    if (typeof custom.version !== "string" || !RULE_VERSION.test(custom.version)) {
      problem("custom.version (the version the rule's verdicts last changed in, e.g. 0.1.0)");
    }
    if (!entry.annotations.title) problem("title");
    if (!entry.annotations.description) problem("description");
    rules.push({
      id: custom.id,
      title: entry.annotations.title!,
      description: entry.annotations.description!.trim(),
      category: custom.category as Category,
      severity: custom.severity as Severity,
      remediation: (custom.remediation as string).trim(),
      since: custom.since as string,
      version: custom.version as string,
      docsUrl: `https://modelgate.dev/rules/${custom.id}`,
      file: where,
      disabledByDefault: options.disabled.has(custom.id),
      ...(options.pack ? { pack: options.pack } : {}),
    });
  }
  return rules;
}

/** Sorted by category then id; a rule id declared twice is an error. */
export function sortedCatalog(rules: RuleMeta[]): RuleCatalog {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const first = seen.get(rule.id);
    if (first !== undefined) throw new ToolError(`rule id ${rule.id} is declared twice (${first} and ${rule.file})`);
    seen.set(rule.id, rule.file);
  }
  const sorted = [...rules].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.id.localeCompare(b.id));
  return { rules: sorted };
}

/** Copies the base Rego modules (tests excluded) into `staging`, keeping their relative paths. */
export function stageBaseRego(policiesDir: string, staging: string): void {
  for (const file of bundleSourceFiles(policiesDir)) {
    if (!file.endsWith(".rego")) continue;
    const target = path.join(staging, path.relative(policiesDir, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
}

/** The entrypoints a built bundle's .manifest declares; the aggregating one must be among them. */
export function checkEntrypoint(manifest: Buffer, where: string): void {
  const entrypoints = (JSON.parse(manifest.toString("utf8")) as { wasm?: Array<{ entrypoint: string }> }).wasm?.map((w) => w.entrypoint) ?? [];
  if (!entrypoints.includes(ENTRYPOINT)) throw new ToolError(`${where} has no ${ENTRYPOINT} entrypoint (found: ${entrypoints.join(", ")})`);
}

export function writeBundleData(staging: string, catalogs: Catalogs, catalog: RuleCatalog): void {
  writeFileSync(path.join(staging, "data.json"), JSON.stringify(bundleData(catalogs, catalog)));
}

/**
 * Compiles the Rego sources to a wasm bundle with the pinned opa and capabilities: stages the
 * modules with data.json (catalogues plus derived index), runs `opa check --strict`, `opa build
 * -t wasm`, and writes policy.wasm, data.json, .manifest, catalog.json and bundle.tar.gz.
 */
export function buildBundle(options: BuildOptions = {}): BuiltBundle {
  const policiesDir = options.policiesDir ?? paths.policies;
  const dataDir = options.dataDir ?? path.join(policiesDir, "data");
  const outDir = options.outDir ?? paths.bundleDir;
  const version = options.version ?? packageVersion();
  const catalogs = loadCatalogs(dataDir);
  const digest = sourceDigest(policiesDir, digestExtras(version));
  const revision = bundleRevision(version, digest);

  const staging = `${outDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  stageBaseRego(policiesDir, staging);
  const capabilities = path.join(policiesDir, "capabilities.json");
  // The rule catalogue travels inside data.json, so any copy of the bundle describes its own rules.
  const disabled = new Set(catalogs.policy.disabledRules);
  const catalog = sortedCatalog(ruleCatalogFrom(path.join(staging, "rules"), staging, { disabled, display: (rel) => `policies/${rel}` }));
  writeBundleData(staging, catalogs, catalog);

  mustSucceed(runOpa(["check", "--strict", "--capabilities", capabilities, "--bundle", staging]), "opa check --strict");
  const tarball = path.join(path.dirname(outDir), "bundle.tar.gz");
  mustSucceed(
    runOpa(["build", "-t", "wasm", "--capabilities", capabilities, "--revision", revision, "-o", tarball, staging]),
    `opa build (opa ${OPA_VERSION})`,
  );
  const files = readTarGz(readFileSync(tarball));
  const wasm = files.get("policy.wasm");
  const manifest = files.get(".manifest");
  if (!wasm || !manifest) throw new ToolError(`opa build wrote no policy.wasm or .manifest into ${tarball}`);
  checkEntrypoint(manifest, "the bundle");

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "policy.wasm"), wasm);
  writeFileSync(path.join(outDir, ".manifest"), manifest);
  writeFileSync(path.join(outDir, "data.json"), files.get("data.json") ?? readFileSync(path.join(staging, "data.json")));
  writeFileSync(path.join(outDir, "catalog.json"), JSON.stringify(catalog, null, 2) + "\n");
  cpSync(tarball, path.join(outDir, "bundle.tar.gz"));
  rmSync(tarball, { force: true });
  rmSync(staging, { recursive: true, force: true });
  return { dir: outDir, revision, digest };
}
