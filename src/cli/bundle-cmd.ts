import path from "node:path";
import { type Command, Option } from "commander";
import { buildOrgBundle, PackTestError, type OrgBuildResult } from "../bundle/org";
import { loadVerifiedBundle, verificationSettings, VERIFICATION_KEY_ENV, type VerificationSettings } from "../bundle/load";
import { ensureDefaultBundle } from "../bundle/ensure";
import { exportPortable } from "../bundle/portable";
import { UsageError } from "../parse/discover";
import { SIGNING_ALGORITHMS } from "../signing/keys";
import { EXIT_FINDINGS, EXIT_OK } from "./exit";

interface BuildFlags {
  rules?: string;
  data?: string;
  out: string;
  packVersion: string;
  name?: string;
  signingKey?: string;
  signingAlg?: string;
  keyId?: string;
  expires?: string;
  format: "text" | "json";
}

function summary(result: OrgBuildResult, cwd: string): string {
  const base = result.catalog.rules.length - result.orgRules.length;
  const rows: Array<[string, string]> = [
    ["revision", `${result.revision} (pack ${result.name} ${result.revision.split("+")[0]})`],
    [
      "rules",
      `${result.catalog.rules.length}: ${base} built-in` +
        (result.orgRules.length > 0 ? `, ${result.orgRules.length} from the pack (${result.orgRules.join(", ")})` : ""),
    ],
    ["tests", result.tests.passed + result.tests.failed > 0 ? `${result.tests.passed} passed, ${result.tests.failed} failed` : "none"],
    ["data", result.dataChanges.length > 0 ? result.dataChanges.join("; ") : "built-in catalogues and policy"],
    [
      "signed",
      result.signature
        ? `${result.signature.algorithm}, key id ${result.signature.keyId ?? "(none)"}; ${result.signature.files.length} files verified; valid until ${result.signature.expires}`
        : "no (pass --signing-key to sign)",
    ],
    ["time", `${result.seconds.toFixed(1)} s`],
  ];
  return [`built ${path.relative(cwd, result.file) || result.file}`, ...rows.map(([k, v]) => `  ${k.padEnd(9)}${v}`)].join("\n") + "\n";
}

function runBuild(flags: BuildFlags, cwd: string): number {
  if (!flags.out.endsWith(".tar.gz")) throw new UsageError(`--out ${flags.out} must name a .tar.gz file`);
  if ((flags.signingAlg || flags.keyId) && !flags.signingKey) throw new UsageError("--signing-alg and --key-id need --signing-key");
  let result: OrgBuildResult;
  try {
    result = buildOrgBundle({
      rulesDir: flags.rules ? path.resolve(cwd, flags.rules) : undefined,
      dataPath: flags.data ? path.resolve(cwd, flags.data) : undefined,
      out: path.resolve(cwd, flags.out),
      packVersion: flags.packVersion,
      name: flags.name,
      signing: flags.signingKey ? { key: path.resolve(cwd, flags.signingKey), algorithm: flags.signingAlg, keyId: flags.keyId } : undefined,
      ...(flags.expires !== undefined ? { expires: flags.expires } : {}),
    });
  } catch (error) {
    if (error instanceof PackTestError) {
      process.stderr.write(`modelgate: ${error.message}\n`);
      return EXIT_FINDINGS;
    }
    throw error;
  }
  if (flags.format === "json") {
    const { catalog, ...rest } = result;
    process.stdout.write(JSON.stringify({ ...rest, file: path.relative(cwd, result.file), rules: catalog.rules.length }, null, 2) + "\n");
  } else {
    process.stdout.write(summary(result, cwd));
  }
  return EXIT_OK;
}

interface VerifyFlags {
  verificationKey?: string;
  keyId?: string;
  minRevision?: string;
}

function settingsFrom(flags: VerifyFlags, cwd: string): VerificationSettings {
  return verificationSettings({
    verificationKey:
      flags.verificationKey !== undefined && flags.verificationKey.trim() !== "" ? path.resolve(cwd, flags.verificationKey) : flags.verificationKey,
    keyId: flags.keyId,
    minRevision: flags.minRevision,
  });
}

