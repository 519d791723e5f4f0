import { promises as fs } from "node:fs";
import path from "node:path";

/** Extensions walked inside directories; files named explicitly are read whatever their extension. */
const SCANNED_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", ".tools", "dist", "build"]);

export interface DiscoveredFile {
  /** Absolute path, or "-" for stdin. */
  absolute: string;
  /** Path shown to users: relative to cwd when inside it. */
  display: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : absolute;
}

/** Expands the CLI's paths: directories recursively (sorted, so output is stable), files as given. */
export async function discoverFiles(inputs: string[], cwd: string): Promise<DiscoveredFile[]> {
  const found = new Map<string, DiscoveredFile>();
  const visit = async (absolute: string, explicit: boolean): Promise<void> => {
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      throw new UsageError(`${displayPath(absolute, cwd)}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const entries = await fs.readdir(absolute, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.isDirectory() && (SKIPPED_DIRECTORIES.has(entry.name) || entry.name.startsWith("."))) continue;
        if (entry.isFile() && !SCANNED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
        if (!entry.isFile() && !entry.isDirectory()) continue;
        await visit(path.join(absolute, entry.name), false);
      }
      return;
    }
    if (explicit || stat.isFile()) found.set(absolute, { absolute, display: displayPath(absolute, cwd) });
  };
  for (const input of inputs) {
    if (input === "-") {
      found.set("-", { absolute: "-", display: "-" });
      continue;
    }
    await visit(path.resolve(cwd, input), true);
  }
  return [...found.values()];
}
