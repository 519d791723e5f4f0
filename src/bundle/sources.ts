import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Every file a bundle is built from: Rego modules (tests excluded), data catalogues, capabilities. */
export function bundleSourceFiles(policiesDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if ((name.endsWith(".rego") && !name.endsWith("_test.rego")) || name.endsWith(".json")) files.push(full);
    }
  };
  walk(policiesDir);
  return files;
}

/** A digest over file names and contents; the bundle revision carries it so staleness is detectable. */
export function sourceDigest(policiesDir: string, extra: Array<{ name: string; content: string }> = []): string {
  const hash = createHash("sha256");
  for (const file of bundleSourceFiles(policiesDir)) {
    hash.update(path.relative(policiesDir, file).split(path.sep).join("/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  for (const { name, content } of extra) {
    hash.update(name);
    hash.update("\0");
    hash.update(content);
    hash.update("\0");
  }
  return hash.digest("hex");
}
