/**
 * Regenerates the parts of the docs built from rule METADATA: the rules table in README.md.
 * `--check` fails instead of writing when the committed text is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../src/bundle/ensure";
import type { RuleCatalog } from "../src/catalog/rules";
import { paths } from "../src/paths";

const START = "<!-- rules:start (generated from Rego METADATA by `npm run docs`; do not edit) -->";
const END = "<!-- rules:end -->";

function rulesTable(catalog: RuleCatalog): string {
  const rows = catalog.rules.map((rule) => {
    const id = rule.disabledByDefault ? `\`${rule.id}\` (off by default)` : `\`${rule.id}\``;
    return `| ${id} | ${rule.category} | ${rule.severity} | ${rule.title} |`;
  });
  return ["| Rule | Category | Severity | What it finds |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function replaceBetween(text: string, file: string, content: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} lacks the generated-section markers ${START} ... ${END}`);
  return `${text.slice(0, start + START.length)}\n${content}\n${text.slice(end)}`;
}

const catalog = JSON.parse(readFileSync(path.join(ensureDefaultBundle(), "catalog.json"), "utf8")) as RuleCatalog;
const readme = path.join(paths.root, "README.md");
const current = readFileSync(readme, "utf8");
const fresh = replaceBetween(current, "README.md", rulesTable(catalog));
if (process.argv.includes("--check")) {
  if (fresh !== current) {
    process.stderr.write("README.md rules table is stale: run `npm run docs`\n");
    process.exit(1);
  }
} else if (fresh !== current) {
  writeFileSync(readme, fresh);
  process.stdout.write("updated README.md rules table\n");
}
