/**
 * The real-world corpus (test/realworld/): configurations written in the shapes public
 * repositories use, each with the verdict a careful reviewer would write. A case is a folder
 * test/realworld/<format>/<case>/ of input files, an optional modelgate.yaml (read exactly as
 * `modelgate check` reads it when run in that folder) and expected.json:
 *
 *   { "follows": "which public project's format the files follow, and where",
 *     "why": "why the expected verdict is right",
 *     "findings": [{ "rule": "<rule id>", "file": "<path relative to the case>", "line": <n> }] }
 *
 * `findings: []` is a benign case. Each case is scanned as a new user would: `modelgate check`
 * run inside the case folder with no other configuration. Findings compare by rule, file and
 * line; waived findings count as not reported. A case the product gets wrong is listed in
 * test/realworld/known-gaps.json ({"<format>/<case>": "reason"}): the scores count it as it is,
 * and the test fails once the gap closes so the entry gets removed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { resolveProject } from "../../src/cli/bundle";
import { projectSettings } from "../../src/config/project";
import { PolicyEngine } from "../../src/engine/engine";
import { PACKAGE_ROOT } from "../../src/paths";
import { scan } from "../../src/scan/scan";

export const CORPUS = path.join(PACKAGE_ROOT, "test", "realworld");
const EXPECTED = "expected.json";
const TODAY = "2026-12-01";

export interface ExpectedFinding {
  rule: string;
  file: string;
  line: number;
}

/** The rule family of every rule id of the bundle (jurisdiction, self-hosting, budget, ...), for scores per family. */
let categories: Map<string, string> | null = null;

export interface RealWorldCase {
  /** `<format>/<case>`, the key of known-gaps.json. */
  name: string;
  format: string;
  dir: string;
  follows: string;
  why: string;
  expected: ExpectedFinding[];
}

export interface CaseOutcome {
  case: RealWorldCase;
  actual: ExpectedFinding[];
  /** Expected and reported. */
  hits: ExpectedFinding[];
  /** Reported, not expected: what a reviewer would strike. */
  extra: ExpectedFinding[];
  /** Expected, not reported. */
  missed: ExpectedFinding[];
}

const key = (f: ExpectedFinding): string => `${f.rule} ${f.file}:${f.line}`;

function isDirectory(file: string): boolean {
  return statSync(file).isDirectory();
}

function readExpectation(file: string, name: string): Pick<RealWorldCase, "follows" | "why" | "expected"> {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ["follows", "why"]) {
    if (typeof raw[field] !== "string" || raw[field].trim() === "") problems.push(`"${field}" must be a non-empty string`);
  }
  if (!Array.isArray(raw.findings)) problems.push(`"findings" must be an array`);
  const expected = (Array.isArray(raw.findings) ? raw.findings : []).map((entry: unknown, index: number) => {
    const f = entry as Partial<ExpectedFinding>;
    if (typeof f.rule !== "string" || typeof f.file !== "string" || typeof f.line !== "number") {
      problems.push(`findings[${index}] needs "rule", "file" and "line"`);
    }
    return { rule: String(f.rule), file: String(f.file), line: Number(f.line) };
  });
  if (problems.length > 0) throw new Error(`${name}/${EXPECTED}: ${problems.join("; ")}`);
  return { follows: raw.follows as string, why: raw.why as string, expected };
}

/** Every case of the corpus, by format then name. */
export function corpusCases(root = CORPUS): RealWorldCase[] {
  return readdirSync(root)
    .filter((format) => isDirectory(path.join(root, format)))
    .sort()
    .flatMap((format) =>
      readdirSync(path.join(root, format))
        .filter((name) => isDirectory(path.join(root, format, name)))
        .sort()
        .map((name) => {
          const dir = path.join(root, format, name);
          return { name: `${format}/${name}`, format, dir, ...readExpectation(path.join(dir, EXPECTED), `${format}/${name}`) };
        }),
    );
}

export function knownGaps(root = CORPUS): Record<string, string> {
  return JSON.parse(readFileSync(path.join(root, "known-gaps.json"), "utf8")) as Record<string, string>;
}

