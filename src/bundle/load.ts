import type { KeyObject } from "node:crypto";
import { readBundle, type LoadedBundle } from "./read";

/** Environment variables that configure bundle verification (PEM text or a path to a PEM file). */
export const VERIFICATION_KEY_ENV = "MODELGATE_VERIFICATION_KEY";
export const VERIFICATION_KEY_ID_ENV = "MODELGATE_VERIFICATION_KEY_ID";

export interface VerificationSettings {
  /** PEM text, a path to a PEM public key or certificate, or a KeyObject. */
  verificationKey?: string | KeyObject;
  /** When set, the bundle must be signed with this key id. */
  keyId?: string;
}

/** The explicit settings, else MODELGATE_VERIFICATION_KEY / MODELGATE_VERIFICATION_KEY_ID. */
export function verificationSettings(explicit: VerificationSettings = {}, env: NodeJS.ProcessEnv = process.env): VerificationSettings {
  const verificationKey = explicit.verificationKey ?? (env[VERIFICATION_KEY_ENV] || undefined);
  const keyId = explicit.keyId ?? (env[VERIFICATION_KEY_ID_ENV] || undefined);
  return { ...(verificationKey !== undefined ? { verificationKey } : {}), ...(keyId !== undefined ? { keyId } : {}) };
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
