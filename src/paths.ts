import { existsSync } from "node:fs";
import path from "node:path";

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "policies"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the modelgate package root above ${start}`);
    dir = parent;
  }
}

/** The installed package's root: policies/, schemas/ and build/ are resolved against it, never the cwd. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

export const paths = {
  root: PACKAGE_ROOT,
  policies: path.join(PACKAGE_ROOT, "policies"),
  data: path.join(PACKAGE_ROOT, "policies", "data"),
  schemas: path.join(PACKAGE_ROOT, "schemas"),
  capabilities: path.join(PACKAGE_ROOT, "policies", "capabilities.json"),
  bundleDir: path.join(PACKAGE_ROOT, "build", "bundle"),
  toolsBin: path.join(PACKAGE_ROOT, ".tools", "bin"),
  toolsModule: path.join(PACKAGE_ROOT, "tools"),
};

/**
 * The git work tree that contains `cwd`, else `cwd` itself: what SARIF URIs and Flux
 * Kustomization paths are relative to.
 */
export function repositoryRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}
