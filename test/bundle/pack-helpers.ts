import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildOrgBundle, type OrgBuildResult } from "../../src/bundle/org";
import { main } from "../../src/cli/main";

export const ROOT = path.join(__dirname, "..", "..");
export const ORG_PACK = path.join(ROOT, "examples", "org-pack");

export interface KeyFiles {
  privateKey: string;
  publicKey: string;
}

/** A key pair generated at run time, written as PEM files into `dir`. */
export function keyPair(dir: string, type: "rsa" | "ec", name: string = type): KeyFiles {
  const pair = type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const privateKey = path.join(dir, `${name}.key.pem`);
  const publicKey = path.join(dir, `${name}.pub.pem`);
  writeFileSync(privateKey, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(publicKey, pair.publicKey.export({ type: "spki", format: "pem" }));
  return { privateKey, publicKey };
}

export function tempDir(prefix = "modelgate-pack-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** examples/org-pack built (and signed when keys are given) into `out`. */
export function buildExamplePack(out: string, signing?: { key: string; keyId?: string; algorithm?: string }): OrgBuildResult {
  return buildOrgBundle({
    rulesDir: path.join(ORG_PACK, "rules"),
    dataPath: path.join(ORG_PACK, "data"),
    out,
    packVersion: "1.0.0",
    name: "acme",
    ...(signing ? { signing } : {}),
  });
}

/** Runs the CLI in-process, capturing what it writes. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
