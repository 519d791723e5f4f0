/**
 * Regenerates the docs built from rule METADATA and examples/: the rules table in README.md, one
 * page per rule in docs/rules/<id>.md and the index docs/rules/README.md. `--check` fails instead
 * of writing when any generated text is stale, missing, or a page has no rule behind it (orphan).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../src/bundle/ensure";
import type { RuleCatalog, RuleMeta } from "../src/catalog/rules";
import { configurationSnippet, loadExamples, ruleExamples, type RuleExample } from "../src/cli/explain";
import { paths } from "../src/paths";

const START = "<!-- rules:start (generated from Rego METADATA by `npm run docs`; do not edit) -->";
const END = "<!-- rules:end -->";
const GENERATED = "<!-- generated from Rego METADATA and examples/ by `npm run docs`; do not edit -->";
export const RULE_DOCS_DIR = "docs/rules";

/** The headings of every rule page, in this order. */
export const RULE_PAGE_HEADINGS = ["Rationale", "Avoid", "Prefer", "Remediation", "Configuration", "Related"] as const;

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

/** A repo-relative path as a link from docs/rules/. */
function link(file: string): string {
  return `[\`${file}\`](../../${file})`;
}

function exampleSection(example: RuleExample | null, missing: string): string[] {
  if (!example) return [missing];
  const from = `From ${link(example.file)}` + (example.scannedWith.length > 0 ? `, scanned with ${example.scannedWith.map(link).join(", ")}` : "") + ":";
  return [from, "", "```" + example.language, example.text, "```"];
}

function rulePage(rule: RuleMeta, catalog: RuleCatalog, examples: ReturnType<typeof ruleExamples>): string {
  const related = catalog.rules.filter((r) => r.category === rule.category && r.id !== rule.id);
  const enforcement = rule.disabledByDefault
    ? "This rule is **off by default**: the default organisation policy disables it. Turn it on per project in `modelgate.yaml`:"
    : "The rule is on by default. Enforcement is set per rule in `modelgate.yaml`, or for every rule at once with `all`:";
  return [
    `# ${rule.id}`,
    "",
    rule.title,
    "",
    `- **Severity**: ${rule.severity}`,
    `- **Category**: ${rule.category}`,
    `- **Since**: ${rule.since}${rule.disabledByDefault ? " (off by default)" : ""}`,
    "",
    "## Rationale",
    "",
    rule.description,
    "",
    "## Avoid",
    "",
    ...exampleSection(examples.avoid, "No file under `examples/` violates this rule yet."),
    "",
    "## Prefer",
    "",
    ...exampleSection(examples.prefer, "No file under `examples/` shows compliance with this rule yet."),
    "",
    "## Remediation",
    "",
    rule.remediation,
    "",
    "## Configuration",
    "",
    enforcement,
    "",
    "```yaml",
    configurationSnippet(rule),
    "```",
    "",
    "`error` reports the finding and fails the run when its severity is at or above `--fail-on`; `warn` reports it without failing the run; `off` does not report it. To accept the risk for one resource for a limited time instead, add a waiver with a reason and an expiry; waived findings stay visible in every output.",
    "",
    "## Related",
    "",
    `- \`modelgate explain ${rule.id}\` shows this page in the terminal.`,
    `- Rego source: ${link(rule.file)}`,
    ...(related.length > 0 ? [`- Other ${rule.category} rules: ${related.map((r) => `[\`${r.id}\`](${r.id}.md)`).join(", ")}`] : []),
    `- Online: ${rule.docsUrl}`,
    `- All rules: [index](README.md)`,
    "",
    GENERATED,
    "",
  ].join("\n");
}

function indexPage(catalog: RuleCatalog): string {
  const rows = catalog.rules.map(
    (rule) =>
      `| [\`${rule.id}\`](${rule.id}.md)${rule.disabledByDefault ? " (off by default)" : ""} | ${rule.category} | ${rule.severity} | ${rule.since} | ${rule.title} |`,
  );
  return [
    "# Rules",
    "",
    "Every rule Modelgate's bundle ships, one page each: why it exists, an example to avoid and one to prefer, how to fix a finding and how to configure enforcement. `modelgate explain <rule-id>` prints the same in the terminal.",
    "",
    "| Rule | Category | Severity | Since | What it finds |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    GENERATED,
    "",
  ].join("\n");
}

/** Every generated docs file, by path relative to the package root. */
export function generateRuleDocs(catalog: RuleCatalog, root: string = paths.root): Map<string, string> {
  const all = loadExamples(root);
  const files = new Map<string, string>();
  files.set(`${RULE_DOCS_DIR}/README.md`, indexPage(catalog));
  for (const rule of catalog.rules) files.set(`${RULE_DOCS_DIR}/${rule.id}.md`, rulePage(rule, catalog, ruleExamples(rule.id, root, all)));
  return files;
}

/** Files in docs/rules/ that no rule generates. */
export function orphanDocs(generated: Map<string, string>, root: string = paths.root): string[] {
  const dir = path.join(root, RULE_DOCS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => `${RULE_DOCS_DIR}/${name}`)
    .filter((file) => !generated.has(file))
    .sort();
}

export function loadCatalog(): RuleCatalog {
  return JSON.parse(readFileSync(path.join(ensureDefaultBundle(), "catalog.json"), "utf8")) as RuleCatalog;
}

function main(): void {
  const check = process.argv.includes("--check");
  const catalog = loadCatalog();
  const files = generateRuleDocs(catalog);
  const readme = path.join(paths.root, "README.md");
  const currentReadme = readFileSync(readme, "utf8");
  files.set("README.md", replaceBetween(currentReadme, "README.md", rulesTable(catalog)));
  const stale = [...files].filter(([file, text]) => {
    const full = path.join(paths.root, file);
    return !existsSync(full) || readFileSync(full, "utf8") !== text;
  });
  const orphans = orphanDocs(files);
  if (check) {
    const problems = [
      ...stale.map(([file]) => `${file} is ${existsSync(path.join(paths.root, file)) ? "stale" : "missing"}`),
      ...orphans.map((file) => `${file} documents no rule in the catalogue (orphan)`),
    ];
    if (problems.length > 0) {
      process.stderr.write(`${problems.join("\n")}\nrun \`npm run docs\` to regenerate\n`);
      process.exit(1);
    }
    return;
  }
  for (const [file, text] of stale) {
    mkdirSync(path.dirname(path.join(paths.root, file)), { recursive: true });
    writeFileSync(path.join(paths.root, file), text);
    process.stdout.write(`updated ${file}\n`);
  }
  for (const file of orphans) {
    unlinkSync(path.join(paths.root, file));
    process.stdout.write(`removed ${file} (no such rule)\n`);
  }
}

if (require.main === module) main();
