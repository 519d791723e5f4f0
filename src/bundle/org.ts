import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCatalogs } from "../catalog/load";
import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import { paths } from "../paths";
import { DEFAULT_VALID_DAYS, isDay, todayUtc } from "../signing/freshness";
import { loadSigningKey, type SigningKey } from "../signing/keys";
import { verifyBundleFiles, type SignatureInfo } from "../signing/verify";
import { OPA_VERSION, runOpa, ToolError } from "../tools/opa";
import {
  BUNDLE_FORMAT,
  bundleRevision,
  checkEntrypoint,
  digestExtras,
  mustSucceed,
  packageVersion,
  ruleCatalogFrom,
  RULE_VERSION,
  sortedCatalog,
  stageBaseRego,
  writeBundleData,
} from "./build";
import { loadDataOverrides, mergeData } from "./org-data";
import { allBundleFiles } from "./read";
import { sourceDigest } from "./sources";
import { readTarGz } from "./tar";

/** The organisation's own Rego tests failed: the pack is wrong, not the tooling. */
export class PackTestError extends ToolError {}

/** Where organisation modules sit inside the bundle, apart from the built-in ones. */
export const ORG_PREFIX = "org";

export interface OrgSigning {
  /** PEM text or path of the private key. */
  key: string;
  /** RS256 or ES256; inferred from the key when absent. */
  algorithm?: string;
  /** Key id written as the token's `kid` (OPA's --verification-key-id); default "default". */
  keyId?: string;
}

export interface OrgBuildOptions {
  /** The pack's rule folders: `<family>/<rule>/<rule>.rego` with `<rule>_test.rego` beside it. */
  rulesDir?: string;
  /** Data overrides: a directory (org-policy.json, pricing.json, providers.json) or one file. */
  dataPath?: string;
  /** The bundle tarball to write. */
  out: string;
  /** The pack's version, first part of the revision. */
  packVersion: string;
  /** The pack's name (default: the folder holding the rules folder, else "org"). */
  name?: string;
  signing?: OrgSigning;
  /**
   * Last day (YYYY-MM-DD, UTC) the pack is valid, recorded in its signed .manifest so an older
   * signed pack is refused once replaced. Default with `signing`: DEFAULT_VALID_DAYS from today.
   */
  expires?: string;
  /** The built-in rules (default: this package's policies/). */
  policiesDir?: string;
}

export interface OrgBuildResult {
  file: string;
  revision: string;
  digest: string;
  name: string;
  catalog: RuleCatalog;
  orgRules: string[];
  tests: { passed: number; failed: number };
  dataChanges: string[];
  signature: SignatureInfo | null;
  seconds: number;
}

