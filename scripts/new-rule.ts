/**
 * `npm run new:rule -- <id> --category <folder> --severity <level> --title <text>`: scaffolds a rule
 * in policies/rules/<category>/<id_snake>/ in the layout and METADATA style of the others (a rule
 * module and a test module with one failing and one passing case), names it in CHANGELOG.md under
 * the package version, then regenerates the rule docs and records the verdict snapshot with the
 * same scripts `npm test` checks, so the tree passes rego-checks, gen-docs --check and snapshots
 * --check at once. What is left to the author is marked TODO(new-rule).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { packageVersion, RULE_VERSION } from "../src/bundle/build";
import { CATEGORIES, SEVERITIES, type Category, type Severity } from "../src/findings/types";
import { paths } from "../src/paths";
import { runOpa } from "../src/tools/opa";

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const USAGE = "usage: npm run new:rule -- <rule-id> --category <folder of policies/rules> --severity <low|medium|high|critical> --title <text>";

export interface NewRule {
  id: string;
  /** The folder under policies/rules, e.g. self_hosting. */
  folder: string;
  category: Category;
  severity: Severity;
  title: string;
  version: string;
}

class UsageError extends Error {}

const snake = (id: string): string => id.replace(/-/g, "_");

/** A YAML scalar for a METADATA line: plain when YAML reads it back unchanged, else double-quoted. */
function yamlScalar(text: string): string {
  return /^[A-Za-z0-9(][^:#"'\\]*[^\s:#"'\\]$/.test(text) ? text : JSON.stringify(text);
}

export function parseRequest(argv: string[], rulesDir: string, version: string): NewRule {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { category: { type: "string" }, severity: { type: "string" }, title: { type: "string" } },
  });
  const [id, ...rest] = positionals;
  if (id === undefined || rest.length > 0) throw new UsageError(USAGE);
  if (!RULE_ID.test(id)) throw new UsageError(`rule id "${id}" must be kebab-case, e.g. disallow-unpinned-model`);
  const folders = readdirSync(rulesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const folder = snake(values.category ?? "");
  if (!folders.includes(folder)) throw new UsageError(`--category must be a folder of policies/rules: ${folders.join(", ")}`);
  const category = folder.replace(/_/g, "-") as Category;
  if (!CATEGORIES.includes(category)) throw new UsageError(`policies/rules/${folder} is not a rule category (${CATEGORIES.join(", ")})`);
  const severity = values.severity as Severity;
  if (!SEVERITIES.includes(severity)) throw new UsageError(`--severity must be one of ${SEVERITIES.join(", ")}`);
  const title = (values.title ?? "").trim();
  if (title === "" || /[\r\n]/.test(title)) throw new UsageError('--title must be one line of text, e.g. --title "Route uses an unpinned model"');
  if (!RULE_VERSION.test(version)) throw new UsageError(`package.json version ${version} is not a rule version`);
  for (const other of folders) {
    if (existsSync(path.join(rulesDir, other, snake(id)))) throw new UsageError(`policies/rules/${other}/${snake(id)} already exists`);
  }
  return { id, folder, category, severity, title, version };
}

export function ruleModule(rule: NewRule): string {
  return `# METADATA
# title: ${yamlScalar(rule.title)}
# description: |
#   TODO(new-rule): why the rule exists: what it finds, and why that is a risk. The rule page in
#   docs/rules/ and \`modelgate explain ${rule.id}\` show this text.
# custom:
#   id: ${rule.id}
#   category: ${rule.category}
#   severity: ${rule.severity}
#   since: ${rule.version}
#   version: ${rule.version}
#   remediation: |
#     TODO(new-rule): what to change in the scanned file so that the finding goes away.
package modelgate.rules.${rule.folder}.${snake(rule.id)}

import data.modelgate.lib

# TODO(new-rule): the condition the rule finds. The scaffold matches one placeholder model id, so
# it flags nothing real until this is written.
offending(route) if route.model.id == ${JSON.stringify(placeholderModel(rule))}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	some route in input.routes
	offending(route)
	message := sprintf("%s: %s", [route.via, ${JSON.stringify(rule.title)}])
}
`;
}

const placeholderModel = (rule: NewRule): string => `placeholder-model-for-${rule.id}`;

export function testModule(rule: NewRule): string {
  const name = snake(rule.id);
  const model = JSON.stringify(placeholderModel(rule));
  return `package modelgate.rules.${rule.folder}.${name}_test

import data.modelgate.rules.${rule.folder}.${name} as rule
import data.modelgate.test.fixtures as fx

# TODO(new-rule): a document the rule must flag and the nearest one it must pass, built with the
# fixtures of policies/lib/fixtures_test.rego (test inputs must be canonical documents).
rule_meta := {"ruleId": "${rule.id}", "category": "${rule.category}", "severity": "${rule.severity}"}

offending_route := fx.route("r", {"model": {"id": ${model}, "raw": ${model}, "resolved": true}})

test_fail_offending_route if {
	findings := rule.findings with input as fx.doc(fx.regulated, [offending_route])
	fx.decided(findings) == {fx.finding(rule_meta, "r", ${JSON.stringify(`route r: ${rule.title}`)})}
}

test_pass_other_model if {
	route := fx.route("r", {"model": {"id": "gpt-4o", "raw": "gpt-4o", "resolved": true}})
	rule.findings == set() with input as fx.doc(fx.regulated, [route])
}
`;
}

/** CHANGELOG.md with the rule named under `## <version>` (a new section at the top when there is none). */
export function withChangelogEntry(changelog: string, rule: NewRule): string {
  const entry = `- Rule \`${rule.id}\` (${rule.category}, ${rule.severity}): ${rule.title}.`;
  const lines = changelog.split("\n");
  const heading = lines.findIndex((line) => new RegExp(`^##\\s+\\[?v?${rule.version.replace(/\./g, "\\.")}(?![\\w.-])`).test(line));
  if (heading < 0) {
    const first = lines.findIndex((line) => /^##\s/.test(line));
    const at = first < 0 ? lines.length : first;
    return [...lines.slice(0, at), `## ${rule.version} (unreleased)`, "", "### Added", entry, "", ...lines.slice(at)].join("\n");
  }
  let end = lines.findIndex((line, i) => i > heading && /^##\s/.test(line));
  if (end < 0) end = lines.length;
  const added = lines.findIndex((line, i) => i > heading && i < end && /^###\s+Added\b/.test(line));
  if (added < 0) return [...lines.slice(0, heading + 1), "", "### Added", entry, ...lines.slice(heading + 1)].join("\n");
  return [...lines.slice(0, added + 1), entry, ...lines.slice(added + 1)].join("\n");
}

function scaffold(rule: NewRule): string[] {
  const dir = path.join(paths.policies, "rules", rule.folder, snake(rule.id));
  mkdirSync(dir, { recursive: true });
  const ruleFile = path.join(dir, `${snake(rule.id)}.rego`);
  const testFile = path.join(dir, `${snake(rule.id)}_test.rego`);
  writeFileSync(ruleFile, ruleModule(rule));
  writeFileSync(testFile, testModule(rule));
  const fmt = runOpa(["fmt", "--write", ruleFile, testFile]);
  if (fmt.status !== 0) throw new Error(`opa fmt rejected the scaffold in ${dir}:\n${fmt.stderr}`);
  const changelog = path.join(paths.root, "CHANGELOG.md");
  writeFileSync(changelog, withChangelogEntry(readFileSync(changelog, "utf8"), rule));
  return [ruleFile, testFile, changelog];
}

/** The generators `npm test` checks, run as they are run there, from this tree. */
function regenerate(): void {
  for (const args of [["gen-docs.js"], ["snapshots.js", "--update"]]) {
    execFileSync(process.execPath, [path.join(__dirname, args[0]), ...args.slice(1)], { cwd: paths.root, stdio: "inherit" });
  }
}

function main(): number {
  let rule: NewRule;
  try {
    rule = parseRequest(process.argv.slice(2), path.join(paths.policies, "rules"), packageVersion());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`new-rule: ${error.message}\n`);
    return 2;
  }
  const written = scaffold(rule);
  regenerate();
  const shown = written.map((file) => `  ${path.relative(paths.root, file)}`).join("\n");
  process.stdout.write(
    `new-rule: ${rule.id} scaffolded:\n${shown}\n  docs/rules/${rule.id}.md, docs/rules/README.md, README.md, test/snapshots/rules/${rule.id}.json\n` +
      `Next: replace every TODO(new-rule), then \`npm run docs\`, \`npm run snapshots\` and \`npm test\`.\n`,
  );
  return 0;
}

if (require.main === module) process.exit(main());
