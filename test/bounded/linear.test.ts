/**
 * Bounded work: nothing a file says can make Modelgate's work grow faster than the file.
 *
 *   shapes.json       adversarial strings (a unit repeated to the size under test)
 *   manifests/*.yaml  inputs with "@@ATTACK@@" where a shape goes (as a JSON string, valid YAML)
 *
 * Every input-facing function below and a whole scan of every manifest run each shape at SMALL
 * and LARGE characters (about 600 KB). Linear work grows 4x between the two, quadratic work 16x:
 * a run is refused when it grows more than MAX_GROWTH times and took over NOISE_MS, or when it
 * takes over BOUND_MS at all (a sanity guard, not a speed target: a quadratic pattern takes
 * minutes at this size). The patterns themselves are checked structurally too: no regular
 * expression in src/ has a shape that backtracks quadratically (a run anchored only at its end,
 * a lazy quantifier the engine can start anywhere), and the scanner that replaced the
 * indirection alternation finds exactly what it found.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import fc from "fast-check";
import { compileGlob } from "../../src/parse/glob";
import { proxyTargets } from "../../src/adapters/egress/proxy-config";
import { expandReferences, MAX_EXPANDED_CHARS, MAX_EXPANSION_DEPTH, type EnvVar } from "../../src/adapters/kubernetes/env";
import { hasIndirection, modelInfo } from "../../src/adapters/kubernetes/models";
import { endpointOf, llmHostIn, llmHostsIn, structuredValue } from "../../src/adapters/kubernetes/values";
import { urlListParts, urlPieces } from "../../src/normalize/pieces";
import { looksLikeLiteLLMConfigText, mentionsModelList } from "../../src/adapters/litellm/recognise";
import { referencesIn } from "../../src/adapters/openrouter/iac";
import { indirectionRanges, isLikelyUrl, normalizeEndpoint, unresolvedReason, withoutHostWhitespace } from "../../src/normalize/endpoint";
import { helmSources } from "../../src/parse/helm-source";
import { scan } from "../../src/scan/scan";
import { settingsFromBundleData } from "../../src/scan/settings";
import { defaultEngine } from "../helpers/engine";
import { readConfig, readConfigText } from "../../src/adapters/app-configs";
import { referencesInText } from "../../src/sweep/detect";
import { sweepValue } from "../../src/sweep/sweep";

const SMALL = 150_000;
const LARGE = 600_000;
const MAX_GROWTH = 8;
/** A whole scan also copies the value into documents and findings: the garbage collector adds some growth. */
const MAX_SCAN_GROWTH = 12;
const NOISE_MS = 100;
const BOUND_MS = 10_000;
const REPO = path.join(__dirname, "..", "..");

interface Shape {
  name: string;
  unit: string;
  prefix?: string;
  suffix?: string;
}

const SHAPES = (JSON.parse(readFileSync(path.join(__dirname, "shapes.json"), "utf8")) as { shapes: Shape[] }).shapes;
const MANIFESTS = readdirSync(path.join(__dirname, "manifests"))
  .filter((name) => name.endsWith(".yaml"))
  .sort();

function attack(shape: Shape, size: number): string {
  const fill = Math.max(1, Math.floor((size - (shape.prefix ?? "").length - (shape.suffix ?? "").length) / shape.unit.length));
  return (shape.prefix ?? "") + shape.unit.repeat(fill) + (shape.suffix ?? "");
}

async function millis(run: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The fastest of a few runs: noise (GC, other processes) only ever adds time. */
async function fastest(run: () => unknown, times: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) best = Math.min(best, await millis(run));
  return best;
}

/**
 * Problems with how `run` grows from SMALL to LARGE characters of `shape`; empty when linear. A
 * growth over the bound is measured again (the machine is shared: a burst of other work lands on
 * one measurement); quadratic work fails every attempt, by far.
 */
