/**
 * The real-world corpus (scripts/realworld/corpus.ts explains the layout): every case must get
 * the reviewer's verdict, or be listed as a known gap that still reproduces; SCORES.md must be
 * what the corpus scores now. Adding a case needs no test code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { CORPUS, corpusCases, describeFinding, isRight, knownGaps, runCase, scoresMarkdown, type CaseOutcome } from "../../scripts/realworld/corpus";

const cases = corpusCases();
const gaps = knownGaps();
const outcomes = new Map<string, CaseOutcome>();

jest.setTimeout(120_000);

beforeAll(async () => {
  for (const corpusCase of cases) outcomes.set(corpusCase.name, await runCase(corpusCase));
});

const differences = (outcome: CaseOutcome): string[] => [
  ...outcome.extra.map((f) => `reported, not expected: ${describeFinding(f)}`),
  ...outcome.missed.map((f) => `expected, not reported: ${describeFinding(f)}`),
];

describe("the real-world corpus", () => {
  it("holds at least 60 cases, benign and violating in like numbers", () => {
    const benign = cases.filter((c) => c.expected.length === 0).length;
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(benign / cases.length).toBeGreaterThanOrEqual(0.4);
    expect(benign / cases.length).toBeLessThanOrEqual(0.6);
  });

  it("has a README naming the public source of every format", () => {
    for (const format of new Set(cases.map((c) => c.format))) {
      expect(readFileSync(path.join(CORPUS, format, "README.md"), "utf8").length).toBeGreaterThan(200);
    }
  });

  it("lists only known gaps that are cases", () => {
    const names = new Set(cases.map((c) => c.name));
    expect(Object.keys(gaps).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(cases.map((c) => [c.name] as const))("%s gets the reviewer's verdict", (name) => {
    const outcome = outcomes.get(name)!;
    if (name in gaps) {
      // A gap that closed must leave known-gaps.json, so the scores stay honest.
      expect(isRight(outcome)).toBe(false);
    } else {
      expect(differences(outcome)).toEqual([]);
    }
  });

  it("SCORES.md is fresh (npm run realworld -- --write)", () => {
    const committed = readFileSync(path.join(CORPUS, "SCORES.md"), "utf8");
    expect(committed).toBe(scoresMarkdown([...outcomes.values()], gaps));
  });
});
