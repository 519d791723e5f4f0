import { bundleFileDigest } from "./hash";
import { signCompact } from "./jws";
import { loadSigningKey } from "./keys";
import { SIGNATURES_FILE } from "./verify";

export interface SignOptions {
  /** PEM text or a path to a PEM private key (RSA for RS256, EC P-256 for ES256). */
  signingKey: string;
  algorithm?: string;
  keyId?: string;
}

/**
 * The `.signatures.json` content OPA writes for `opa build --signing-key`: one JWS whose payload
 * lists every file (except the signatures file) with its SHA-256, plus the deprecated `keyid`
 * claim; the `kid` header names the key.
 */
export function signBundleFiles(files: ReadonlyMap<string, Buffer>, options: SignOptions): Buffer {
  const key = loadSigningKey(options.signingKey, options.algorithm);
  const keyId = options.keyId ?? "default";
  const list = [...files.keys()]
    .filter((name) => name !== SIGNATURES_FILE)
    .sort()
    .map((name) => ({ name, hash: bundleFileDigest(name, files.get(name)!), algorithm: "SHA-256" }));
  const token = signCompact({ kid: keyId, typ: "JWT" }, { files: list, keyid: keyId }, key.key, key.algorithm);
  return Buffer.from(JSON.stringify({ signatures: [token], plugin: "_default" }, null, 2) + "\n");
}
