import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { projectSettings } from "../config/project";
import { PolicyEngine } from "../engine/engine";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument } from "../model/canonical";
import { resolveAllSources } from "../scan/positions";
import { scan } from "../scan/scan";
import { resolveProject } from "./bundle";
import { EXIT_ERROR, EXIT_OK } from "./exit";

export interface NormalizeResult {
  /** Canonical documents in scan order, every source location resolved to line and column. */
  documents: LlmUsageDocument[];
  /** Files that could not be read or parsed, and adapter problems, as `invalid-input` findings. */
  inputErrors: Finding[];
  files: number;
}

/**
 * The canonical LLM-usage documents the rules see for these paths: the `check` pipeline (parse,
 * adapters with the bundle's catalogue and the project config) without reporting, in one thread so
 * the documents are kept.
 */
export async function normalizePaths(paths: string[], engine: PolicyEngine, cwd: string, project = projectSettings(null, cwd)): Promise<NormalizeResult> {
  const result = await scan({ paths: paths.length > 0 ? paths : ["."], cwd, engine, project, workers: 0 });
  return {
    documents: resolveAllSources(result.documents, result.resolve),
    inputErrors: result.findings.filter((f) => f.ruleId === "invalid-input"),
    files: result.files,
  };
}

interface NormalizeFlags {
  output?: string;
  config?: string;
  bundle?: string;
}

async function runNormalize(paths: string[], flags: NormalizeFlags, cwd: string): Promise<number> {
  const { bundle, config } = resolveProject({ bundle: flags.bundle, config: flags.config, cwd });
  const result = await normalizePaths(paths, new PolicyEngine(bundle), cwd, projectSettings(config, cwd));
  const text = JSON.stringify(result.documents, null, 2) + "\n";
  if (flags.output) writeFileSync(path.resolve(cwd, flags.output), text);
  else process.stdout.write(text);
  for (const error of result.inputErrors) process.stderr.write(`modelgate: ${error.file}:${error.line}:${error.column}: ${error.message}\n`);
  return result.inputErrors.length > 0 ? EXIT_ERROR : EXIT_OK;
}

/** `modelgate normalize PATH...`: prints the canonical documents as one JSON array. */
export function registerNormalizeCommand(cli: Command, setExit: (code: number) => void): void {
  cli
    .command("normalize")
    .description("print the canonical LLM-usage documents the rules evaluate, as JSON (positions resolved)")
    .argument("[paths...]", "files or directories; - reads stdin", [])
    .option("-o, --output <file>", "write the documents to a file instead of stdout")
    .option("-c, --config <file>", "project config (default: ./modelgate.yaml when present)")
    .option("-b, --bundle <path>", "rule bundle whose catalogue and policy the adapters use (default: the built-in rules)")
    .action(async (paths: string[], flags: NormalizeFlags) => setExit(await runNormalize(paths, flags, process.cwd())));
}
