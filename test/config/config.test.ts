/**
 * modelgate.yaml validation, one folder per case under cases/: `modelgate.yaml` and `expected.json`:
 *   { "description": "...",
 *     "errors": [{ "at": "modelgate.yaml:L:C", "pointer": "/json/pointer", "message": "...",
 *                  "allowed"?: [exact list], "allowedIncludes"?: [subset] }],   // every error, in order
 *     "valid": { "rules"?, "disabledRules"?, "internalDomains"?, "maxDays"?, "classificationPaths"?,
 *                "waiverEntries"?, "enforcement"?: {ruleId: level} } }            // or: loads, with these effects
 * Each error line is `file:line:col: /pointer message (allowed: a, b)`. Adding a case needs no test code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { applyConfig, ConfigError, loadConfig } from "../../src/config/load";
import { enforcementOf, projectSettings } from "../../src/config/project";
import { defaultEngine } from "../helpers/engine";

const CASES = path.join(__dirname, "cases");

interface ExpectedError {
  at: string;
  pointer: string;
  message: string;
  allowed?: string[];
  allowedIncludes?: string[];
}

interface Expected {
  description: string;
  errors?: ExpectedError[];
  valid?: {
    rules?: Record<string, string>;
    disabledRules?: string[];
    internalDomains?: string[];
    /** The effective policy has these values (partial match). */
    policy?: Record<string, unknown>;
    maxDays?: number;
    classificationPaths?: number;
    waiverEntries?: number;
    enforcement?: Record<string, string>;
  };
}

const LINE = /^(\S+:\d+:\d+): (\/\S*) (.*?)(?: \(allowed: (.*)\))?$/;

function parseLine(line: string): { at: string; pointer: string; message: string; allowed?: string[] } {
  const match = LINE.exec(line);
  if (!match) throw new Error(`config error line has not the form "file:line:col: /pointer message (allowed: ...)": ${line}`);
  const parsed: { at: string; pointer: string; message: string; allowed?: string[] } = {
    at: match[1],
    pointer: match[2] === "/" ? "" : match[2],
    message: match[3],
  };
  if (match[4] !== undefined) parsed.allowed = match[4].split(", ");
  return parsed;
}

const cases = readdirSync(CASES).sort();

describe("modelgate.yaml", () => {
  const rules = () => defaultEngine().catalog.rules;

  it.each(cases)("%s", (name) => {
    const dir = path.join(CASES, name);
    const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
    const file = path.join(dir, "modelgate.yaml");
    const load = () => loadConfig(file, "modelgate.yaml", rules());
    if (expected.errors) {
      let error: unknown;
      try {
        load();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const [header, ...lines] = (error as ConfigError).details;
      expect(header).toBe(`modelgate.yaml is not a valid configuration (${expected.errors.length} problem${expected.errors.length === 1 ? "" : "s"}):`);
      const actual = lines.map(parseLine);
      expect(actual.map(({ at, pointer, message }) => ({ at, pointer, message }))).toEqual(
        expected.errors.map(({ at, pointer, message }) => ({ at, pointer, message })),
      );
      expected.errors.forEach((want, i) => {
        if (want.allowed) expect(actual[i].allowed).toEqual(want.allowed);
        if (want.allowedIncludes) expect(actual[i].allowed).toEqual(expect.arrayContaining(want.allowedIncludes));
        if (!want.allowed && !want.allowedIncludes) expect(actual[i].allowed).toBeUndefined();
      });
      return;
    }
    const valid = expected.valid!;
    const loaded = load();
    const data = applyConfig(defaultEngine().bundle.data, loaded) as { modelgate: { policy: { disabledRules: string[]; internalDomains: string[] } } };
    const settings = projectSettings(loaded, dir);
    if (valid.rules) expect(settings.rules).toEqual(valid.rules);
    if (valid.disabledRules) expect(data.modelgate.policy.disabledRules).toEqual(valid.disabledRules);
    if (valid.internalDomains) expect(data.modelgate.policy.internalDomains).toEqual(valid.internalDomains);
    if (valid.policy) expect(data.modelgate.policy).toMatchObject(valid.policy);
    if (valid.maxDays !== undefined) expect(settings.waivers.maxDays).toBe(valid.maxDays);
    if (valid.classificationPaths !== undefined) expect(settings.classificationPaths).toHaveLength(valid.classificationPaths);
    if (valid.waiverEntries !== undefined) expect(settings.waivers.entries).toHaveLength(valid.waiverEntries);
    for (const [ruleId, level] of Object.entries(valid.enforcement ?? {})) expect([ruleId, enforcementOf(settings, ruleId)]).toEqual([ruleId, level]);
  });

  it("has a case for every kind of problem and a valid one", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
});

describe("policy lists that add to the bundle's", () => {
  const bundle = (policy: Record<string, unknown>) => {
    const data = defaultEngine().bundle.data as { modelgate: { policy: Record<string, unknown> } };
    return { ...data, modelgate: { ...data.modelgate, policy: { ...data.modelgate.policy, ...policy } } };
  };
  const loaded = loadConfig(path.join(CASES, "internal-networks-add", "modelgate.yaml"), "modelgate.yaml", defaultEngine().catalog.rules);

  it.each([
    [
      "an organisation pack's networks stay beside the repository's",
      { internalNetworks: ["10.50.0.0/16"] },
      "internalNetworks",
      ["10.50.0.0/16", "100.64.0.0/10"],
    ],
    [
      "a pack's domains stay beside the repository's",
      { internalDomains: ["llm.acme.internal"] },
      "internalDomains",
      ["llm.acme.internal", "inference.acme.example"],
    ],
    [
      "a pack's exclusions stay beside the repository's",
      { internalNetworksExclude: ["192.168.77.0/24"] },
      "internalNetworksExclude",
      ["192.168.77.0/24", "10.99.0.0/16"],
    ],
    ["the same entry twice is one", { internalNetworks: ["100.64.0.0/10"] }, "internalNetworks", ["100.64.0.0/10"]],
  ])("%s", (_name, pack, key, expected) => {
    const data = applyConfig(bundle(pack), loaded) as { modelgate: { policy: Record<string, unknown> } };
    expect(data.modelgate.policy[key]).toEqual(expected);
  });
});
