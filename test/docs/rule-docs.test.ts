/**
 * docs/rules/: one page per catalogue rule with the fixed heading order, an index listing every
 * rule, no orphan pages, and the committed text equal to what `npm run docs` generates.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { ruleExamples } from "../../src/cli/explain";
import { generateRuleDocs, orphanDocs, RULE_DOCS_DIR, RULE_PAGE_HEADINGS } from "../../scripts/gen-docs";
import { defaultEngine } from "../helpers/engine";

const ROOT = path.join(__dirname, "..", "..");
const catalog = defaultEngine().catalog;
const generated = generateRuleDocs(catalog, ROOT);
const read = (file: string): string => readFileSync(path.join(ROOT, file), "utf8");

/** The page without its fenced code blocks (YAML comments are not headings). */
function withoutCode(page: string): string {
  return page.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
}

/** The fenced code blocks under a `## heading`. */
function blocks(page: string, heading: string): string[] {
  const start = page.indexOf(`\n## ${heading}\n`);
  const end = page.indexOf("\n## ", start + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```[a-z]*\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

describe.each(catalog.rules.map((rule) => [rule.id, rule] as const))("docs/rules/%s.md", (id, rule) => {
  const file = `${RULE_DOCS_DIR}/${id}.md`;

  it("exists and is what `npm run docs` generates", () => {
    expect(existsSync(path.join(ROOT, file))).toBe(true);
    expect(read(file)).toBe(generated.get(file));
  });

  it("has the headings in the fixed order", () => {
    const page = generated.get(file)!;
    const lines = page.split("\n");
    expect(lines[0]).toBe(`# ${id}`);
    expect(lines[2]).toBe(rule.title);
    const fields = lines.filter((l) => /^- \*\*(Severity|Category|Since)\*\*/.test(l));
    expect(fields).toEqual([
      `- **Severity**: ${rule.severity}`,
      `- **Category**: ${rule.category}`,
      expect.stringMatching(new RegExp(`^- \\*\\*Since\\*\\*: ${rule.since}`)),
    ]);
    expect(lines.indexOf(fields[2])).toBeLessThan(lines.findIndex((l) => l.startsWith("## ")));
    expect(
      withoutCode(page)
        .split("\n")
        .filter((l) => /^#{1,6} /.test(l)),
    ).toEqual([`# ${id}`, ...RULE_PAGE_HEADINGS.map((h) => `## ${h}`)]);
  });

  it("shows the examples as valid YAML and the configuration under rules:", () => {
    const page = generated.get(file)!;
    const examples = ruleExamples(id, ROOT);
    expect(blocks(page, "Avoid")).toEqual(examples.avoid ? [examples.avoid.text] : []);
    expect(blocks(page, "Prefer")).toEqual(examples.prefer ? [examples.prefer.text] : []);
    for (const block of [...blocks(page, "Avoid"), ...blocks(page, "Prefer"), ...blocks(page, "Configuration")]) {
      for (const doc of parseAllDocuments(block)) expect("errors" in doc ? doc.errors : []).toEqual([]);
    }
    expect(blocks(page, "Configuration")[0]).toContain(`rules:\n  ${id}: `);
  });

  it("links only to files that exist", () => {
    const page = generated.get(file)!;
    for (const [, target] of page.matchAll(/\]\((?!https?:)([^)]+)\)/g)) {
      expect([target, existsSync(path.join(ROOT, RULE_DOCS_DIR, target)) || generated.has(path.posix.join(RULE_DOCS_DIR, target))]).toEqual([target, true]);
    }
  });
});

describe("docs/rules/README.md", () => {
  it("is generated and lists every rule once, in catalogue order", () => {
    const index = `${RULE_DOCS_DIR}/README.md`;
    expect(read(index)).toBe(generated.get(index));
    const linked = [...read(index).matchAll(/^\| \[`([^`]+)`\]\(\1\.md\)/gm)].map((m) => m[1]);
    expect(linked).toEqual(catalog.rules.map((r) => r.id));
  });

  it("has no orphan pages", () => {
    expect(orphanDocs(generated, ROOT)).toEqual([]);
  });
});
