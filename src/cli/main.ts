import { Command, CommanderError, Option } from "commander";
import { CatalogError } from "../catalog/load";
import { ConfigError } from "../config/load";
import { BundleError } from "../engine/errors";
import { UsageError } from "../parse/discover";
import { REPORTERS, type FormatName } from "../reporters";
import { ToolError } from "../tools/opa";
import { runCheck } from "./check";
import { EXIT_ERROR, FAIL_ON_VALUES, type FailOn } from "./exit";
import { runRules } from "./rules";
import { toolVersion } from "./version";

const KNOWN_ERRORS = [UsageError, ConfigError, BundleError, ToolError, CatalogError];

function program(setExit: (code: number) => void): Command {
  const cli = new Command("modelgate")
    .description("Policy-as-code for which LLMs your infrastructure may call")
    .version(toolVersion())
    .exitOverride()
    .showHelpAfterError("(run modelgate --help for usage)");

  cli
    .command("check")
    .description("check manifests and gateway configs against the rule bundle")
    .argument("[paths...]", "files or directories to scan; - reads stdin", [])
    .addOption(new Option("-f, --format <format>", "output format").choices(Object.keys(REPORTERS)).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "lowest severity that fails the run").choices(FAIL_ON_VALUES as string[]).default("high"))
    .option("-c, --config <file>", "project config (default: ./modelgate.yaml when present)")
    .option("-b, --bundle <path>", "rule bundle directory or OPA bundle .tar.gz (default: the built-in rules)")
    .action(async (paths: string[], opts: { format: FormatName; output?: string; failOn: FailOn; config?: string; bundle?: string }) => {
      const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
      setExit(await runCheck(paths, { ...opts, color }, process.cwd()));
    });

  cli
    .command("rules")
    .description("list the rules of the bundle")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-b, --bundle <path>", "rule bundle directory or OPA bundle .tar.gz")
    .action((opts: { format: "text" | "json"; bundle?: string }) => setExit(runRules({ ...opts, cwd: process.cwd() })));
  return cli;
}

/** Runs the CLI and returns its exit code; known errors print one line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : EXIT_ERROR;
    }
    const known = KNOWN_ERRORS.some((type) => error instanceof type);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`modelgate: ${known ? "" : "internal error: "}${message}\n`);
    if (!known && process.env.MODELGATE_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return EXIT_ERROR;
  }
}
