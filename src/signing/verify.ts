import type { KeyObject } from "node:crypto";
import { BundleError } from "../errors";
import { bundleFileDigest, CanonicalJsonError } from "./hash";
import { JwsError, verifyCompact } from "./jws";
import { checkFreshness } from "./freshness";
import { loadVerificationKey, type VerificationKey } from "./keys";

export const SIGNATURES_FILE = ".signatures.json";

/** A bundle that must not be loaded: unsigned, wrongly signed, tampered with, or with extra files. */
export class SignatureError extends BundleError {}

export interface VerifyOptions {
  /** PEM text, a path to a PEM file, or a KeyObject. */
  verificationKey: string | KeyObject;
  /** When set, the token's key id (`kid` header or `keyid` claim) must be exactly this. */
  keyId?: string;
  /** The oldest pack version accepted; without it the pack must record an expiry (see freshness.ts). */
  minRevision?: string;
  /** The day a pack's expiry is judged against (default: today in UTC). */
  today?: string;
}

export interface SignatureInfo {
  algorithm: string;
  keyId: string | null;
  /** Files covered by the signature, each checked against its SHA-256. */
  files: string[];
  /** The last day the pack is valid, from its signed .manifest; null when a minimum revision vouches for it instead. */
  expires: string | null;
}

interface SignedFile {
  name: string;
  hash: string;
  algorithm: string;
}

function signedFiles(payload: Record<string, unknown>, where: string): Map<string, SignedFile> {
  const list = payload.files;
  if (!Array.isArray(list)) throw new SignatureError(`bundle ${where}: the signature carries no file list`);
  const out = new Map<string, SignedFile>();
  for (const item of list as unknown[]) {
    const file = item as Partial<SignedFile>;
    if (typeof file?.name !== "string" || typeof file.hash !== "string" || typeof file.algorithm !== "string") {
      throw new SignatureError(`bundle ${where}: the signature's file list has an entry without name, hash and algorithm`);
    }
    const name = file.name.replace(/^\/+/, "");
    if (out.has(name)) throw new SignatureError(`bundle ${where}: the signature lists ${name} twice`);
    out.set(name, { name, hash: file.hash.toLowerCase(), algorithm: file.algorithm });
  }
  return out;
}

/**
 * Verifies a bundle's `.signatures.json` (OPA's format: one compact JWS whose payload lists every
 * file with its SHA-256) against the key, then every file against its digest. Refuses unsigned
 * bundles, another key's signature, altered files, files the signature does not list and listed
 * files that are missing; each error names the bundle and the file.
 */
export function verifyBundleFiles(files: ReadonlyMap<string, Buffer>, where: string, options: VerifyOptions): SignatureInfo {
  let key: VerificationKey;
  try {
    key = loadVerificationKey(options.verificationKey);
  } catch (error) {
    throw new BundleError((error as Error).message);
  }
  const signatures = files.get(SIGNATURES_FILE);
  if (!signatures) throw new SignatureError(`bundle ${where} is not signed (it has no ${SIGNATURES_FILE}), but a verification key is configured`);
  let parsed: { signatures?: unknown; plugin?: unknown };
  try {
    parsed = JSON.parse(signatures.toString("utf8")) as typeof parsed;
  } catch {
    throw new SignatureError(`bundle ${where}: ${SIGNATURES_FILE} is not valid JSON`);
  }
  if (parsed.plugin !== undefined && parsed.plugin !== "" && parsed.plugin !== "_default") {
    throw new SignatureError(`bundle ${where}: ${SIGNATURES_FILE} names signing plugin ${JSON.stringify(parsed.plugin)}, which modelgate cannot verify`);
  }
  if (!Array.isArray(parsed.signatures) || parsed.signatures.length !== 1 || typeof parsed.signatures[0] !== "string") {
    throw new SignatureError(`bundle ${where}: ${SIGNATURES_FILE} must hold exactly one signature`);
  }
  let verified;
  try {
    verified = verifyCompact(parsed.signatures[0], key.key, key.algorithm);
  } catch (error) {
    if (error instanceof JwsError) throw new SignatureError(`bundle ${where}: ${SIGNATURES_FILE}: ${error.message}`);
    throw error;
  }
  const keyId = typeof verified.header.kid === "string" ? verified.header.kid : typeof verified.payload.keyid === "string" ? verified.payload.keyid : null;
  if (options.keyId !== undefined && keyId !== options.keyId) {
    throw new SignatureError(`bundle ${where} is signed with key id ${JSON.stringify(keyId)}, expected ${JSON.stringify(options.keyId)}`);
  }
  if (verified.payload.scope !== undefined && verified.payload.scope !== "") {
    throw new SignatureError(
      `bundle ${where}: the signature is scoped to ${JSON.stringify(verified.payload.scope)}; modelgate verifies unscoped signatures only`,
    );
  }
  const listed = signedFiles(verified.payload, where);
  for (const [name, bytes] of files) {
    if (name === SIGNATURES_FILE) continue;
    const entry = listed.get(name);
    if (!entry) throw new SignatureError(`bundle ${where}: ${name} is not covered by the signature (a file added after signing)`);
    if (entry.algorithm !== "SHA-256") throw new SignatureError(`bundle ${where}: ${name} is signed with hash ${entry.algorithm}; only SHA-256 is accepted`);
    let digest: string;
    try {
      digest = bundleFileDigest(name, bytes);
    } catch (error) {
      if (error instanceof CanonicalJsonError) throw new SignatureError(`bundle ${where}: ${name} cannot be verified: ${error.message}`);
      throw error;
    }
    if (digest !== entry.hash)
      throw new SignatureError(`bundle ${where}: ${name} was modified after signing (SHA-256 ${digest} does not match the signed ${entry.hash})`);
  }
  const missing = [...listed.keys()].filter((name) => !files.has(name));
  if (missing.length > 0)
    throw new SignatureError(`bundle ${where}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} signed but missing from the bundle`);
  // only now is .manifest known to be the signer's: its expiry and revision can be trusted
  const freshness = checkFreshness(files.get(".manifest"), where, { minRevision: options.minRevision, today: options.today });
  if (freshness.refusal !== null) throw new SignatureError(freshness.refusal);
  return { algorithm: key.algorithm, keyId, files: [...listed.keys()].sort(), expires: freshness.expires };
}
