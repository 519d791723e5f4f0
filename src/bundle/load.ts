import type { KeyObject } from "node:crypto";
import { readBundle, type LoadedBundle } from "./read";
import { BundleError } from "../errors";
import { isVersion, MIN_REVISION_ENV } from "../signing/freshness";

/** Environment variables that configure bundle verification (PEM text or a path to a PEM file). */
export const VERIFICATION_KEY_ENV = "MODELGATE_VERIFICATION_KEY";
export const VERIFICATION_KEY_ID_ENV = "MODELGATE_VERIFICATION_KEY_ID";

export interface VerificationSettings {
  /** PEM text, a path to a PEM public key or certificate, or a KeyObject. */
  verificationKey?: string | KeyObject;
  /** When set, the bundle must be signed with this key id. */
  keyId?: string;
  /** The oldest pack version accepted (MODELGATE_MIN_BUNDLE_REVISION); without it a signed pack must record an expiry. */
  minRevision?: string;
}

/**
 * A variable that is set but empty is what a CI secret that does not exist expands to: treating
 * it as "no verification" would run unverified rules exactly when verification was meant.
 */
function fromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === "")
    throw new BundleError(`${name} is set but empty (a CI secret that is missing?); set it to the key, or unset it to run without verification`);
  return value;
}

function explicitValue(value: string | undefined, flag: string): string | undefined {
  if (value?.trim() === "") throw new BundleError(`${flag} is empty; name the key, or leave the option out`);
  return value;
}

/** The explicit settings, else MODELGATE_VERIFICATION_KEY / MODELGATE_VERIFICATION_KEY_ID. */
export function verificationSettings(explicit: VerificationSettings = {}, env: NodeJS.ProcessEnv = process.env): VerificationSettings {
  const key = explicit.verificationKey;
  const verificationKey = (typeof key === "string" ? explicitValue(key, "--verification-key") : key) ?? fromEnv(env, VERIFICATION_KEY_ENV);
  const keyId = explicitValue(explicit.keyId, "--key-id") ?? fromEnv(env, VERIFICATION_KEY_ID_ENV);
  const minRevision = explicitValue(explicit.minRevision, "--min-revision") ?? fromEnv(env, MIN_REVISION_ENV);
  if (minRevision !== undefined && !isVersion(minRevision))
    throw new BundleError(`the minimum bundle revision must be a semantic version such as 2.3.0, got "${minRevision}"`);
  return {
    ...(verificationKey !== undefined ? { verificationKey } : {}),
    ...(keyId !== undefined ? { keyId } : {}),
    ...(minRevision !== undefined ? { minRevision } : {}),
  };
}

/**
 * Loads a rule bundle (directory or .tar.gz) for the CLI or the CrossGuard pack. With a
 * verification key (given, or from MODELGATE_VERIFICATION_KEY), the signature and every file's
 * SHA-256 are checked first, and an unsigned, wrongly signed or altered bundle throws a
 * `SignatureError` (a `BundleError`) naming the bundle and the file. Synchronous, like the engine.
 *
 * @example
 *   const bundle = loadVerifiedBundle("acme-llm-policy.tar.gz", { verificationKey: "keys/acme.pub.pem" });
 *   const engine = new PolicyEngine(bundle);
 */
export function loadVerifiedBundle(location: string, settings: VerificationSettings = {}): LoadedBundle {
  return readBundle(location, verificationSettings(settings));
}
