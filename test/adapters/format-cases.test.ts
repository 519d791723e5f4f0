/**
 * Cases of every format folder without a suite of its own: a new format's cases are
 * test/adapters/<format>/cases/<case>/ (inputs + expected.json, see test/helpers/cases.ts), run
 * here through the whole registry, so adding a format needs no test code.
 */

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { caseNames, describeAdapterCases } from "../helpers/cases";

const formats = readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(__dirname, entry.name, "cases")))
  .filter((entry) => !readdirSync(path.join(__dirname, entry.name)).some((file) => file.endsWith(".test.ts")))
  .map((entry) => entry.name)
  .sort();

describe("format cases without a suite of their own", () => {
  test("every format folder with cases is run by a suite", () => {
    for (const format of formats) expect(caseNames(path.join(__dirname, format, "cases")).length).toBeGreaterThan(0);
  });
});

for (const format of formats) describeAdapterCases(`${format} adapter cases`, path.join(__dirname, format, "cases"), 1);
