import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";
import { ToolError } from "./opa";

/**
 * The Pulumi CLI the real-engine tests run, pinned in tools/pulumi/go.mod: v3.274.1 is the newest
 * release the Go module proxy serves. It lives in its own module because its dependencies cannot
 * share one build list with opa's (Pulumi's glamour needs tablewriter v0.0.x, opa needs v1.x).
 */
export const PULUMI_VERSION = "3.274.1";

/** Where tools/pulumi/go.mod lives. */
export const PULUMI_MODULE = path.join(paths.toolsModule, "pulumi");

/** Why the CLI could not be built, kept so the test layer that needs it can say so. */
export const PULUMI_UNAVAILABLE = path.join(paths.toolsBin, "pulumi.unavailable");

export interface PulumiTools {
  /** Directory holding `pulumi` and `pulumi-language-nodejs`: put it first on PATH. */
  bin: string;
  pulumi: string;
  languageHost: string;
}

function versionOf(binary: string): string | null {
  const result = spawnSync(binary, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (result.status !== 0) return null;
  return result.stdout.trim().replace(/^v/, "");
}

function hostVersion(binary: string): string | null {
  const result = spawnSync(binary, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

function build(output: string, pkg: string, ldflags: string): void {
  execFileSync("go", ["build", "-trimpath", "-ldflags", ldflags, "-o", output, pkg], {
    cwd: PULUMI_MODULE,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CGO_ENABLED: "0" },
  });
}

/**
 * `.tools/bin/pulumi` (the pinned CLI) and `.tools/bin/pulumi-language-nodejs` (a stand-in for the
 * Node.js language host, which the module proxy does not serve; see tools/pulumi/language-host),
 * built from tools/pulumi/go.mod when missing or of another version. Building the CLI takes about
 * 15 minutes on two cores the first time.
 */
export function pulumiTools(options: { build?: boolean } = {}): PulumiTools {
  const bin = paths.toolsBin;
  const tools: PulumiTools = { bin, pulumi: path.join(bin, "pulumi"), languageHost: path.join(bin, "pulumi-language-nodejs") };
  const ready = (): boolean => versionOf(tools.pulumi) === PULUMI_VERSION && hostVersion(tools.languageHost) === PULUMI_VERSION;
  if (existsSync(tools.pulumi) && existsSync(tools.languageHost) && ready()) return tools;
  if (options.build === false) {
    const why = existsSync(PULUMI_UNAVAILABLE)
      ? readFileSync(PULUMI_UNAVAILABLE, "utf8").trim()
      : "it has not been built (node -e \"require('./dist/src/tools/pulumi.js').pulumiTools()\")";
    throw new ToolError(`the pinned Pulumi CLI ${PULUMI_VERSION} is not available: ${why}`);
  }
  if (!existsSync(path.join(PULUMI_MODULE, "go.mod"))) throw new ToolError(`${PULUMI_MODULE}/go.mod is missing, so Pulumi ${PULUMI_VERSION} cannot be built`);
  mkdirSync(bin, { recursive: true });
  rmSync(PULUMI_UNAVAILABLE, { force: true });
  try {
    if (versionOf(tools.pulumi) !== PULUMI_VERSION) {
      process.stderr.write(`modelgate: building the Pulumi CLI ${PULUMI_VERSION} from the Go module proxy (tools/pulumi/go.mod)...\n`);
      build(tools.pulumi, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}`);
    }
    if (hostVersion(tools.languageHost) !== PULUMI_VERSION) build(tools.languageHost, "./language-host", `-X main.version=${PULUMI_VERSION}`);
  } catch (error) {
    const message = `building with go failed: ${(error as Error).message.split("\n")[0]}`;
    writeFileSync(PULUMI_UNAVAILABLE, `${message}\n`);
    throw new ToolError(`Pulumi ${PULUMI_VERSION}: ${message}`);
  }
  if (!ready()) throw new ToolError(`the built Pulumi CLI does not report version ${PULUMI_VERSION}`);
  return tools;
}
