import { readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { ModelgateError } from "../errors";

/** Extensions walked inside directories; files named explicitly are read whatever their extension. */
const SCANNED_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", ".tools", "dist", "build"]);

export interface DiscoveredFile {
  /** Absolute path, or "-" for stdin. */
  absolute: string;
  /** Path shown to users: relative to cwd when inside it. */
  display: string;
}

export class UsageError extends ModelgateError {
  constructor(message: string) {
    super("usage", message);
  }
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : absolute;
}

function walk(dir: string, cwd: string, found: Map<string, DiscoveredFile>, visited: Set<string>): void {
  // Symlinked directories are followed once: a link back up the tree must not loop.
  const real = realpathSync(dir);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(absolute);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // a dangling link names nothing to scan
      }
    }
    if (isDirectory) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith(".")) walk(absolute, cwd, found, visited);
    } else if (isFile && SCANNED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      found.set(absolute, { absolute, display: displayPath(absolute, cwd) });
    }
  }
}

/**
 * Expands the CLI's paths: directories recursively (sorted, so output is stable), files as given.
 * Synchronous on purpose: thousands of small stat/readdir calls are faster than their promises.
 */
export function discoverFiles(inputs: string[], cwd: string): DiscoveredFile[] {
  const found = new Map<string, DiscoveredFile>();
  for (const input of inputs) {
    if (input === "-") {
      found.set("-", { absolute: "-", display: "-" });
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      throw new UsageError(`${displayPath(absolute, cwd)}: no such file or directory`);
    }
    if (stat.isDirectory()) walk(absolute, cwd, found, new Set());
    else found.set(absolute, { absolute, display: displayPath(absolute, cwd) });
  }
  return [...found.values()];
}
