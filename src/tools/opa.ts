import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";
import { ModelgateError } from "../errors";

/** The OPA release every bundle is compiled with; tools/go.mod pins the same version and checksums. */
export const OPA_VERSION = "1.22.3";

export class ToolError extends ModelgateError {
  constructor(message: string) {
    super("tool", message);
  }
}

function versionOf(binary: string): string | null {
  const result = spawnSync(binary, ["version"], { encoding: "utf8" });
  if (result.status !== 0) return null;
  return /^Version:\s*(\S+)/m.exec(result.stdout)?.[1] ?? null;
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * The pinned opa binary: `.tools/bin/opa` built from tools/go.mod, or an opa on PATH of exactly the
 * pinned version. Builds it from the Go module proxy when neither exists.
 */
export function opaBinary(): string {
  const local = path.join(paths.toolsBin, "opa");
  if (existsSync(local) && versionOf(local) === OPA_VERSION) return local;
  const fromPath = onPath("opa");
  if (fromPath && versionOf(fromPath) === OPA_VERSION) return fromPath;
  buildOpa(local);
  return local;
}

function buildOpa(target: string): void {
  if (!existsSync(path.join(paths.toolsModule, "go.mod"))) {
    throw new ToolError(`opa ${OPA_VERSION} is not on PATH and ${paths.toolsModule}/go.mod is missing, so it cannot be built`);
  }
  process.stderr.write(`modelgate: building opa ${OPA_VERSION} from the Go module proxy (tools/go.mod)...\n`);
  try {
    execFileSync("go", ["build", "-trimpath", "-o", target, "github.com/open-policy-agent/opa"], {
      cwd: paths.toolsModule,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, CGO_ENABLED: "0" },
    });
  } catch (error) {
    throw new ToolError(`building opa ${OPA_VERSION} with go failed: ${(error as Error).message}`);
  }
  const built = versionOf(target);
  if (built !== OPA_VERSION) throw new ToolError(`built opa reports version ${built ?? "none"}, expected ${OPA_VERSION}`);
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runOpa(args: string[], options: { cwd?: string; input?: string } = {}): RunResult {
  const result = spawnSync(opaBinary(), args, {
    cwd: options.cwd ?? paths.root,
    encoding: "utf8",
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new ToolError(`opa ${args[0]} could not run: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
