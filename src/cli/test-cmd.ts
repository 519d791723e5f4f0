import path from "node:path";
import { Option, type Command } from "commander";
import { runPackTests, type PackTestReport } from "../verdicts/pack-test";
import { EXIT_FINDINGS, EXIT_OK } from "./exit";

function renderText(report: PackTestReport, cwd: string): string {
  const lines: string[] = [];
  for (const folder of report.folders) {
    const rule = folder.rules.join(", ") || path.basename(folder.dir);
    lines.push(`${rule} (${path.relative(cwd, folder.dir) || "."})`);
    for (const check of report.checks.filter((c) => c.rule === rule)) {
      lines.push(`  ${check.ok ? "ok  " : "FAIL"}  ${check.kind.padEnd(4)}  ${check.name}${check.detail ? `: ${check.detail}` : ""}`);
    }
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join("\n") + "\n";
}

/** `modelgate test DIR`: an organisation's rule folders, tested like the built-in rules. */
export function registerTestCommand(cli: Command, setExit: (code: number) => void): void {
  cli
    .command("test")
    .description("run an organisation rule folder's Rego tests and its fixtures/pass, fixtures/fail manifests; exit 1 on a failure")
    .argument("<dir>", "a rule folder, or a folder of rule folders (e.g. the pack's rules/)")
    .option("--data <dir|file>", "the pack's data overrides, as for `bundle build`")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (dir: string, flags: { data?: string; format: string }) => {
      const report = await runPackTests({ dir, dataPath: flags.data, cwd: process.cwd() });
      process.stdout.write(flags.format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderText(report, process.cwd()));
      setExit(report.failed > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}
