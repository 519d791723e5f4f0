/** GitHub workflow commands: one annotation per finding at its file/line/col, escaped per actions/toolkit. */
import { escapeData, escapeProperty, GITHUB_COMMAND, githubReporter, workflowCommand } from "../../src/reporters/github";
import type { ReportContext } from "../../src/reporters/types";
import { reportOf, scanned, syntheticFinding, type Scanned } from "./report";

const COMMAND = /^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.*)$/;

/** Reverses the toolkit's escaping, as the runner does. */
function unescape(text: string): string {
  return text.replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%25/g, "%");
}

function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = COMMAND.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const properties = Object.fromEntries(match[2].split(",").map((pair) => [pair.slice(0, pair.indexOf("=")), unescape(pair.slice(pair.indexOf("=") + 1))]));
  return { command: match[1], properties, message: unescape(match[3]) };
}

describe("escaping", () => {
  it.each([
    ["plain", "plain", "plain"],
    ["100% sure", "100%25 sure", "100%25 sure"],
    ["a\r\nb", "a%0D%0Ab", "a%0D%0Ab"],
    ["https://x.example:443/v1", "https://x.example:443/v1", "https%3A//x.example%3A443/v1"],
    ["a,b", "a,b", "a%2Cb"],
    ["%0A literal", "%250A literal", "%250A literal"],
  ])("%j", (raw, data, property) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(property);
    expect(unescape(escapeProperty(raw))).toBe(raw);
  });
});

describe("github reporter on examples/", () => {
  let scan: Scanned;
  let lines: string[];

  beforeAll(async () => {
    scan = await scanned(["examples"]);
    lines = githubReporter(scan.report, scan.context).trimEnd().split("\n");
  });

  it("prints one workflow command per finding and a summary line", () => {
    expect(lines).toHaveLength(scan.report.findings.length + 1);
    expect(lines[lines.length - 1]).toMatch(/^modelgate: \d+ findings \(0 waived\) in \d+ files/);
  });

  it("places each annotation at the finding's file, line and column with the rule id as title", () => {
    scan.report.findings.forEach((finding, i) => {
      const { command, properties, message } = parseCommand(lines[i]);
      expect(command).toBe(GITHUB_COMMAND[finding.severity]);
      expect(properties).toEqual({ file: finding.file, line: String(finding.line), col: String(finding.column), title: finding.ruleId });
      expect(message.split("\n")[0]).toBe(finding.message);
      expect(message).toContain(`Docs: ${finding.docsUrl}`);
    });
  });
});

describe("workflowCommand", () => {
  const context: ReportContext = { color: false, failOn: "high", rules: [], cwd: "/repo/sub", srcRoot: "/repo" };

  it.each([
    ["critical", "error"],
    ["high", "error"],
    ["medium", "warning"],
    ["low", "notice"],
  ] as const)("maps %s to ::%s", (severity, command) => {
    expect(parseCommand(workflowCommand(syntheticFinding({ severity }), context)).command).toBe(command);
  });

  it("makes paths relative to the repository root and escapes properties and data", () => {
    const finding = syntheticFinding({ file: "odd,dir/a:b.yaml", message: "100% of\nprompts", line: 3, column: 5 });
    const line = workflowCommand(finding, context);
    expect(line.startsWith("::error file=sub/odd%2Cdir/a%3Ab.yaml,line=3,col=5,title=require-token-cap::100%25 of%0Aprompts%0A")).toBe(true);
    expect(line).not.toContain("\n");
    expect(parseCommand(line).properties.file).toBe("sub/odd,dir/a:b.yaml");
  });

  it("leaves out line and col for file-level findings and file for stdin", () => {
    expect(parseCommand(workflowCommand(syntheticFinding({ line: 0, column: 0 }), context)).properties).toEqual({
      file: "sub/deploy/app.yaml",
      title: "require-token-cap",
    });
    expect(parseCommand(workflowCommand(syntheticFinding({ file: "-" }), context)).properties).toEqual({ title: "require-token-cap" });
  });

  it("shows waived findings as notices marked (waived), with the reason", () => {
    const { command, properties, message } = parseCommand(
      workflowCommand(syntheticFinding({ severity: "critical", waived: true, waiverReason: "TICKET-9" }), context),
    );
    expect(command).toBe("notice");
    expect(properties.title).toBe("require-token-cap (waived)");
    expect(message).toContain("waived: TICKET-9");
  });

  it("counts waived findings in the summary", () => {
    const out = githubReporter(reportOf([syntheticFinding({ waived: true })], 1), context);
    expect(out.trimEnd().split("\n").pop()).toMatch(/^modelgate: 1 finding \(1 waived\) in 1 file /);
  });
});
