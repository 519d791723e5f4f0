import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DEFAULT_BASELINE_FILE } from "../findings/baseline/baseline";
import { runBaseline } from "./baseline-cmd";
import { FORMAT_NAMES } from "../reporters";
import { registerBundleCommands } from "./bundle-cmd";
import { registerCatalogCommands } from "./catalog-cmd";
import { registerNormalizeCommand } from "./normalize";
import { registerTestCommand } from "./test-cmd";
import { useVerification } from "./bundle";
import { runCheck } from "./check";
import { EXIT_ERROR, FAIL_ON_VALUES, failure, type FailOn } from "./exit";
import { runExplain } from "./explain";
import { runRules } from "./rules";
import { userWorkers } from "../scan/pool";
import { toolVersion } from "./version";

function workerCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number (0 scans in one thread)");
  return userWorkers(Number(value));
}

/** Hidden: the date waiver expiry is judged against, for tests and reproducible reruns. */
const todayOption = (): Option =>
  new Option("--today <date>", "date waiver expiry is judged against (YYYY-MM-DD; default MODELGATE_TODAY, else today in UTC)").hideHelp();
const workersOption = (): Option =>
  new Option("--workers <count>", "worker threads besides the main one, at most the cores; 0 scans in one thread (default: by file count and cores)").argParser(
    workerCount,
  );

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
    .addOption(
      new Option("-f, --format <format>", `output format, repeatable, optionally to a file as name=path (${FORMAT_NAMES.join(", ")}; default text)`).argParser(
        (value: string, previous: string[] = []) => [...previous, value],
      ),
    )
    .option("-o, --output <file>", "write the report (a single format) to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "lowest severity that fails the run").choices(FAIL_ON_VALUES as string[]).default("high"))
    .option("-c, --config <file>", "project config (default: ./modelgate.yaml when present)")
    .option("-b, --bundle <path>", "rule bundle directory or OPA bundle .tar.gz (default: the built-in rules)")
    .option("--baseline <file>", "report findings of this baseline (from `modelgate baseline`) but fail only on new ones")
    .addOption(
      new Option(
        "--skip-path <glob>",
        "leave this path out of the directory walk, repeatable (a glob without a slash matches a name at any depth); listed in the summary",
      ).argParser((value: string, previous: string[] = []) => [...previous, value]),
    )
    .addOption(todayOption())
    .addOption(workersOption())
    .action(
      async (
        paths: string[],
        opts: {
          format?: string[];
          output?: string;
          failOn: FailOn;
          config?: string;
          bundle?: string;
          baseline?: string;
          today?: string;
          workers?: number;
          skipPath?: string[];
        },
      ) => {
        const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
        setExit(await runCheck(paths, { ...opts, format: opts.format ?? [], color }, process.cwd()));
      },
    );

  cli
    .command("baseline")
    .description("write the current findings to a baseline file, for `check --baseline` to fail only on new ones")
    .argument("[paths...]", "files or directories to scan", [])
    .option("-o, --output <file>", "baseline file to write", DEFAULT_BASELINE_FILE)
    .option("-c, --config <file>", "project config (default: ./modelgate.yaml when present)")
    .option("-b, --bundle <path>", "rule bundle directory or OPA bundle .tar.gz (default: the built-in rules)")
    .addOption(todayOption())
    .addOption(workersOption())
    .action(async (paths: string[], opts: { output: string; config?: string; bundle?: string; today?: string; workers?: number }) =>
      setExit(await runBaseline(paths, opts, process.cwd())),
    );

  cli
    .command("rules")
    .description("list the rules of the bundle")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-b, --bundle <path>", "rule bundle directory or OPA bundle .tar.gz")
    .action((opts: { format: "text" | "json"; bundle?: string }) => setExit(runRules({ ...opts, cwd: process.cwd() })));

  cli
    .command("explain")
    .description("explain a rule: rationale, an example to avoid and one to prefer, remediation, docs")
    .argument("<rule-id>", "the rule's id, as in findings and `modelgate rules`")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-b, --bundle <path>", "rule bundle directory or OPA bundle .tar.gz")
    .action((id: string, opts: { format: "text" | "json"; bundle?: string }) =>
      setExit(runExplain(id, { ...opts, cwd: process.cwd(), color: process.stdout.isTTY === true && !process.env.NO_COLOR })),
    );
  registerBundleCommands(cli, setExit);
  registerCatalogCommands(cli, setExit);
  registerNormalizeCommand(cli, setExit);
  registerTestCommand(cli, setExit);
  // Commands that load a bundle verify it when a key is configured (MODELGATE_VERIFICATION_KEY or these flags).
  for (const command of cli.commands.filter((c) => ["check", "baseline", "rules", "explain", "normalize"].includes(c.name()))) {
    command.option(
      "--verification-key <key.pem>",
      "verify the --bundle's signature and files with this PEM public key first (default: MODELGATE_VERIFICATION_KEY)",
    );
    command.option("--key-id <id>", "require the bundle to be signed with this key id (default: MODELGATE_VERIFICATION_KEY_ID)");
    command.option("--min-revision <version>", "refuse a signed bundle older than this pack version (default: MODELGATE_MIN_BUNDLE_REVISION)");
  }
  cli.hook("preAction", (_root, action) => useVerification(action.opts<{ verificationKey?: string; keyId?: string; minRevision?: string }>()));
  return cli;
}

/** Runs the CLI and returns its exit code; a ModelgateError prints one line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // "commander.help" is help shown because no command was given: a usage error, not a request.
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : EXIT_ERROR;
    }
    const failed = failure(error);
    process.stderr.write(failed.message);
    if (failed.internal && process.env.MODELGATE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
    return failed.code;
  }
}
