import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";
import { ToolError } from "./opa";

/**
 * tools/yamloracle: a Go program that reads files as `kubectl apply -f` does (apimachinery's
 * YAMLOrJSONDecoder, sigs.k8s.io/yaml, go-yaml v2), pinned in its own go.mod so that the opa and
 * conftest pins in tools/go.mod stay as they are. The differential test of Modelgate's YAML
 * reading (test/parse/k8s-yaml.test.ts) runs it; it is built into .tools/bin on first use.
 */
const MODULE = path.join(paths.toolsModule, "yamloracle");
const PINNED = ["go.yaml.in/yaml/v2", "k8s.io/apimachinery", "sigs.k8s.io/yaml"];

/** What `yaml-oracle -version` prints when built from this checkout's source and go.mod. */
function expectedVersion(): string {
  const source = readFileSync(path.join(MODULE, "main.go"));
  const goMod = readFileSync(path.join(MODULE, "go.mod"), "utf8");
  const deps = PINNED.map((module) => {
    const version = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/\./g, "\\.")}\\s+(v\\S+)`, "m").exec(goMod)?.[1];
    if (!version) throw new ToolError(`${MODULE}/go.mod does not pin ${module}`);
    return `${module}@${version}`;
  });
  return [`yaml-oracle ${createHash("sha256").update(source).digest("hex")}`, ...deps].join(" ");
}

function versionOf(binary: string): string | null {
  const result = spawnSync(binary, ["-version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** `.tools/bin/yaml-oracle`, rebuilt from the Go module proxy when missing or built from other sources. */
export function yamlOracleBinary(): string {
  const local = path.join(paths.toolsBin, "yaml-oracle");
  const expected = expectedVersion();
  if (existsSync(local) && versionOf(local) === expected) return local;
  process.stderr.write("modelgate: building yaml-oracle from the Go module proxy (tools/yamloracle/go.mod)...\n");
  try {
    execFileSync("go", ["build", "-trimpath", "-o", local, "."], {
      cwd: MODULE,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, CGO_ENABLED: "0" },
    });
  } catch (error) {
    throw new ToolError(`building yaml-oracle with go failed: ${(error as Error).message}`);
  }
  const built = versionOf(local);
  if (built !== expected) throw new ToolError(`built yaml-oracle reports "${built ?? "nothing"}", expected "${expected}"`);
  return local;
}

/** One file as kubectl reads it: its documents as JSON text, and the error that stopped it, if any. */
export interface KubectlReading {
  file: string;
  documents: unknown[];
  error?: string;
}

/** Runs the oracle once over many files. */
export function readAsKubectl(files: readonly string[]): KubectlReading[] {
  const result = spawnSync(yamlOracleBinary(), [...files], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error || result.status !== 0) throw new ToolError(`yaml-oracle failed: ${result.error?.message ?? result.stderr}`);
  return result.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as KubectlReading);
}