async function growthProblems(label: string, shape: Shape, run: (input: string) => unknown, maxGrowth = MAX_GROWTH, runs = 3): Promise<string[]> {
  const small = attack(shape, SMALL);
  const large = attack(shape, LARGE);
  let problem = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const tSmall = Math.max(await fastest(() => run(small), runs), NOISE_MS / maxGrowth);
    const tLarge = await fastest(() => run(large), tSmall * 16 > BOUND_MS ? 1 : runs);
    if (tLarge > BOUND_MS) return [`${label} on ${shape.name}: ${tLarge.toFixed(0)} ms at ${LARGE} characters`];
    if (tLarge <= NOISE_MS || tLarge / tSmall <= maxGrowth) return [];
    problem = `${label} on ${shape.name}: ${tSmall.toFixed(0)} ms -> ${tLarge.toFixed(0)} ms for 4x the input (${(tLarge / tSmall).toFixed(1)}x)`;
  }
  return [problem];
}

const settings = settingsFromBundleData(defaultEngine().bundle.data);
const HOSTILE_GLOB = compileGlob(`**/${"*a".repeat(8)}*b`);
const noVariable = (): EnvVar | undefined => undefined;
/** Under the app-config readers' bound (MAX_CONFIG_CHARS), so the large run is read, not refused. */
const APP_CONFIG_CHARS = 500_000;

/** Every function that runs patterns over text a file controls. */
const FUNCTIONS: Array<[string, (input: string) => unknown]> = [
  ["unresolvedReason", unresolvedReason],
  ["normalizeEndpoint", (input) => normalizeEndpoint(input)],
  ["isLikelyUrl", isLikelyUrl],
  ["indirectionRanges", indirectionRanges],
  ["endpointOf", (input) => endpointOf(input, settings)],
  ["llmHostIn", (input) => llmHostIn(input, settings)],
  ["llmHostsIn", (input) => llmHostsIn(input, settings)],
  ["urlListParts", urlListParts],
  ["urlPieces", urlPieces],
  ["withoutHostWhitespace", withoutHostWhitespace],
  ["structuredValue", (input) => structuredValue(input, settings)],
  ["hasIndirection", hasIndirection],
  ["modelInfo", (input) => modelInfo(input, settings.catalog)],
  ["expandReferences", (input) => expandReferences(input, noVariable)],
  ["referencesIn pulumi", (input) => referencesIn(input, "pulumi")],
  ["referencesIn terraform", (input) => referencesIn(input, "terraform")],
  ["proxyTargets nginx", (input) => proxyTargets("nginx", [input], settings)],
  ["proxyTargets haproxy", (input) => proxyTargets("haproxy", [input], settings)],
  ["proxyTargets envoy", (input) => proxyTargets("envoy", [input], settings)],
  ["helmSources", helmSources],
  ["mentionsModelList", mentionsModelList],
  ["looksLikeLiteLLMConfigText", looksLikeLiteLLMConfigText],
  ["referencesInText", (input) => referencesInText(input, settings.catalog)],
  ["sweepValue", (input) => sweepValue({ [input.slice(0, 4096)]: input }, settings.catalog)],
  // globs come from scanned files too (WorkloadClassification selector.files): both sides hostile
  // app configs (src/adapters/app-configs): under their 512 KB bound, as a whole text, a table header, an entry
  ["readConfigText toml", (input) => readConfigText("c.toml", input.slice(0, APP_CONFIG_CHARS), "toml")],
  ["readConfigText toml header", (input) => readConfigText("c.toml", `[${input.slice(0, APP_CONFIG_CHARS)}`, "toml")],
  ["readConfigText ini", (input) => readConfigText("c.ini", input.slice(0, APP_CONFIG_CHARS), "ini")],
  ["readConfigText ini entry", (input) => readConfigText("c.ini", `[s]\nk ${input.slice(0, APP_CONFIG_CHARS)}`, "ini")],
  ["readConfig", (input) => readConfig({ llm: { base_url: input, model: input, provider: input.slice(0, 64) } }, "c.yaml", settings.catalog, () => false)],
  ["compileGlob over a hostile path", (input) => HOSTILE_GLOB.test(input)],
  ["compileGlob of a hostile glob", (input) => compileGlob(input).test("deploy/team-a/payments/agent.yaml")],
];

