import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";
import { ToolError, type RunResult } from "./opa";

/**
 * The conftest release the portability test runs, pinned in tools/go.mod beside opa. v0.70.0 is
 * the oldest release that compiles against the pinned opa v1.22.3 (v0.69.0 returns -1 as an
 * ast.RegoVersion, which became unsigned in opa 1.22); go.mod's MVS keeps opa at v1.22.3.
 */
export const CONFTEST_VERSION = "0.70.0";

function versionOf(binary: string): string | null {
  const result = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (result.status !== 0) return null;
  return /^Conftest:\s*v?(\S+)/m.exec(result.stdout)?.[1] ?? null;
}

/** `.tools/bin/conftest` built from tools/go.mod (with its version stamped), built on first use. */
export function conftestBinary(): string {
  const local = path.join(paths.toolsBin, "conftest");
  if (existsSync(local) && versionOf(local) === CONFTEST_VERSION) return local;
  if (!existsSync(path.join(paths.toolsModule, "go.mod")))
    throw new ToolError(`${paths.toolsModule}/go.mod is missing, so conftest ${CONFTEST_VERSION} cannot be built`);
  process.stderr.write(`modelgate: building conftest ${CONFTEST_VERSION} from the Go module proxy (tools/go.mod)...\n`);
  try {
    execFileSync(
      "go",
      [
        "build",
        "-trimpath",
        "-ldflags",
        `-X github.com/open-policy-agent/conftest/internal/version.Version=${CONFTEST_VERSION}`,
        "-o",
        local,
        "github.com/open-policy-agent/conftest",
      ],
      { cwd: paths.toolsModule, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CGO_ENABLED: "0" } },
    );
  } catch (error) {
    throw new ToolError(`building conftest ${CONFTEST_VERSION} with go failed: ${(error as Error).message}`);
  }
  const built = versionOf(local);
  if (built !== CONFTEST_VERSION) throw new ToolError(`built conftest reports version ${built ?? "none"}, expected ${CONFTEST_VERSION}`);
  return local;
}

export function runConftest(args: string[], options: { cwd?: string } = {}): RunResult {
  const result = spawnSync(conftestBinary(), args, { cwd: options.cwd ?? paths.root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new ToolError(`conftest ${args[0]} could not run: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
