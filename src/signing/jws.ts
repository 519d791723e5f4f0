import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from "node:crypto";
import type { SigningAlgorithm } from "./keys";
import { ModelgateError } from "../errors";

/**
 * Compact JWS (RFC 7515) for RS256 and ES256 with node:crypto. Verification is synchronous because
 * bundles are loaded synchronously (the engine and the CrossGuard pack); `jose` only verifies
 * asynchronously. The algorithm comes from the configured key, never from the token header, so a
 * token cannot pick `none`, HS256 or another key type.
 */

/** Wrapped into a SignatureError naming the bundle before it reaches the user. */
export class JwsError extends ModelgateError {
  constructor(message: string) {
    super("bundle", message);
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function b64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

function decode(part: string, what: string): Buffer {
  if (!B64URL.test(part)) throw new JwsError(`the token's ${what} is not base64url`);
  return Buffer.from(part, "base64url");
}

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new JwsError(`the token's ${what} is not JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new JwsError(`the token's ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function signatureOptions(key: KeyObject, algorithm: SigningAlgorithm): KeyObject | { key: KeyObject; dsaEncoding: "ieee-p1363" } {
  return algorithm === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key;
}

export function signCompact(header: Record<string, unknown>, payload: unknown, key: KeyObject, algorithm: SigningAlgorithm): string {
  const input = `${b64url(Buffer.from(JSON.stringify({ ...header, alg: algorithm })))}.${b64url(Buffer.from(JSON.stringify(payload)))}`;
  const signature = cryptoSign("sha256", Buffer.from(input), signatureOptions(key, algorithm));
  return `${input}.${b64url(signature)}`;
}

export interface VerifiedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export function verifyCompact(token: string, key: KeyObject, algorithm: SigningAlgorithm): VerifiedJws {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwsError("the token is not a compact JWS (header.payload.signature)");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJson(decode(headerPart, "header"), "header");
  if (header.alg !== algorithm) {
    throw new JwsError(`the token is signed with ${JSON.stringify(header.alg)}, but the verification key is for ${algorithm}`);
  }
  if (header.crit !== undefined) throw new JwsError("the token has critical header parameters modelgate does not understand");
  const signature = decode(signaturePart, "signature");
  if (algorithm === "ES256" && signature.length !== 64) throw new JwsError("the token's ES256 signature has the wrong length");
  const ok = cryptoVerify("sha256", Buffer.from(`${headerPart}.${payloadPart}`), signatureOptions(key, algorithm), signature);
  if (!ok) throw new JwsError("the signature does not match the verification key (signed with another key, or the signature file was altered)");
  return { header, payload: parseJson(decode(payloadPart, "payload"), "payload") };
}