jest.setTimeout(600_000);

describe("bounded work on adversarial input", () => {
  it.each(FUNCTIONS)("%s is linear on every shape", async (label, run) => {
    const problems: string[] = [];
    for (const shape of SHAPES) problems.push(...(await growthProblems(label, shape, run)));
    expect(problems).toEqual([]);
  });

  describe("a whole scan", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bounded-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(MANIFESTS)("of %s is linear on every shape", async (manifest) => {
      const template = readFileSync(path.join(__dirname, "manifests", manifest), "utf8");
      const engine = defaultEngine();
      const problems: string[] = [];
      for (const [i, shape] of SHAPES.entries()) {
        const run = async (input: string): Promise<void> => {
          const file = path.join(dir, `${i}-${input.length}-${manifest}`);
          writeFileSync(file, template.replaceAll('"@@ATTACK@@"', JSON.stringify(input)));
          const result = await scan({ paths: [file], cwd: dir, engine, workers: 0, today: "2026-06-01" });
          // the scan must have read the file: a refusal is fine (an over-long value), a crash is not
          expect(result.files).toBe(1);
        };
        problems.push(...(await growthProblems(manifest, shape, run, MAX_SCAN_GROWTH, 2)));
      }
      expect(problems).toEqual([]);
    });
  });
});

describe("$(VAR) expansion is bounded", () => {
  const chain = (count: number, value: (i: number) => string): Map<string, EnvVar> => {
    const vars = new Map<string, EnvVar>();
    const budget = { chars: MAX_EXPANDED_CHARS };
    for (let i = 0; i < count; i++) {
      const name = `V${i}`;
      const expanded = expandReferences(value(i), (n) => vars.get(n), budget);
      const variable: EnvVar = {
        name,
        value: expanded.value,
        unresolved: null,
        raw: value(i),
        at: { doc: null as never, pointer: "" },
        from: null,
        pending: expanded.pending,
      };
      if (expanded.depth > 0) variable.depth = expanded.depth;
      vars.set(name, variable);
    }
    return vars;
  };

  it("stops at the depth bound: a chain of 20,000 variables keeps its end unexpanded and pending", () => {
    const vars = chain(20_000, (i) => (i === 0 ? "https://api.deepseek.com" : `$(V${i - 1})/x`));
    expect(vars.get(`V${MAX_EXPANSION_DEPTH}`)!.value).toMatch(/^https:\/\/api\.deepseek\.com/);
    const last = vars.get("V19999")!;
    expect(last.value).toBe("$(V19998)/x");
    expect(last.pending?.get("V19998")).toMatch(/nest more than 32 deep/);
  });

  it("stops at the size bound: variables doubling the one before never pass it", () => {
    const vars = chain(64, (i) => (i === 0 ? "x".repeat(1024) : `$(V${i - 1})$(V${i - 1})`));
    const total = [...vars.values()].reduce((sum, v) => sum + (v.value ?? "").length, 0);
    expect(total).toBeLessThan(4 * MAX_EXPANDED_CHARS);
    expect([...vars.values()].some((v) => v.pending && [...v.pending.values()].some((why) => /exceed/.test(why)))).toBe(true);
  });
});

