/**
 * `npm run realworld`: scores the real-world corpus (test/realworld/) by format and lists every
 * case that differs from its reviewer's verdict; `--write` regenerates test/realworld/SCORES.md.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CORPUS, describeFinding, isRight, knownGaps, runCorpus, scoresMarkdown } from "./realworld/corpus";

async function main(): Promise<void> {
  const outcomes = await runCorpus();
  const markdown = scoresMarkdown(outcomes, knownGaps());
  for (const outcome of outcomes.filter((o) => !isRight(o))) {
    process.stdout.write(`${outcome.case.name}\n`);
    for (const f of outcome.extra) process.stdout.write(`  reported, not expected: ${describeFinding(f)}\n`);
    for (const f of outcome.missed) process.stdout.write(`  expected, not reported: ${describeFinding(f)}\n`);
  }
  process.stdout.write(markdown);
  if (process.argv.includes("--write")) writeFileSync(path.join(CORPUS, "SCORES.md"), markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`realworld: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
