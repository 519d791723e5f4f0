import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadCatalogs } from "../catalog/load";
import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import { CATEGORIES, SEVERITIES, type Category, type Severity } from "../findings/types";
import { paths } from "../paths";
import { OPA_VERSION, runOpa, ToolError } from "../tools/opa";
import { bundleData } from "./index-data";
import { bundleSourceFiles, sourceDigest } from "./sources";
import { readTarGz } from "./tar";

export const ENTRYPOINT = "modelgate/main/findings";

/** Bumped whenever the builder changes what it writes, so bundles from an older builder count as stale. */
export const BUNDLE_FORMAT = "2";

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

function mustSucceed(result: { status: number; stdout: string; stderr: string }, what: string): string {
  if (result.status !== 0) throw new ToolError(`${what} failed:\n${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

interface InspectAnnotation {
  annotations: { title?: string; description?: string; custom?: Record<string, unknown> };
  location: { file: string };
}

function ruleCatalog(stagingDir: string, disabled: Set<string>): RuleCatalog {
  const out = mustSucceed(runOpa(["inspect", "-a", "--format", "json", path.join(stagingDir, "rules")]), "opa inspect");
  const inspected = JSON.parse(out) as { annotations?: InspectAnnotation[] };
  const rules: RuleMeta[] = [];
  for (const entry of inspected.annotations ?? []) {
    const custom = entry.annotations.custom ?? {};
    if (typeof custom.id !== "string") continue;
    const where = path.relative(stagingDir, entry.location.file).split(path.sep).join("/");
    const problem = (field: string): never => {
      throw new ToolError(`policies/${where}: METADATA ${field} is missing or invalid`);
    };
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(custom.id)) problem(`custom.id "${custom.id}" (must be kebab-case)`);
    if (!CATEGORIES.includes(custom.category as Category)) problem(`custom.category (one of ${CATEGORIES.join(", ")})`);
    if (!SEVERITIES.includes(custom.severity as Severity)) problem(`custom.severity (one of ${SEVERITIES.join(", ")})`);
    if (typeof custom.remediation !== "string") problem("custom.remediation");
    if (typeof custom.since !== "string") problem("custom.since");
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
      docsUrl: `https://modelgate.dev/rules/${custom.id}`,
      file: `policies/${where}`,
      disabledByDefault: disabled.has(custom.id),
    });
  }
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new ToolError(`rule id ${rule.id} is declared twice`);
    seen.add(rule.id);
  }
  rules.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.id.localeCompare(b.id));
  return { rules };
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
  for (const file of bundleSourceFiles(policiesDir)) {
    if (!file.endsWith(".rego")) continue;
    const target = path.join(staging, path.relative(policiesDir, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
  const capabilities = path.join(policiesDir, "capabilities.json");
  // The rule catalogue travels inside data.json, so any copy of the bundle describes its own rules.
  const catalog = ruleCatalog(staging, new Set(catalogs.policy.disabledRules));
  writeFileSync(path.join(staging, "data.json"), JSON.stringify(bundleData(catalogs, catalog)));

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
  const entrypoints = (JSON.parse(manifest.toString("utf8")) as { wasm?: Array<{ entrypoint: string }> }).wasm?.map((w) => w.entrypoint) ?? [];
  if (!entrypoints.includes(ENTRYPOINT)) throw new ToolError(`the bundle has no ${ENTRYPOINT} entrypoint (found: ${entrypoints.join(", ")})`);

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