describe("the indirection scanner", () => {
  // The alternation it replaced, quadratic on an unclosed `{{` but the reference for what matches.
  const REFERENCE =
    /\$\{\{\s*env\s+"[^"]*"\s*\}\}|\$?\{\{[\s\S]*?\}\}|(?<!\$)\$\{[^{}]*\}|(?<!\$)\$\([A-Za-z_][A-Za-z0-9_.-]*\)|(?<!\$)\$[A-Za-z_][A-Za-z0-9_]*/g;
  const pieces = ["$", "{", "}", "(", ")", "{{", "}}", "${", "$(", "$$", "a", "_", ".", "-", " ", "env", '"', "x1", "/"];

  it("finds exactly what the alternation found", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const text = parts.join("");
        const expected = [...text.matchAll(REFERENCE)].map((m) => [m.index, m.index + m[0].length]);
        expect(indirectionRanges(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the glob matcher", () => {
  // The regular expression it replaced: exponential on `*a*a*a*...`, but the reference for what matches.
  const reference = (glob: string): RegExp => {
    let pattern = "";
    for (let i = 0; i < glob.length; i++) {
      const char = glob[i];
      if (char === "*") {
        if (glob[i + 1] === "*") {
          pattern += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
          i += glob[i + 2] === "/" ? 2 : 1;
        } else pattern += "[^/]*";
      } else if (char === "?") pattern += "[^/]";
      else pattern += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    return new RegExp(`^${pattern}$`);
  };

  it("matches exactly what the regular expression matched", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("*", "**", "**/", "?", "a", "b", "/", ".", "a/"), { maxLength: 7 }),
        fc.array(fc.constantFrom("a", "b", "/", ".", "ab", "a/"), { maxLength: 9 }),
        (globParts, pathParts) => {
          const glob = globParts.join("");
          const file = pathParts.join("");
          expect(compileGlob(glob).test(file)).toBe(reference(glob).test(file));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

/** Regular expression literals of src/, with where they are. */
function sourceRegexes(): Array<{ where: string; source: string; flags: string }> {
  const out: Array<{ where: string; source: string; flags: string }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) {
        const file = ts.createSourceFile(full, readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node): void => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const text = node.getText(file);
            const slash = text.lastIndexOf("/");
            const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
            out.push({ where: `${path.relative(REPO, full)}:${line}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
          }
          ts.forEachChild(node, visit);
        };
        visit(file);
      }
    }
  };
  walk(path.join(REPO, "src"));
  return out;
}

/**
 * Shapes V8's backtracking engine runs in quadratic time, whatever the rest of the pattern:
 * a quantified run that only the end of the input anchors (`\.+$`: tried from every start), and a
 * lazy quantifier in a pattern not anchored at the start (`\{\{[\s\S]*?\}\}`: rescans the rest
 * from every opener when nothing closes it). A pattern with top-level alternation counts as
 * unanchored when any branch is.
 */
function quadraticShape(source: string, flags: string): string | null {
  const withoutClasses = source.replace(/\\.|\[(?:\\.|[^\]\\])*\]/g, (m) => (m.startsWith("[") ? "C" : m));
  const branches = withoutClasses.split("|");
  const anchored = branches.every((branch) => branch.startsWith("^")) && !flags.includes("m");
  // a branch that is nothing but a run up to the end: `\.+$`, `[\s]+$`, `\s+$`
  if (branches.some((branch) => /^(?:C|\\.|[^^\\()])[+*]\$$/.test(branch))) return "a quantified run anchored only at the end";
  if (!anchored && /[*+}]\?/.test(withoutClasses)) return "a lazy quantifier in an unanchored pattern";
  return null;
}

describe("regular expressions in src/", () => {
  it("have no shape that backtracks quadratically", () => {
    const found = sourceRegexes()
      .map((regex) => ({ ...regex, shape: quadraticShape(regex.source, regex.flags) }))
      .filter((regex) => regex.shape !== null)
      .map((regex) => `${regex.where}: /${regex.source}/${regex.flags} (${regex.shape})`);
    expect(found).toEqual([]);
  });

  it.each([
    ["\\.+$", "", true],
    ["[\\s]+$", "", true],
    ["^\\s+|\\s+$", "g", true],
    ["\\$?\\{\\{[\\s\\S]*?\\}\\}", "g", true],
    ["^#\\s*Source:\\s*(\\S.*?)\\s*$", "m", true],
    ["[*?[{]", "", false],
    [":\\d+$", "", false],
    ["^[a-z]+$", "", false],
    ["^#\\s*Source:\\s*(\\S(?:.*\\S)?)\\s*$", "", false],
    ["\\$\\{([^{}]*)\\}", "g", false],
  ])("the shape check flags /%s/%s: %s", (source, flags, flagged) => {
    expect(quadraticShape(source, flags) !== null).toBe(flagged);
  });
});
