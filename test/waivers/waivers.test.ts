/**
 * Waivers and enforcement, one folder per case under cases/: manifests, an optional modelgate.yaml,
 * and case.json:
 *   { "description": "...", "today": "YYYY-MM-DD", "failOn"?: "high", "exitCode": 0|1|2,
 *     "findings": [partial findings] }
 * `findings` lists every finding of `modelgate check .` run in the folder, in report order; each
 * entry names only the fields it is about (toMatchObject), but `waived: false` entries must carry
 * no waiver fields and entries without `enforcement` must be enforced as errors. Adding a case
 * needs no test code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FailOn } from "../../src/cli/exit";
import type { Finding } from "../../src/findings/types";
import { runCase } from "./run-case";

const CASES = path.join(__dirname, "cases");

interface WaiverCase {
  description: string;
  today: string;
  failOn?: FailOn;
  exitCode: number;
  findings: Array<Partial<Finding>>;
}

const cases = readdirSync(CASES).sort();

describe("waivers and enforcement", () => {
  it.each(cases)("%s", async (name) => {
    const dir = path.join(CASES, name);
    const expected = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as WaiverCase;
    const { result, exitCode } = await runCase(dir, { today: expected.today, failOn: expected.failOn });
    expect(result.findings).toMatchObject(expected.findings);
    expect(result.findings).toHaveLength(expected.findings.length);
    for (const finding of result.findings) {
      if (!finding.waived) {
        expect([finding.ruleId, finding.waiverReason, finding.waiverExpires, finding.waiverSource]).toEqual([finding.ruleId, undefined, undefined, undefined]);
      } else {
        expect(finding.waiverReason).toEqual(expect.any(String));
        expect(finding.waiverExpires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(finding.waiverSource).toMatch(/^(inline \S+:\d+|\S+:\d+)$/);
      }
    }
    for (const [i, want] of expected.findings.entries()) {
      if (want.enforcement === undefined) expect([i, result.findings[i].enforcement]).toEqual([i, undefined]);
    }
    expect(exitCode).toBe(expected.exitCode);
  });
});
