import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../bundle/ensure";
import { applyConfig, ConfigError, loadConfig, type LoadedConfig } from "../config/load";
import { readBundle, type LoadedBundle } from "../bundle/read";
import { BundleError } from "../errors";
import { VERIFICATION_KEY_ENV, verificationSettings, type VerificationSettings } from "../bundle/load";
import { displayPath } from "../parse/discover";
import { restrictToSignedPack, type Loosening } from "../config/signed-pack";

let cliVerification: VerificationSettings = {};

/** Called before every command's action with its options: `--verification-key` and `--key-id`. */
export function useVerification(opts: { verificationKey?: string; keyId?: string; minRevision?: string }): void {
  cliVerification = {
    ...(opts.verificationKey !== undefined ? { verificationKey: opts.verificationKey } : {}),
    ...(opts.keyId !== undefined ? { keyId: opts.keyId } : {}),
    ...(opts.minRevision !== undefined ? { minRevision: opts.minRevision } : {}),
  };
}

export interface BundleOptions {
  bundle?: string;
  config?: string;
  cwd: string;
}

/** The project config named by --config, else ./modelgate.yaml when present. */
function configFile(options: BundleOptions): string | null {
  if (options.config) return path.resolve(options.cwd, options.config);
  const found = ["modelgate.yaml", "modelgate.yml"].map((name) => path.join(options.cwd, name)).find((file) => existsSync(file));
  return found ?? null;
}

/** The bundle the run evaluates: --bundle, or the default one rebuilt from current sources if stale. */
export function resolveBundle(options: BundleOptions): LoadedBundle {
  return resolveProject(options).bundle;
}

/**
 * The bundle plus the project config (validated with the bundle's rule ids), the config's policy
 * keys applied to the bundle's data.
 */
export function resolveProject(options: BundleOptions): { bundle: LoadedBundle; config: LoadedConfig | null; loosened: Loosening[] } {
  const verification = verificationSettings(cliVerification);
  if (verification.verificationKey !== undefined && !options.bundle) {
    const from = cliVerification.verificationKey !== undefined ? "--verification-key" : VERIFICATION_KEY_ENV;
    throw new BundleError(
      `a verification key is configured (${from}) but no --bundle is given; the built-in rules are not signed, so pass the signed bundle with --bundle`,
    );
  }
  const bundle = readBundle(options.bundle ? path.resolve(options.cwd, options.bundle) : ensureDefaultBundle(), verification);
  const file = configFile(options);
  if (!file) return { bundle, config: null, loosened: [] };
  const display = displayPath(file, options.cwd);
  if (!existsSync(file)) throw new ConfigError([`config file ${display} does not exist`]);
  const loaded = loadConfig(file, display, bundle.catalog.rules);
  // A signed pack is what compliance approved: a repository's config may tighten it, and what it
  // would loosen is left out and reported.
  const packPolicy = ((bundle.data.modelgate ?? {}) as { policy?: Record<string, unknown> }).policy ?? {};
  const { config, loosened } = bundle.signature ? restrictToSignedPack(loaded, packPolicy, bundle.revision) : { config: loaded, loosened: [] };
  return { bundle: { ...bundle, data: applyConfig(bundle.data, config) }, config, loosened };
}
