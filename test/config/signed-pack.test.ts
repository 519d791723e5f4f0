/**
 * modelgate.yaml against a signed pack: one folder per case under signed-pack-cases/, with
 * `modelgate.yaml` and `expected.json`:
 *   { "description": "...",
 *     "policy"?: {key: value},        // the effective policy has these values (partial match)
 *     "rules"?: {id: level},          // the effective `rules`, exactly
 *     "loosened": ["/json/pointer"] } // what is reported as loosening, in order
 * The pack's policy is examples/org-pack/data/org-policy.json over the built-in one. Adding a case
 * needs no test code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config/load";
import { restrictToSignedPack } from "../../src/config/signed-pack";
import { defaultEngine } from "../helpers/engine";

const CASES = path.join(__dirname, "signed-pack-cases");
const REPO = path.join(__dirname, "..", "..");

interface Expected {
  description: string;
  policy?: Record<string, unknown>;
  rules?: Record<string, string>;
  loosened: string[];
}

describe("modelgate.yaml with a signed pack", () => {
  const engine = defaultEngine();
  const base = (engine.bundle.data.modelgate as { policy: Record<string, unknown> }).policy;
  const pack = { ...base, ...JSON.parse(readFileSync(path.join(REPO, "examples", "org-pack", "data", "org-policy.json"), "utf8")) };

  it.each(readdirSync(CASES).sort())("%s", (name) => {
    const dir = path.join(CASES, name);
    const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
    const loaded = loadConfig(path.join(dir, "modelgate.yaml"), "modelgate.yaml", engine.catalog.rules);
    const { config, loosened } = restrictToSignedPack(loaded, pack, "1.0.0+test");
    expect(loosened.map((l) => l.pointer)).toEqual(expected.loosened);
    for (const item of loosened) {
      expect(item.file).toBe("modelgate.yaml");
      expect(item.line).toBeGreaterThan(0);
      expect(item.message).toContain("signed pack 1.0.0+test");
    }
    if (expected.policy) expect(config.config.policy ?? {}).toMatchObject(expected.policy);
    if (expected.policy && Object.keys(expected.policy).length === 0) expect(config.config.policy).toEqual({});
    if (expected.rules) expect(config.config.rules).toEqual(expected.rules);
  });
});
