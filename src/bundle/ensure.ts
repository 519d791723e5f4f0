import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";
import { bundleRevision, buildBundle, digestExtras, packageVersion } from "./build";
import { sourceDigest } from "./sources";

export function readRevision(bundleDir: string): string | null {
  const manifest = path.join(bundleDir, ".manifest");
  if (!existsSync(manifest)) return null;
  return (JSON.parse(readFileSync(manifest, "utf8")) as { revision?: string }).revision ?? null;
}

/**
 * The default bundle, rebuilt whenever its recorded revision does not match the current Rego and
 * data sources, so a stale policy.wasm can never be evaluated.
 */
export function ensureDefaultBundle(): string {
  const expected = bundleRevision(packageVersion(), sourceDigest(paths.policies, digestExtras(packageVersion())));
  const required = ["policy.wasm", "data.json", "catalog.json"].every((name) => existsSync(path.join(paths.bundleDir, name)));
  if (!required || readRevision(paths.bundleDir) !== expected) buildBundle();
  return paths.bundleDir;
}
