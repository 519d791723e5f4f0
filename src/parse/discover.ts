import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import { ModelgateError } from "../errors";
import { compileGlob } from "./glob";
import { stripTrailing } from "../normalize/trim";

/** Extensions walked inside directories; files named explicitly are read whatever their extension. */
const SCANNED_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

export interface DiscoveredFile {
  /** Absolute path, or "-" for stdin. */
  absolute: string;
  /** Path shown to users: relative to cwd when inside it. */
  display: string;
}

/** A path the walk left out because the user excluded it, with the pattern that did. */
export interface ExcludedPath {
  path: string;
  /** The pattern as written, with where it comes from: `--skip-path dist`, `modelgate.yaml exclude **\/gen`. */
  by: string;
}

/** Something named on the command line or met in the walk that cannot be scanned: an invalid-input finding. */
export interface DiscoveryProblem {
  file: string;
  message: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  excluded: ExcludedPath[];
  problems: DiscoveryProblem[];
}

/** Globs that keep paths out of the walk; `base` is the directory relative patterns are matched from. */
export interface ExcludePatterns {
  patterns: readonly string[];
  base: string;
  /** How the patterns are shown in the summary ("--skip-path", "modelgate.yaml exclude"). */
  origin: string;
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

interface CompiledPattern {
  test: (relative: string, name: string) => boolean;
  base: string;
  by: string;
}

/**
 * gitignore-like: a pattern without a slash (`dist`, `*.gen.yaml`) matches an entry of that name at
 * any depth; one with a slash (`deploy/old/**`) matches the path from its base. A trailing slash
 * is dropped: matching a directory prunes everything under it.
 */
function compilePattern(pattern: string, base: string, origin: string): CompiledPattern {
  const trimmed = stripTrailing(pattern.replace(/^\.\//, ""), "/");
  const regex = compileGlob(trimmed);
  const byName = !trimmed.includes("/");
  return { test: (relative, name) => (byName ? regex.test(name) : regex.test(relative)), base, by: `${origin} ${pattern}` };
}

function kindOf(stat: Stats | Dirent): string {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return "not a regular file";
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

class Walker {
  readonly found = new Map<string, DiscoveredFile>();
  readonly excluded: ExcludedPath[] = [];
  readonly problems: DiscoveryProblem[] = [];
  private readonly patterns: CompiledPattern[];

  constructor(
    private readonly cwd: string,
    excludes: readonly ExcludePatterns[],
  ) {
    this.patterns = excludes.flatMap((set) => set.patterns.map((pattern) => compilePattern(pattern, set.base, set.origin)));
  }

  private display(absolute: string): string {
    return displayPath(absolute, this.cwd);
  }

  private exclusion(absolute: string): string | null {
    const name = path.basename(absolute);
    for (const pattern of this.patterns) {
      const relative = path.relative(pattern.base, absolute).split(path.sep).join("/");
      if (relative.startsWith("../") || path.isAbsolute(relative)) continue;
      if (pattern.test(relative, name)) return pattern.by;
    }
    return null;
  }

  private problem(absolute: string, message: string): void {
    this.problems.push({ file: this.display(absolute), message });
  }

  addFile(absolute: string): void {
    this.found.set(absolute, { absolute, display: this.display(absolute) });
  }

  /** Every directory is entered, dot-folders, dist/ and build/ included, unless a pattern excludes it. */
  walk(dir: string, visited: Set<string>): void {
    let entries: Dirent[];
    try {
      // Symlinked directories are followed once: a link back up the tree must not loop.
      const real = realpathSync(dir);
      if (visited.has(real)) return;
      visited.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.problem(dir, `cannot read directory: ${errorCode(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const by = this.exclusion(absolute);
      if (by !== null) {
        this.excluded.push({ path: this.display(absolute), by });
        continue;
      }
      let stat: Stats | Dirent = entry;
      if (entry.isSymbolicLink()) {
        try {
          stat = statSync(absolute);
        } catch (error) {
          if (SCANNED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) this.problem(absolute, `symbolic link to nothing readable: ${errorCode(error)}`);
          continue;
        }
      }
      if (stat.isDirectory()) this.walk(absolute, visited);
      else if (SCANNED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        if (stat.isFile()) this.addFile(absolute);
        else this.problem(absolute, `${kindOf(stat)}, not a regular file; not read`);
      }
    }
  }
}

/**
 * Expands the CLI's paths: directories recursively (sorted, so output is stable), files as given.
 * Nothing is skipped quietly: excluded paths are listed, and what cannot be scanned (an unreadable
 * directory, a FIFO, a device) is a problem the scan reports while it scans everything else. A
 * FIFO or device is never opened, so nothing blocks. Synchronous on purpose: thousands of small
 * stat/readdir calls are faster than their promises.
 */
export function discover(inputs: string[], cwd: string, excludes: readonly ExcludePatterns[] = []): Discovery {
  const walker = new Walker(cwd, excludes);
  for (const input of inputs) {
    if (input === "-") {
      walker.found.set("-", { absolute: "-", display: "-" });
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let stat: Stats;
    try {
      stat = statSync(absolute);
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") throw new UsageError(`${displayPath(absolute, cwd)}: no such file or directory`);
      walker.problems.push({ file: displayPath(absolute, cwd), message: `cannot read: ${errorCode(error)}` });
      continue;
    }
    if (stat.isDirectory()) walker.walk(absolute, new Set());
    else if (stat.isFile()) walker.addFile(absolute);
    else walker.problems.push({ file: displayPath(absolute, cwd), message: `${kindOf(stat)}, not a regular file; not read` });
  }
  return { files: [...walker.found.values()], excluded: walker.excluded, problems: walker.problems };
}

/** The files `discover` finds (for callers that only need the list: JUnit's clean files, progress). */
export function discoverFiles(inputs: string[], cwd: string, excludes: readonly ExcludePatterns[] = []): DiscoveredFile[] {
  return discover(inputs, cwd, excludes).files;
}