/** Runs one case as `modelgate check` run in its folder with no arguments would. */
export async function runCase(corpusCase: RealWorldCase): Promise<CaseOutcome> {
  const cwd = corpusCase.dir;
  const { bundle, config } = resolveProject({ cwd });
  categories ??= new Map(bundle.catalog.rules.map((rule) => [rule.id, rule.category]));
  const result = await scan({
    paths: readdirSync(cwd).filter((entry) => entry !== EXPECTED),
    cwd,
    engine: new PolicyEngine(bundle),
    project: projectSettings(config, cwd),
    today: TODAY,
    workers: 0,
  });
  const actual = result.findings.filter((f) => !f.waived).map((f) => ({ rule: f.ruleId, file: f.file, line: f.line }));
  const expectedKeys = new Set(corpusCase.expected.map(key));
  const actualKeys = new Set(actual.map(key));
  return {
    case: corpusCase,
    actual,
    hits: corpusCase.expected.filter((f) => actualKeys.has(key(f))),
    extra: actual.filter((f) => !expectedKeys.has(key(f))),
    missed: corpusCase.expected.filter((f) => !actualKeys.has(key(f))),
  };
}

export const isRight = (outcome: CaseOutcome): boolean => outcome.extra.length === 0 && outcome.missed.length === 0;

export interface FormatScore {
  format: string;
  cases: number;
  benign: number;
  right: number;
  hits: number;
  extra: number;
  missed: number;
}

export function scoresByFormat(outcomes: CaseOutcome[]): FormatScore[] {
  const byFormat = new Map<string, FormatScore>();
  const total: FormatScore = { format: "all", cases: 0, benign: 0, right: 0, hits: 0, extra: 0, missed: 0 };
  for (const outcome of outcomes) {
    const { format } = outcome.case;
    const score = byFormat.get(format) ?? { format, cases: 0, benign: 0, right: 0, hits: 0, extra: 0, missed: 0 };
    for (const s of [score, total]) {
      s.cases += 1;
      s.benign += outcome.case.expected.length === 0 ? 1 : 0;
      s.right += isRight(outcome) ? 1 : 0;
      s.hits += outcome.hits.length;
      s.extra += outcome.extra.length;
      s.missed += outcome.missed.length;
    }
    byFormat.set(format, score);
  }
  return [...[...byFormat.values()].sort((a, b) => a.format.localeCompare(b.format)), total];
}

export interface CategoryScore {
  category: string;
  hits: number;
  extra: number;
  missed: number;
}

/** Precision and recall per rule family: the precision issue is judged on jurisdiction findings. */
export function scoresByCategory(outcomes: CaseOutcome[]): CategoryScore[] {
  const byCategory = new Map<string, CategoryScore>();
  const add = (findings: ExpectedFinding[], field: "hits" | "extra" | "missed"): void => {
    for (const finding of findings) {
      const category = categories?.get(finding.rule) ?? "unknown rule";
      const score = byCategory.get(category) ?? { category, hits: 0, extra: 0, missed: 0 };
      score[field] += 1;
      byCategory.set(category, score);
    }
  };
  for (const outcome of outcomes) {
    add(outcome.hits, "hits");
    add(outcome.extra, "extra");
    add(outcome.missed, "missed");
  }
  return [...byCategory.values()].sort((a, b) => a.category.localeCompare(b.category));
}

const percent = (part: number, whole: number): string => (whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`);

/** test/realworld/SCORES.md: generated from the corpus, checked fresh by the corpus test. */
export function scoresMarkdown(outcomes: CaseOutcome[], gaps: Record<string, string>): string {
  const rows = scoresByFormat(outcomes).map(
    (s) =>
      `| ${s.format} | ${s.cases} | ${s.benign} | ${s.right} | ${percent(s.hits, s.hits + s.extra)} | ${percent(s.hits, s.hits + s.missed)} | ${s.hits} | ${s.extra} | ${s.missed} |`,
  );
  const categoryRows = scoresByCategory(outcomes).map(
    (s) => `| ${s.category} | ${percent(s.hits, s.hits + s.extra)} | ${percent(s.hits, s.hits + s.missed)} | ${s.hits} | ${s.extra} | ${s.missed} |`,
  );
  const gapLines = Object.entries(gaps)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, reason]) => `- \`${name}\`: ${reason}`);
  return [
    "# Real-world corpus scores",
    "",
    "Generated by `npm run realworld -- --write` from the cases in this folder; the corpus test fails",
    "when it is stale. A finding is a rule id at a file and line; precision is the share of reported",
    "findings a reviewer expects, recall the share of expected findings reported; a case is right when",
    "both sets are equal.",
    "",
    "| format | cases | benign | right | precision | recall | expected and reported | reported, not expected | expected, not reported |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "## By rule family",
    "",
    "| rule family | precision | recall | expected and reported | reported, not expected | expected, not reported |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...categoryRows,
    "",
    "## Known gaps",
    "",
    ...(gapLines.length > 0 ? gapLines : ["None."]),
    "",
  ].join("\n");
}

export async function runCorpus(root = CORPUS): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const corpusCase of corpusCases(root)) outcomes.push(await runCase(corpusCase));
  return outcomes;
}

export const describeFinding = key;
