/**
 * Walks examples/: every example file declares, in a header comment, the rule ids it violates
 * and the rules it demonstrates compliance with. Adding an example needs no test code.
 *
 *   # modelgate-example: violates disallow-denied-jurisdiction-endpoint, require-token-cap
 *   # modelgate-example: complies require-self-hosted-for-sensitive
 *   # modelgate-example: support          (namespaces, classification documents: no findings)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { scan } from "../src/scan/scan";
import { defaultEngine } from "./helpers/engine";

const ROOT = path.join(__dirname, "..");
const EXAMPLES = path.join(ROOT, "examples");

/** Rules no example file can show, with the reason. */
const WITHOUT_EXAMPLES: Record<string, string> = {
  "evaluation-error": "fires only when the engine fails; covered by the engine and Rego tests",
  "flag-denied-origin-model": "off in the default policy; examples/optional/ enables it through its own config (test/cli)",
};

interface Declared {
  file: string;
  support: boolean;
  violates: Set<string>;
  complies: Set<string>;
}

function exampleFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === "optional" ? [] : exampleFiles(full);
      return /\.ya?ml$/.test(name) ? [full] : [];
    });
}

function declared(file: string): Declared {
  const result: Declared = { file: path.relative(ROOT, file), support: false, violates: new Set(), complies: new Set() };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (/^#\s*modelgate-example:\s*support\s*$/.test(line.trim())) result.support = true;
    const match = /^#\s*modelgate-example:\s*(violates|complies)\s+(.+)$/.exec(line.trim());
    if (!match) continue;
    const ids = match[2]
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of ids) (match[1] === "violates" ? result.violates : result.complies).add(id);
  }
  return result;
}

const files = exampleFiles(EXAMPLES).map(declared);

describe("examples/", () => {
  let found: Map<string, Set<string>>;
  let ruleIds: string[];

  beforeAll(async () => {
    const engine = defaultEngine();
    ruleIds = engine.catalog.rules.map((r) => r.id);
    const result = await scan({ paths: ["examples"], cwd: ROOT, engine });
    found = new Map();
    for (const finding of result.findings) {
      const set = found.get(finding.file) ?? new Set();
      set.add(finding.ruleId);
      found.set(finding.file, set);
    }
  });

  it("declares its expectations in every example file", () => {
    const undeclared = files.filter((f) => !f.support && f.violates.size === 0 && f.complies.size === 0).map((f) => f.file);
    expect(undeclared).toEqual([]);
  });

  it.each(files.map((f) => [f.file, f] as const))("%s reports exactly the rules it declares", (_name, example) => {
    expect([...(found.get(example.file) ?? [])].sort()).toEqual([...example.violates].sort());
    for (const id of example.complies) expect(example.violates.has(id)).toBe(false);
  });

  it("names only rules that exist", () => {
    const unknown = files.flatMap((f) => [...f.violates, ...f.complies]).filter((id) => !ruleIds.includes(id));
    expect(unknown).toEqual([]);
  });

  it("has a violating and a compliant example for every rule", () => {
    const required = ruleIds.filter((id) => !(id in WITHOUT_EXAMPLES));
    const violated = new Set(files.flatMap((f) => [...f.violates]));
    const complied = new Set(files.flatMap((f) => [...f.complies]));
    expect(required.filter((id) => !violated.has(id))).toEqual([]);
    expect(required.filter((id) => !complied.has(id))).toEqual([]);
  });

  it("reports nothing in files that are not examples", () => {
    const exampleSet = new Set(files.map((f) => f.file));
    expect([...found.keys()].filter((file) => !exampleSet.has(file))).toEqual([]);
  });
});
