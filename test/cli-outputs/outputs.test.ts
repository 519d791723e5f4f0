/** `--format name[=path]` (repeatable) and `--output`: parsing rules, and several outputs from one run. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { main } from "../../src/cli/main";
import { parseOutputs, type OutputTarget } from "../../src/cli/outputs";
import { UsageError } from "../../src/parse/discover";
import { FORMAT_NAMES } from "../../src/reporters";

const CWD = "/repo";
const ROOT = path.join(__dirname, "..", "..");

describe("parseOutputs", () => {
  it.each<[string, string[], string | undefined, OutputTarget[]]>([
    ["default is text on stdout", [], undefined, [{ format: "text", file: null }]],
    ["a single name", ["json"], undefined, [{ format: "json", file: null }]],
    ["--output with one format", ["sarif"], "out.sarif", [{ format: "sarif", file: "/repo/out.sarif" }]],
    ["--output with the default format", [], "report.txt", [{ format: "text", file: "/repo/report.txt" }]],
    [
      "name=path plus stdout",
      ["sarif=out.sarif", "text"],
      undefined,
      [
        { format: "sarif", file: "/repo/out.sarif" },
        { format: "text", file: null },
      ],
    ],
    [
      "name=- is stdout",
      ["github=-", "junit=reports/j.xml"],
      undefined,
      [
        { format: "github", file: null },
        { format: "junit", file: "/repo/reports/j.xml" },
      ],
    ],
    ["absolute paths", ["json=/tmp/x.json"], undefined, [{ format: "json", file: "/tmp/x.json" }]],
    ["a path containing =", ["json=a=b.json"], undefined, [{ format: "json", file: "/repo/a=b.json" }]],
    [
      "the same format to two files",
      ["sarif=a.sarif", "sarif=b.sarif"],
      undefined,
      [
        { format: "sarif", file: "/repo/a.sarif" },
        { format: "sarif", file: "/repo/b.sarif" },
      ],
    ],
    [
      "every format at once",
      FORMAT_NAMES.map((f, i) => (i === 0 ? f : `${f}=out.${f}`)),
      undefined,
      FORMAT_NAMES.map((f, i) => ({ format: f, file: i === 0 ? null : `/repo/out.${f}` })),
    ],
  ])("accepts %s", (_name, specs, output, expected) => {
    expect(parseOutputs(specs, output, CWD)).toEqual(expected);
  });

  it.each<[string, string[], string | undefined, RegExp]>([
    ["an unknown name, listing the allowed ones", ["xml"], undefined, /unknown format "xml".*allowed values: text, json, sarif, junit, github/],
    ["an unknown name with a path", ["html=out.html"], undefined, /unknown format "html"/],
    ["an empty path", ["sarif="], undefined, /path after "=" is empty/],
    ["two outputs on stdout", ["text", "github"], undefined, /only one format can go to stdout, got text and github/],
    ["the same path twice", ["sarif=out", "json=./out"], undefined, /--format sarif and --format json both write out/],
    ["--output with several formats", ["sarif", "json=x.json"], "out", /--output applies to a single --format/],
    ["--output and name=path", ["sarif=a.sarif"], "b.sarif", /conflicts/],
    ["an empty --output", ["json"], "", /--output needs a file name/],
  ])("rejects %s", (_name, specs, output, message) => {
    expect(() => parseOutputs(specs, output, CWD)).toThrow(UsageError);
    expect(() => parseOutputs(specs, output, CWD)).toThrow(message);
  });
});

describe("modelgate check with several outputs", () => {
  let dir: string;
  let stdout: string;
  let stderr: string;
  let cwd: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-outputs-"));
    stdout = "";
    stderr = "";
    cwd = process.cwd();
    process.chdir(ROOT);
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes every requested format in one run, text on stdout", async () => {
    const out = (name: string): string => path.join(dir, "nested", name);
    const code = await main([
      "check",
      "examples",
      "--format",
      `sarif=${out("m.sarif")}`,
      "--format",
      `junit=${out("m.xml")}`,
      "--format",
      `json=${out("m.json")}`,
      "--format",
      `github=${out("m.txt")}`,
      "--format",
      "text",
    ]);
    expect(code).toBe(1);
    const json = JSON.parse(readFileSync(out("m.json"), "utf8"));
    const sarif = JSON.parse(readFileSync(out("m.sarif"), "utf8"));
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(out("m.xml"), "utf8"));
    const github = readFileSync(out("m.txt"), "utf8").trimEnd().split("\n");
    expect(json.findings.length).toBeGreaterThan(0);
    expect(sarif.runs[0].results).toHaveLength(json.findings.length);
    expect(Number(junit.testsuites.tests)).toBeGreaterThanOrEqual(json.findings.length);
    expect(github).toHaveLength(json.findings.length + 1);
    expect(stdout).toContain(`${json.summary.findings} findings`);
    expect(stdout).not.toContain("\x1b[");
  });

  it("keeps --output for a single format", async () => {
    const file = path.join(dir, "single.sarif");
    expect(await main(["check", "examples/litellm/team-budget", "--format", "sarif", "--output", file, "--fail-on", "never"])).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).version).toBe("2.1.0");
    expect(stdout).toBe("");
  });

  it("rejects an unknown format with exit 2 and the allowed values, before scanning or writing", async () => {
    const file = path.join(dir, "never.sarif");
    expect(await main(["check", "examples", "--format", `sarif=${file}`, "--format", "yaml"])).toBe(2);
    expect(stderr).toMatch(/unknown format "yaml".*text, json, sarif, junit, github/);
    expect(existsSync(file)).toBe(false);
  });

  it("rejects the same path twice with exit 2", async () => {
    const file = path.join(dir, "same");
    expect(await main(["check", "examples", "--format", `sarif=${file}`, "--format", `json=${file}`])).toBe(2);
    expect(stderr).toMatch(/both write/);
  });
});
