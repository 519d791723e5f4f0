/** `modelgate explain` for every rule of the catalogue (a table over it: new rules need no test code). */
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { closeMatches, explainRule, loadExamples, renderExplanation } from "../../src/cli/explain";
import { main } from "../../src/cli/main";
import { UsageError } from "../../src/parse/discover";
import { defaultEngine } from "../helpers/engine";

const catalog = defaultEngine().catalog;
const examples = loadExamples();

describe.each(catalog.rules.map((rule) => [rule.id, rule] as const))("explain %s", (id, rule) => {
  const e = explainRule(catalog, id);

  it("carries the rule's METADATA", () => {
    expect(e).toMatchObject({
      id,
      title: rule.title,
      severity: rule.severity,
      category: rule.category,
      since: rule.since,
      enabledByDefault: !rule.disabledByDefault,
      rationale: rule.description,
      remediation: rule.remediation,
      docsUrl: rule.docsUrl,
      source: rule.file,
    });
  });

  it("shows the first violating and the first compliant example, without marker lines, as valid YAML", () => {
    const avoid = examples.find((x) => x.violates.has(id));
    const prefer = examples.find((x) => x.complies.has(id));
    expect(e.avoid?.file).toBe(avoid?.file);
    expect(e.prefer?.file).toBe(prefer?.file);
    for (const example of [e.avoid, e.prefer]) {
      if (!example) continue;
      expect(example.text).not.toMatch(/modelgate-example:/);
      expect(example.text.split("\n").length).toBeLessThanOrEqual(61);
      for (const doc of parseAllDocuments(example.text)) expect("errors" in doc ? doc.errors : []).toEqual([]);
    }
  });

  it("has a configuration snippet naming the rule under rules:", () => {
    const config = parseYaml(e.configuration) as { rules: Record<string, string> };
    expect(Object.keys(config.rules)).toEqual([id]);
    expect(["error", "warn", "off"]).toContain(config.rules[id]);
  });

  it("renders every section in order", () => {
    const text = renderExplanation(e, false);
    const order = ["Severity", "Category", "Since", "Rationale", "Avoid", "Prefer", "Remediation", "Configuration", "Docs"].map((label) =>
      text.search(new RegExp(`^\\s*${label}\\b`, "m")),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.startsWith(`${id}: ${rule.title}\n`)).toBe(true);
    expect(text).toContain(rule.docsUrl);
    expect(text).not.toContain("\x1b[");
  });
});

describe("every rule with examples has both", () => {
  it("finds an Avoid and a Prefer example for each rule the examples declare", () => {
    const declared = new Set(examples.flatMap((x) => [...x.violates, ...x.complies]));
    for (const rule of catalog.rules.filter((r) => declared.has(r.id))) {
      const e = explainRule(catalog, rule.id);
      expect([rule.id, e.avoid !== null || e.prefer !== null]).toEqual([rule.id, true]);
    }
  });
});

describe("unknown rule ids", () => {
  const ids = catalog.rules.map((r) => r.id);

  it.each([
    ["require-token-caps", "require-token-cap"],
    ["token-cap", "require-token-cap"],
    ["disallow-denied-jurisdiction", "disallow-denied-jurisdiction-endpoint"],
    ["pinned-weights", "require-pinned-weights"],
    ["REQUIRE-CLASSIFICATION", "require-classification"],
  ])("%s suggests %s", (typo, expected) => {
    expect(closeMatches(typo, ids)).toContain(expected);
    expect(() => explainRule(catalog, typo)).toThrow(UsageError);
    expect(() => explainRule(catalog, typo)).toThrow(expected);
  });

  it("lists every rule when nothing is close", () => {
    expect(closeMatches("zzz", ids)).toEqual([]);
    expect(() => explainRule(catalog, "zzz")).toThrow(ids.join(", "));
  });
});

describe("modelgate explain (CLI)", () => {
  let stdout: string;
  let stderr: string;
  beforeEach(() => {
    stdout = "";
    stderr = "";
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it("prints the page and exits 0", async () => {
    expect(await main(["explain", "require-token-cap"])).toBe(0);
    expect(stdout).toMatch(/^require-token-cap: /);
    expect(stdout).toContain("Avoid");
  });

  it("prints JSON with --format json", async () => {
    expect(await main(["explain", "require-token-cap", "--format", "json"])).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.id).toBe("require-token-cap");
    expect(json.avoid.file).toMatch(/^examples\//);
  });

  it("exits 2 with close matches for an unknown id", async () => {
    expect(await main(["explain", "require-token-caps"])).toBe(2);
    expect(stderr).toMatch(/unknown rule "require-token-caps"; did you mean require-token-cap\?/);
    expect(stdout).toBe("");
  });
});
