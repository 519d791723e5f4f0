import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { ModelgateError } from "../errors";

/** The JWS algorithms modelgate signs and verifies bundles with (OPA's defaults for key pairs). */
export const SIGNING_ALGORITHMS = ["RS256", "ES256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export class KeyError extends ModelgateError {
  constructor(message: string) {
    super("key", message);
  }
}

/** PEM text as given, or the contents of the file it names (`MODELGATE_VERIFICATION_KEY` may hold either). */
export function readPem(keyOrPath: string, what: string): { pem: string; where: string } {
  if (keyOrPath.trimStart().startsWith("-----BEGIN")) return { pem: keyOrPath, where: `${what} (inline PEM)` };
  if (!existsSync(keyOrPath)) throw new KeyError(`${what} ${keyOrPath} does not exist`);
  return { pem: readFileSync(keyOrPath, "utf8"), where: keyOrPath };
}

/** The algorithm a key can be used with: RSA (2048 bits or more) is RS256, EC P-256 is ES256. */
export function algorithmFor(key: KeyObject, where: string): SigningAlgorithm {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa") {
    if ((details.modulusLength ?? 0) < 2048) throw new KeyError(`${where}: RSA keys must have at least 2048 bits (this one has ${details.modulusLength})`);
    return "RS256";
  }
  if (key.asymmetricKeyType === "ec") {
    if (details.namedCurve !== "prime256v1") throw new KeyError(`${where}: EC keys must use the P-256 curve for ES256 (this one uses ${details.namedCurve})`);
    return "ES256";
  }
  throw new KeyError(`${where}: unsupported key type ${key.asymmetricKeyType ?? "(symmetric)"}; use an RSA (RS256) or EC P-256 (ES256) key`);
}

export interface VerificationKey {
  key: KeyObject;
  algorithm: SigningAlgorithm;
  where: string;
}

/** A public key (or certificate, or private key whose public half is used) for verifying bundles. */
export function loadVerificationKey(keyOrPath: string | KeyObject): VerificationKey {
  if (typeof keyOrPath !== "string") {
    const key = keyOrPath.type === "private" ? createPublicKey(keyOrPath) : keyOrPath;
    return { key, algorithm: algorithmFor(key, "verification key"), where: "verification key" };
  }
  const { pem, where } = readPem(keyOrPath, "verification key");
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new KeyError(`${where} is not a PEM public key, certificate or private key: ${(error as Error).message}`);
  }
  return { key, algorithm: algorithmFor(key, where), where };
}

export interface SigningKey {
  key: KeyObject;
  algorithm: SigningAlgorithm;
  where: string;
  pem: string;
}

/** A PEM private key for signing; `algorithm`, when given, must match the key type. */
export function loadSigningKey(keyOrPath: string, algorithm?: string): SigningKey {
  const { pem, where } = readPem(keyOrPath, "signing key");
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new KeyError(`${where} is not a PEM private key: ${(error as Error).message}`);
  }
  const fits = algorithmFor(key, where);
  if (algorithm !== undefined) {
    if (!(SIGNING_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new KeyError(`signing algorithm ${algorithm} is not supported (use ${SIGNING_ALGORITHMS.join(" or ")})`);
    }
    if (algorithm !== fits)
      throw new KeyError(`${where} is ${key.asymmetricKeyType === "rsa" ? "an RSA" : "an EC"} key, which signs ${fits}, not ${algorithm}`);
  }
  return { key, algorithm: fits, where, pem };
}
