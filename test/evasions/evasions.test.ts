/**
 * Evasions of the endpoint matcher (llm-domain.md §6), each written the way a team would really
 * ship it: one file per case, read on its own by the adapter case harness (test/helpers/cases.ts:
 * the real catalogue, input and output schemas validated) and evaluated with the default rule bundle.
 *
 *   cases/<name>.yaml     `# expect: rule-id[, rule-id...]`: every named jurisdiction rule must
 *                         fire, at a line > 0 of this file (or of a file the case names with
 *                         `# scan-with: other.yaml`, relative to the case).
 *   negative/<name>.yaml  `# expect: none`: the workload is seen and no jurisdiction finding
 *                         is reported.
 *
 * Other rules (require-token-cap, require-known-price, ...) may fire too; they are not asserted.
 * A case the product currently gets wrong is listed in known-gaps.json ({name: reason}); it is
 * reported as a todo, and a separate test fails once the gap is fixed so the entry gets removed.
 * Adding a case needs no test code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PolicyEngine } from "../../src/engine/engine";
import { adaptParsed, inputSchemaErrors, outputErrors, parseFiles } from "../helpers/cases";
import { defaultEngine } from "../helpers/engine";

const ROOT = path.join(__dirname, "..", "..");
const HERE = __dirname;

type Kind = "case" | "negative";

interface EvasionCase {
  name: string;
  kind: Kind;
  /** Path relative to the repository root, as findings report it. */
  file: string;
  /** Files scanned together with the case (relative to the repository root). */
  scanWith: string[];
  /** Rule ids that must fire; empty for a negative case. */
  expect: string[];
  /** Problems with the header itself. */
  headerErrors: string[];
}

function rel(absolute: string): string {
  return path.relative(ROOT, absolute).split(path.sep).join("/");
}

function readCase(kind: Kind, dir: string, fileName: string): EvasionCase {
  const absolute = path.join(dir, fileName);
  const text = readFileSync(absolute, "utf8");
  const headerErrors: string[] = [];
  const expectLines: string[] = [];
  const scanWith: string[] = [];
  for (const line of text.split("\n")) {
    const expectMatch = /^#\s*expect:\s*(.*)$/.exec(line.trim());
    if (expectMatch) expectLines.push(expectMatch[1].trim());
    const withMatch = /^#\s*scan-with:\s*(.*)$/.exec(line.trim());
    if (withMatch) {
      for (const other of withMatch[1]
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)) {
        scanWith.push(rel(path.resolve(dir, other)));
      }
    }
  }
  if (expectLines.length !== 1) headerErrors.push(`needs exactly one "# expect:" line, found ${expectLines.length}`);
  const declared = expectLines[0] ?? "";
  let expect: string[] = [];
  if (kind === "negative") {
    if (declared !== "none") headerErrors.push(`a negative case must declare "# expect: none", got "${declared}"`);
  } else {
    expect = declared
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (expect.length === 0 || expect.includes("none")) headerErrors.push(`a case must name at least one rule id, got "${declared}"`);
  }
  return { name: fileName.replace(/\.ya?ml$/, ""), kind, file: rel(absolute), scanWith, expect, headerErrors };
}

function listCases(kind: Kind, sub: string): EvasionCase[] {
  const dir = path.join(HERE, sub);
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => readCase(kind, dir, name));
}

const CASES = [...listCases("case", "cases"), ...listCases("negative", "negative")];
const KNOWN_GAPS = JSON.parse(readFileSync(path.join(HERE, "known-gaps.json"), "utf8")) as Record<string, unknown>;

/** Everything wrong with the product's answer for one case; [] when it behaves as declared. */
async function problemsOf(c: EvasionCase, engine: PolicyEngine): Promise<string[]> {
  const problems: string[] = [...c.headerErrors];
  const { parsed, errors } = await parseFiles(ROOT, [c.file, ...c.scanWith]);
  const result = adaptParsed(HERE, parsed);
  const findings = result.findings();
  const summary = (f: { ruleId: string; file: string; line: number; message: string }): string => `${f.ruleId} at ${f.file}:${f.line}: ${f.message}`;

  const unread = [
    ...errors,
    ...result.problems.map((p) => `${p.source.file}:${p.source.line}: ${p.message}`),
    ...findings.filter((f) => f.category === "input").map(summary),
    ...inputSchemaErrors(parsed).map((e) => `${e.file} ${e.pointer} ${e.message}`),
  ];
  if (unread.length > 0) problems.push(`the case does not read cleanly: ${unread.join("; ")}`);
  for (const document of result.documents) {
    for (const error of outputErrors(document)) problems.push(`${document.workload.resource} breaks llm-usage.schema.json: ${error}`);
  }
  const workloads = result.documents.length;

  if (c.kind === "negative") {
    if (workloads === 0) problems.push("no workload was recognised, so the negative case proves nothing");
    for (const f of findings.filter((f) => f.category === "jurisdiction")) {
      problems.push(`unexpected jurisdiction finding ${summary(f)}`);
    }
    return problems;
  }

  const allowedFiles = new Set([c.file, ...c.scanWith]);
  for (const ruleId of c.expect) {
    const rule = engine.catalog.rules.find((r) => r.id === ruleId);
    if (!rule) {
      problems.push(`"${ruleId}" is not a rule of the bundle`);
      continue;
    }
    if (rule.category !== "jurisdiction") problems.push(`"${ruleId}" is a ${rule.category} rule, not a jurisdiction rule`);
    const hits = findings.filter((f) => f.ruleId === ruleId);
    if (hits.length === 0) {
      const got = findings.map(summary);
      problems.push(`expected ${ruleId}, got ${got.length === 0 ? "no findings" : got.join("; ")} (${workloads} workloads)`);
      continue;
    }
    const located = hits.filter((f) => allowedFiles.has(f.file) && Number.isInteger(f.line) && f.line > 0);
    if (located.length === 0) problems.push(`${ruleId} fired, but not at a line > 0 of ${[...allowedFiles].join(", ")}: ${hits.map(summary).join("; ")}`);
  }
  return problems;
}

describe("evasions (llm-domain.md §6)", () => {
  let engine: PolicyEngine;

  beforeAll(() => {
    engine = defaultEngine();
  });

  it("has at least 30 evasion cases and some negative ones, with unique names", () => {
    expect(CASES.filter((c) => c.kind === "case").length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter((c) => c.kind === "negative").length).toBeGreaterThanOrEqual(5);
    const names = CASES.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("lists only existing cases, each with a reason, in known-gaps.json", () => {
    const names = new Set(CASES.map((c) => c.name));
    expect(Object.keys(KNOWN_GAPS).filter((name) => !names.has(name))).toEqual([]);
    expect(Object.entries(KNOWN_GAPS).filter(([, reason]) => typeof reason !== "string" || reason.trim() === "")).toEqual([]);
  });

  for (const c of CASES) {
    const label = `${c.kind === "negative" ? "negative/" : "cases/"}${c.name}: ${c.kind === "negative" ? "no jurisdiction finding" : c.expect.join(", ")}`;
    const gap = KNOWN_GAPS[c.name];
    if (typeof gap === "string") {
      it.todo(`${label} [known gap: ${gap}]`);
      it(`${label} still fails as known-gaps.json says (remove the entry once this fails)`, async () => {
        const problems = await problemsOf(c, engine);
        expect(problems.filter((p) => p.startsWith("the case does not read cleanly") || p.includes("is not a rule"))).toEqual([]);
        expect(problems.length).toBeGreaterThan(0);
      });
    } else {
      it(label, async () => {
        expect(await problemsOf(c, engine)).toEqual([]);
      });
    }
  }
});
