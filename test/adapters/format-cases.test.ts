/**
 * Cases of every format folder without a suite of its own: a new format's cases are
 * test/adapters/<format>/cases/<case>/ (inputs + expected.json, see ./gateways/fixtures.ts), run
 * here through the whole registry, so adding a format needs no test code.
 */

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { caseNames, runCase } from "./gateways/fixtures";

const formats = readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(__dirname, entry.name, "cases")))
  .filter((entry) => !readdirSync(path.join(__dirname, entry.name)).some((file) => file.endsWith(".test.ts")))
  .map((entry) => entry.name)
  .sort();

const cases = formats.flatMap((format) => caseNames(path.join(__dirname, format, "cases")).map((name) => [`${format}/${name}`, path.join(__dirname, format, "cases", name)] as const));

describe("format cases without a suite of their own", () => {
  test("every format folder with cases is run by a suite", () => {
    for (const format of formats) expect(caseNames(path.join(__dirname, format, "cases")).length).toBeGreaterThan(0);
  });

  if (cases.length > 0) test.each(cases)("%s", (_, dir) => runCase(dir));
});
