/**
 * Verdict snapshots (test/snapshots/): `--check` (in `npm test`) fails when any rule's verdicts
 * over examples/ differ from the recorded ones, saying for each rule what to do; `--update`
 * (`npm run snapshots`) records them, but refuses a rule whose behaviour changed without a
 * version bump and a CHANGELOG.md entry naming it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../src/bundle/ensure";
import { compareSnapshots, currentVerdicts, readSnapshots, writeSnapshots } from "../src/verdicts/versioning";
import { PolicyEngine } from "../src/engine/engine";
import { readBundle } from "../src/bundle/read";
import { paths } from "../src/paths";

const SNAPSHOTS = path.join(paths.root, "test", "snapshots");

async function main(): Promise<number> {
  const update = process.argv.includes("--update");
  const engine = new PolicyEngine(readBundle(ensureDefaultBundle()));
  const current = await currentVerdicts(engine, paths.root);
  const recorded = readSnapshots(SNAPSHOTS);
  const verdicts = [...current.rules.values()].reduce((sum, rule) => sum + rule.verdicts.length, 0);
  if (!recorded) {
    if (!update) {
      process.stderr.write("verdict snapshots: test/snapshots/ has none; run `npm run snapshots`\n");
      return 1;
    }
    writeSnapshots(SNAPSHOTS, current);
    process.stdout.write(
      `verdict snapshots: recorded ${verdicts} verdicts of ${current.rules.size} rules over ${Object.keys(current.files).length} example files\n`,
    );
    return 0;
  }
  const changelog = readFileSync(path.join(paths.root, "CHANGELOG.md"), "utf8");
  const problems = compareSnapshots(current, recorded, engine.catalog.rules, changelog);
  if (problems.length === 0) {
    if (update && JSON.stringify(recorded.files) !== JSON.stringify(current.files)) writeSnapshots(SNAPSHOTS, current);
    process.stdout.write(
      `verdict snapshots: ${current.rules.size} rules, ${verdicts} verdicts over ${Object.keys(current.files).length} example files match test/snapshots/\n`,
    );
    return 0;
  }
  const blocking = problems.filter((p) => !p.recordable);
  if (update && blocking.length === 0) {
    writeSnapshots(SNAPSHOTS, current);
    const what: Record<string, string> = {
      examples: "verdicts on added, edited or removed example files",
      recorded: "changed verdicts, version bumped and in CHANGELOG.md",
      added: "new rule",
      removed: "rule removed",
      version: "version bumped, verdicts unchanged",
    };
    process.stdout.write(
      `verdict snapshots: recorded ${problems.length} change(s):\n${problems.map((p) => `  ${p.rule}: ${what[p.kind] ?? p.kind}`).join("\n")}\n`,
    );
    return 0;
  }
  const shown = update ? blocking : problems;
  process.stderr.write(
    `verdict snapshots: ${shown.length} rule(s) differ from test/snapshots/${update ? " and cannot be recorded yet" : ""}:\n` +
      shown
        .map((p) =>
          p.message
            .split("\n")
            .map((line) => `  ${line}`)
            .join("\n"),
        )
        .join("\n") +
      "\n",
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verdict snapshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
