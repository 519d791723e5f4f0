/**
 * Waivers through the real CLI: waived findings stay in the JSON report with their waiver, and
 * "today" comes from --today or MODELGATE_TODAY, a malformed value being a usage error (exit 2).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Finding } from "../../src/findings/types";

const REPO = path.join(__dirname, "..", "..");
const BIN = path.join(REPO, "bin", "modelgate.js");
const CENTRAL = path.join(__dirname, "cases", "central");

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete base.MODELGATE_TODAY;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: CENTRAL, encoding: "utf8", env: { ...base, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("waivers in the CLI", () => {
  it("keeps waived findings in the JSON report, with reason, expiry, source and owner", () => {
    const out = cli(["check", ".", "--format", "json"], { MODELGATE_TODAY: "2026-06-01" });
    expect(out.status).toBe(1);
    const report = JSON.parse(out.stdout) as { summary: { findings: number; waived: number }; findings: Finding[] };
    expect(report.summary).toMatchObject({ findings: 8, waived: 3 });
    expect(report.findings.filter((f) => f.waived)).toEqual([
      expect.objectContaining({
        resource: "Deployment/support/chat",
        waived: true,
        waiverReason: "capped by the chat gateway quota",
        waiverExpires: "2026-06-15",
        waiverSource: "modelgate.yaml:13",
        waiverOwner: "support",
      }),
      expect.objectContaining({ resource: "Deployment/docs/summarizer", waived: true, waiverSource: "modelgate.yaml:7" }),
      expect.objectContaining({ resource: "Deployment/docs/tagger", waived: true, waiverSource: "modelgate.yaml:7" }),
    ]);
  });

  it("judges expiry against --today over MODELGATE_TODAY", () => {
    const out = cli(["check", ".", "--format", "json", "--today", "2026-06-20"], { MODELGATE_TODAY: "2026-06-01" });
    const report = JSON.parse(out.stdout) as { summary: { waived: number }; findings: Finding[] };
    // the chat waiver expired on 2026-06-15; the notes waiver (2026-07-02) is now within maxDays (30)
    expect(report.findings.filter((f) => f.waived).map((f) => f.resource)).toEqual([
      "Deployment/support/notes",
      "Deployment/docs/summarizer",
      "Deployment/docs/tagger",
    ]);
    expect(report.summary.waived).toBe(3);
  });

  it.each([
    [["--today", "2026-6-1"], {}, '--today must be a date as YYYY-MM-DD, got "2026-6-1"'],
    [[], { MODELGATE_TODAY: "tomorrow" }, 'MODELGATE_TODAY must be a date as YYYY-MM-DD, got "tomorrow"'],
    [["--workers", "two"], {}, "must be a whole number"],
  ] as const)("rejects %j %j with exit 2", (args, env, message) => {
    const out = cli(["check", ".", ...args], env);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).not.toContain("    at ");
  });
});