export interface OrgRuleSources {
  modules: string[];
  tests: string[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** The Rego modules and tests of an organisation rules folder; fixtures and docs are not sources. */
export function orgRuleSources(rulesDir: string): OrgRuleSources {
  if (!existsSync(rulesDir) || !statSync(rulesDir).isDirectory()) throw new ToolError(`rules folder ${rulesDir} does not exist`);
  const rego = walk(rulesDir).filter((file) => file.endsWith(".rego"));
  return { modules: rego.filter((f) => !f.endsWith("_test.rego")), tests: rego.filter((f) => f.endsWith("_test.rego")) };
}

const snake = (id: string): string => id.replace(/-/g, "_");

interface Inspected {
  namespaces?: Record<string, string[]>;
}

function namespacesOf(dir: string, cwd: string): Map<string, string> {
  const out = mustSucceed(runOpa(["inspect", "--format", "json", dir], { cwd }), "opa inspect");
  const byFile = new Map<string, string>();
  for (const [namespace, files] of Object.entries((JSON.parse(out) as Inspected).namespaces ?? {})) {
    for (const file of files) byFile.set(path.resolve(cwd, file), namespace);
  }
  return byFile;
}

/**
 * Organisation rules extend the built-in ones, never patch them: each module is one rule package
 * `modelgate.rules.<family>.<rule>` (so the main entrypoint aggregates it) named after its METADATA
 * id and category, not a built-in package, and builds its findings with `lib.finding`.
 */
function checkOrgModules(staging: string, orgRules: RuleMeta[], basePackages: Set<string>, display: (rel: string) => string): void {
  const orgDir = path.join(staging, ORG_PREFIX);
  const byFile = namespacesOf(orgDir, staging);
  const ruleByFile = new Map(orgRules.map((rule) => [rule.file, rule]));
  for (const [file, namespace] of byFile) {
    const rel = path.relative(staging, file).split(path.sep).join("/");
    const where = display(rel);
    const match = /^data\.modelgate\.rules\.([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$/.exec(namespace);
    if (!match)
      throw new ToolError(`${where}: package ${namespace.replace(/^data\./, "")} must be modelgate.rules.<family>.<rule>, so the main entrypoint runs it`);
    if (basePackages.has(namespace))
      throw new ToolError(
        `${where}: package ${namespace.replace(/^data\./, "")} is a built-in rule; organisation rules add packages, they do not change built-in ones`,
      );
    const rule = ruleByFile.get(where);
    if (!rule) throw new ToolError(`${where}: no rule METADATA (custom.id, category, severity, since, version, remediation) above the package`);
    if (match[1] !== snake(rule.category) || match[2] !== snake(rule.id)) {
      throw new ToolError(
        `${where}: package must be modelgate.rules.${snake(rule.category)}.${snake(rule.id)} for rule ${rule.id} (category ${rule.category})`,
      );
    }
    const source = readFileSync(file, "utf8");
    if (!/^import data\.modelgate\.lib\s*$/m.test(source) || !/\blib\.finding\(\s*rego\.metadata\.chain\(\)/.test(source)) {
      throw new ToolError(`${where}: build findings with lib.finding(rego.metadata.chain(), subject, message) after \`import data.modelgate.lib\``);
    }
  }
}

function digestOf(parts: Array<{ name: string; content: string | Buffer }>): string {
  const hash = createHash("sha256");
  for (const { name, content } of parts) {
    hash.update(name);
    hash.update("\0");
    hash.update(content);
    hash.update("\0");
  }
  return hash.digest("hex");
}

export interface RegoTestResult {
  /** Absolute path of the test file. */
  file: string;
  name: string;
  ok: boolean;
}

export interface RegoTestRun {
  passed: number;
  failed: number;
  results: RegoTestResult[];
  /** `opa test -v` output when something failed. */
  output: string;
}

/** Runs the organisation's `*_test.rego` with the staged modules, data and the built-in test fixtures. */
export function runOrgTests(staging: string, tests: string[], policiesDir: string): RegoTestRun {
  if (tests.length === 0) return { passed: 0, failed: 0, results: [], output: "" };
  const capabilities = path.join(policiesDir, "capabilities.json");
  const fixtures = path.join(policiesDir, "lib", "fixtures_test.rego");
  const inputs = [staging, ...(existsSync(fixtures) ? [fixtures] : []), ...tests];
  const result = runOpa(["test", "--capabilities", capabilities, "--format", "json", ...inputs]);
  let raw: Array<{ name: string; location?: { file?: string }; fail?: boolean; error?: unknown; skip?: boolean }>;
  try {
    raw = JSON.parse(result.stdout) as typeof raw;
  } catch {
    throw new ToolError(`opa test could not run the organisation tests:\n${(result.stderr || result.stdout).trim()}`);
  }
  const results = raw.filter((r) => !r.skip).map((r) => ({ file: path.resolve(r.location?.file ?? ""), name: r.name, ok: !r.fail && !r.error }));
  const failed = results.filter((r) => !r.ok).length;
  let output = "";
  if (failed > 0) {
    const verbose = runOpa(["test", "--capabilities", capabilities, "-v", ...inputs]);
    output = (verbose.stdout + verbose.stderr).trim().split(`${staging}${path.sep}`).join("");
  }
  return { passed: results.length - failed, failed, results, output };
}

/** opa's messages name staged copies; name the files the author edits instead. */
function unstage(text: string, staging: string, rulesDir: string | null, policiesDir: string): string {
  let out = text;
  if (rulesDir) out = out.split(path.join(staging, ORG_PREFIX) + path.sep).join(rulesDir + path.sep);
  return out.split(staging + path.sep).join(policiesDir + path.sep);
}

export interface StagedPack {
  staging: string;
  name: string;
  catalog: RuleCatalog;
  orgRules: string[];
  tests: string[];
  dataChanges: string[];
  digest: string;
  baseRevision: string;
}

/**
 * Stages the built-in modules plus the organisation's under org/, with data.json from the merged
 * catalogues and the full rule catalogue, and checks them with `opa check --strict`.
 */
export function stageOrgPack(options: Omit<OrgBuildOptions, "out" | "signing">): StagedPack {
  const policiesDir = options.policiesDir ?? paths.policies;
  const rulesDir = options.rulesDir ? path.resolve(options.rulesDir) : null;
  const name = options.name ?? (rulesDir ? path.basename(path.dirname(rulesDir)) : "org");
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new ToolError(`pack name "${name}" must be lowercase letters, digits, ".", "_" or "-" (set it with --name)`);
  if (!RULE_VERSION.test(options.packVersion)) throw new ToolError(`pack version "${options.packVersion}" must be a semantic version such as 1.0.0`);

  const base = loadCatalogs(path.join(policiesDir, "data"));
  const overrides = options.dataPath ? loadDataOverrides(path.resolve(options.dataPath)) : { files: [] };
  const merged = mergeData(base, overrides);
  const sources = rulesDir ? orgRuleSources(rulesDir) : { modules: [], tests: [] };
  const display = (rel: string): string => (rel.startsWith(`${ORG_PREFIX}/`) ? `${name}/rules/${rel.slice(ORG_PREFIX.length + 1)}` : `policies/${rel}`);

  const staging = mkdtempSync(path.join(os.tmpdir(), "modelgate-pack-"));
  try {
    stageBaseRego(policiesDir, staging);
    for (const file of sources.modules) {
      const target = path.join(staging, ORG_PREFIX, path.relative(rulesDir!, file));
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(file, target);
    }
    const disabled = new Set(merged.catalogs.policy.disabledRules);
    const baseRules = ruleCatalogFrom(path.join(staging, "rules"), staging, { disabled, display });
    const orgRules = sources.modules.length > 0 ? ruleCatalogFrom(path.join(staging, ORG_PREFIX), staging, { disabled, display, pack: name }) : [];
    if (sources.modules.length > 0) {
      const basePackages = new Set(namespacesOf(path.join(staging, "rules"), staging).values());
      checkOrgModules(staging, orgRules, basePackages, display);
      for (const rule of orgRules) {
        const folder = path.dirname(path.join(rulesDir!, rule.file.slice(`${name}/rules/`.length)));
        if (!sources.tests.some((test) => path.dirname(test) === folder)) {
          throw new ToolError(`${rule.file}: rule ${rule.id} has no *_test.rego beside it; organisation rules are tested like the built-in ones`);
        }
      }
    }
    const catalog = sortedCatalog([...baseRules, ...orgRules]);
    writeBundleData(staging, merged.catalogs, catalog);
    const capabilities = path.join(policiesDir, "capabilities.json");
    const check = runOpa(["check", "--strict", "--capabilities", capabilities, "--bundle", staging]);
    if (check.status !== 0)
      throw new ToolError(`opa check --strict failed:\n${unstage((check.stderr || check.stdout).trim(), staging, rulesDir, policiesDir)}`);

    const baseDigest = sourceDigest(policiesDir, digestExtras(packageVersion()));
    const digest = digestOf([
      { name: "format", content: BUNDLE_FORMAT },
      { name: "base", content: baseDigest },
      { name: "pack", content: name },
      { name: "version", content: options.packVersion },
      ...sources.modules.map((file) => ({ name: `rules/${path.relative(rulesDir!, file).split(path.sep).join("/")}`, content: readFileSync(file) })),
      ...overrides.files.map((file) => ({ name: `data/${file.name}`, content: file.content })),
    ]);
    return {
      staging,
      name,
      catalog,
      orgRules: orgRules.map((rule) => rule.id),
      tests: sources.tests,
      dataChanges: merged.changes,
      digest,
      baseRevision: bundleRevision(packageVersion(), baseDigest),
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes the staged pack's .manifest (revision, pack metadata) and compiles it with `opa build -b
 * -t wasm` and the pinned capabilities; with a signing key opa signs it (OPA's .signatures.json).
 */
export function compileStaged(
  staged: StagedPack,
  options: {
    out: string;
    revision: string;
    packVersion: string;
    policiesDir: string;
    expires?: string;
    signing?: { key: SigningKey; keyId: string; keyDir: string } | null;
  },
): void {
  const manifest = {
    revision: options.revision,
    roots: [""],
    metadata: {
      modelgate: {
        pack: staged.name,
        version: options.packVersion,
        digest: staged.digest,
        base: { version: packageVersion(), revision: staged.baseRevision },
        rules: staged.orgRules,
        ...(options.expires !== undefined ? { expires: options.expires } : {}),
      },
    },
  };
  writeFileSync(path.join(staged.staging, ".manifest"), JSON.stringify(manifest));
  mkdirSync(path.dirname(options.out), { recursive: true });
  const capabilities = path.join(options.policiesDir, "capabilities.json");
  const args = ["build", "-b", "-t", "wasm", "--capabilities", capabilities, "--revision", options.revision, "-o", options.out];
  if (options.signing) {
    // opa reads the key from a file outside the staged bundle: never put key material on a command line.
    const keyFile = path.join(options.signing.keyDir, "signing-key.pem");
    writeFileSync(keyFile, options.signing.key.pem, { mode: 0o600 });
    args.push("--signing-key", keyFile, "--signing-alg", options.signing.key.algorithm, "--verification-key-id", options.signing.keyId);
  }
  args.push(".");
  mustSucceed(runOpa(args, { cwd: staged.staging }), `opa build (opa ${OPA_VERSION})`);
  const files = readTarGz(readFileSync(options.out));
  const builtManifest = files.get(".manifest");
  if (!files.get("policy.wasm") || !builtManifest) throw new ToolError(`opa build wrote no policy.wasm or .manifest into ${options.out}`);
  checkEntrypoint(builtManifest, options.out);
}

/** The expiry a pack records: the one asked for (a real day, not past), else DEFAULT_VALID_DAYS ahead when signed. */
function packExpiry(requested: string | undefined, signed: boolean): string | undefined {
  const today = todayUtc();
  if (requested === undefined) {
    if (!signed) return undefined;
    return new Date(Date.parse(`${today}T00:00:00Z`) + DEFAULT_VALID_DAYS * 86_400_000).toISOString().slice(0, 10);
  }
  if (!isDay(requested)) throw new ToolError(`--expires ${requested} is not a YYYY-MM-DD day`);
  if (requested < today) throw new ToolError(`--expires ${requested} is in the past: the pack would be refused at once`);
  return requested;
}

/**
 * `modelgate bundle build`: the built-in rules plus an organisation's rules and data overrides,
 * checked (`opa check --strict`), tested (`opa test` over the organisation's tests), compiled to
 * wasm with the pinned opa and capabilities, and optionally signed by opa itself
 * (`--signing-key`), writing OPA's `.signatures.json`. The signature is verified here before the
 * build reports success, so the signer and modelgate's verifier are known to agree.
 */
export function buildOrgBundle(options: OrgBuildOptions): OrgBuildResult {
  const started = process.hrtime.bigint();
  const policiesDir = options.policiesDir ?? paths.policies;
  const signingKey = options.signing ? loadSigningKey(options.signing.key, options.signing.algorithm) : null;
  const staged = stageOrgPack(options);
  let keyDir: string | null = null;
  try {
    const tests = runOrgTests(staged.staging, staged.tests, policiesDir);
    if (tests.failed > 0) throw new PackTestError(`${tests.failed} of the pack's Rego tests failed, so no bundle was written:\n${tests.output}`);
    const revision = bundleRevision(options.packVersion, staged.digest);
    const expires = packExpiry(options.expires, signingKey !== null);
    const out = path.resolve(options.out);
    keyDir = signingKey ? mkdtempSync(path.join(os.tmpdir(), "modelgate-key-")) : null;
    let signature: SignatureInfo | null = null;
    try {
      compileStaged(staged, {
        out,
        revision,
        packVersion: options.packVersion,
        policiesDir,
        ...(expires !== undefined ? { expires } : {}),
        signing: signingKey && { key: signingKey, keyId: options.signing!.keyId ?? "default", keyDir: keyDir! },
      });
      if (signingKey) signature = verifyBundleFiles(allBundleFiles(out), out, { verificationKey: signingKey.key, keyId: options.signing!.keyId ?? "default" });
    } catch (error) {
      rmSync(out, { force: true });
      throw error;
    }
    return {
      file: out,
      revision,
      digest: staged.digest,
      name: staged.name,
      catalog: staged.catalog,
      orgRules: staged.orgRules,
      tests: { passed: tests.passed, failed: tests.failed },
      dataChanges: staged.dataChanges,
      signature,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    rmSync(staged.staging, { recursive: true, force: true });
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  }
}