function runVerify(file: string, flags: VerifyFlags, cwd: string): number {
  const settings = settingsFrom(flags, cwd);
  if (settings.verificationKey === undefined) throw new UsageError(`bundle verify needs --verification-key KEY.pem (or ${VERIFICATION_KEY_ENV})`);
  const started = process.hrtime.bigint();
  const bundle = loadVerifiedBundle(path.resolve(cwd, file), settings);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const signature = bundle.signature!;
  process.stdout.write(
    `verified ${file}: revision ${bundle.revision}, ${signature.algorithm} signature by key id ${signature.keyId ?? "(none)"}, ` +
      `${signature.files.length} files match their SHA-256, ${signature.expires ? `valid until ${signature.expires}` : `not older than ${settings.minRevision}`} (${ms.toFixed(0)} ms)\n`,
  );
  return EXIT_OK;
}

function runExport(file: string, flags: VerifyFlags & { out: string }, cwd: string): number {
  const location = file === "builtin" ? ensureDefaultBundle() : path.resolve(cwd, file);
  const settings = settingsFrom(flags, cwd);
  if (settings.verificationKey !== undefined && file !== "builtin") loadVerifiedBundle(location, settings);
  const out = path.resolve(cwd, flags.out);
  const layout = exportPortable(location, out);
  const rel = (p: string): string => path.relative(cwd, p) || ".";
  process.stdout.write(
    `exported ${layout.modules} Rego modules and data.json to ${rel(out)}\n` +
      `  opa:      opa eval -d ${rel(layout.policyDir)} -d ${rel(layout.dataDir)} -i document.json data.modelgate.portable.findings\n` +
      `  conftest: conftest test --policy ${rel(layout.policyDir)} --data ${rel(layout.dataDir)} documents.json   (documents from \`modelgate normalize\`)\n`,
  );
  return EXIT_OK;
}

/** `modelgate bundle build`, `verify` and `export`. */
export function registerBundleCommands(cli: Command, setExit: (code: number) => void): void {
  const bundle = cli.command("bundle").description("build, sign and verify rule bundles for organisation packs");
  bundle
    .command("build")
    .description("build an OPA bundle from the built-in rules plus an organisation's rules and data, optionally signed")
    .option("--rules <dir>", "the pack's rule folders (<family>/<rule>/<rule>.rego with <rule>_test.rego)")
    .option("--data <dir|file>", "data overrides: a folder with org-policy.json, pricing.json, providers.json, or one JSON file")
    .requiredOption("-o, --out <file.tar.gz>", "bundle tarball to write")
    .requiredOption("--pack-version <version>", "the pack's semantic version; the revision is <version>+<digest of all sources>")
    .option("--name <name>", "the pack's name (default: the folder holding --rules)")
    .option("--signing-key <key.pem>", "sign with this PEM private key (RSA for RS256, EC P-256 for ES256)")
    .addOption(new Option("--signing-alg <alg>", "signature algorithm (default: from the key)").choices([...SIGNING_ALGORITHMS]))
    .option("--key-id <id>", "key id written into the signature (default: default)")
    .option(
      "--expires <YYYY-MM-DD>",
      "last day the pack is valid, recorded in its signed .manifest so an older signed pack is refused (default with --signing-key: 180 days ahead)",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((flags: BuildFlags) => setExit(runBuild(flags, process.cwd())));
  bundle
    .command("verify")
    .description("verify a bundle's signature and every file's SHA-256; exit 2 when it is unsigned, wrongly signed or altered")
    .argument("<bundle>", "bundle .tar.gz or directory")
    .option("--verification-key <key.pem>", `PEM public key or certificate (default: ${VERIFICATION_KEY_ENV})`)
    .option("--key-id <id>", "require this key id")
    .option("--min-revision <version>", "refuse a pack older than this version (default: MODELGATE_MIN_BUNDLE_REVISION)")
    .action((file: string, flags: VerifyFlags) => setExit(runVerify(file, flags, process.cwd())));
  bundle
    .command("export")
    .description("write a bundle's Rego and data for opa eval and conftest (with a wrapper policy in conftest's namespace main)")
    .argument("<bundle>", "bundle .tar.gz or directory, or `builtin`")
    .requiredOption("-o, --out <dir>", "folder to write policy/ and data/ into")
    .option("--verification-key <key.pem>", "verify the bundle first (default: MODELGATE_VERIFICATION_KEY)")
    .option("--key-id <id>", "require this key id")
    .option("--min-revision <version>", "refuse a pack older than this version (default: MODELGATE_MIN_BUNDLE_REVISION)")
    .action((file: string, flags: VerifyFlags & { out: string }) => setExit(runExport(file, flags, process.cwd())));
}
