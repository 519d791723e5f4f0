/** The residual sweep's detector over the table in references.json: what it reads, and what it must leave alone. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { referencesInText } from "../../src/sweep/detect";
import { settingsFromBundleData } from "../../src/scan/settings";
import { defaultEngine } from "../helpers/engine";

interface Row {
  text: string;
  seen: string[];
}

const rows = (JSON.parse(readFileSync(path.join(__dirname, "references.json"), "utf8")) as { rows: Row[] }).rows;
const catalog = settingsFromBundleData(defaultEngine().bundle.data).catalog;

describe("operator references in text", () => {
  it.each(rows.map((row) => [JSON.stringify(row.text), row] as const))("%s", (_, row) => {
    expect(referencesInText(row.text, catalog).map((reference) => reference.seen)).toEqual(row.seen);
  });
});
