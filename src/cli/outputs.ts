import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../parse/discover";
import { FORMAT_NAMES, isFormatName, REPORTERS, type FormatName } from "../reporters";
import type { Report, ReportContext } from "../reporters/types";

/** One requested output: a format and where it goes (`file` null is stdout). */
export interface OutputTarget {
  format: FormatName;
  file: string | null;
}

function unknownFormat(name: string): UsageError {
  return new UsageError(`unknown format "${name}" in --format; allowed values: ${FORMAT_NAMES.join(", ")} (each optionally as name=path)`);
}

/**
 * Reads the repeatable `--format name[=path]` values and the single-format `--output FILE`.
 * Rejects unknown names (listing the allowed ones), two outputs on stdout, the same file twice,
 * and `--output` combined with several formats.
 *
 * @example
 * parseOutputs(["sarif=out.sarif", "text"], undefined, "/repo")
 * // [{format: "sarif", file: "/repo/out.sarif"}, {format: "text", file: null}]
 */
export function parseOutputs(specs: readonly string[], output: string | undefined, cwd: string): OutputTarget[] {
  const requested = specs.length > 0 ? specs : ["text"];
  const targets: OutputTarget[] = requested.map((spec) => {
    const eq = spec.indexOf("=");
    const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    if (!isFormatName(name)) throw unknownFormat(name);
    if (eq < 0) return { format: name, file: null };
    const file = spec.slice(eq + 1);
    if (file.trim() === "") throw new UsageError(`--format ${spec}: the path after "=" is empty`);
    return { format: name, file: file === "-" ? null : path.resolve(cwd, file) };
  });
  if (output !== undefined) {
    if (output.trim() === "") throw new UsageError("--output needs a file name");
    if (targets.length > 1) throw new UsageError("--output applies to a single --format; with several, give each its file as --format name=path");
    if (targets[0].file !== null) throw new UsageError(`--output ${output} conflicts with --format ${requested[0]}: name the file once`);
    targets[0].file = output === "-" ? null : path.resolve(cwd, output);
  }
  const stdout = targets.filter((t) => t.file === null);
  if (stdout.length > 1) {
    throw new UsageError(`only one format can go to stdout, got ${stdout.map((t) => t.format).join(" and ")}: give the others a file with --format name=path`);
  }
  const seen = new Map<string, FormatName>();
  for (const target of targets) {
    if (target.file === null) continue;
    const previous = seen.get(target.file);
    if (previous) {
      throw new UsageError(
        `--format ${previous} and --format ${target.format} both write ${path.relative(cwd, target.file) || target.file}: give each output its own file`,
      );
    }
    seen.set(target.file, target.format);
  }
  return targets;
}

/** Renders the report once per target and writes it; colour only for text on a terminal stdout. */
export function writeOutputs(
  report: Report,
  targets: readonly OutputTarget[],
  context: ReportContext,
  stdout: (text: string) => void = (t) => process.stdout.write(t),
): void {
  for (const target of targets) {
    const color = context.color && target.file === null && target.format === "text";
    const rendered = REPORTERS[target.format](report, { ...context, color });
    if (target.file === null) {
      stdout(rendered);
    } else {
      mkdirSync(path.dirname(target.file), { recursive: true });
      writeFileSync(target.file, rendered);
    }
  }
}
