import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import { UsageError } from "../parse/discover";
import { paths } from "../paths";
import { resolveBundle } from "./bundle";

/** One example file shown for a rule: repo-relative path, its text without the marker lines. */
export interface RuleExample {
  file: string;
  language: "yaml" | "json";
  text: string;
  /**
   * Support files (Namespaces, WorkloadClassification documents) in the example's directory and
   * above: the example behaves as declared when scanned with them.
   */
  scannedWith: string[];
}

export interface RuleExamples {
  avoid: RuleExample | null;
  prefer: RuleExample | null;
}

interface DeclaredExample {
  file: string;
  support: boolean;
  violates: Set<string>;
  complies: Set<string>;
}

/** Longer examples are cut at this many lines, with a pointer to the whole file. */
export const MAX_EXAMPLE_LINES = 60;
const MARKER = /^#\s*modelgate-example:/;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return walk(full);
      return /\.(ya?ml|json)$/.test(name) ? [full] : [];
    });
}

function declared(file: string, root: string): DeclaredExample {
  const result: DeclaredExample = { file: path.relative(root, file).split(path.sep).join("/"), support: false, violates: new Set(), complies: new Set() };
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (/^#\s*modelgate-example:\s*support\s*$/.test(line)) result.support = true;
    const match = /^#\s*modelgate-example:\s*(violates|complies)\s+(.+)$/.exec(line);
    if (!match) continue;
    for (const id of match[2]
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean))
      (match[1] === "violates" ? result.violates : result.complies).add(id);
  }
  return result;
}

/** Every example under `<root>/examples`, in a stable walk order; empty when the directory is absent. */
export function loadExamples(root: string = paths.root): DeclaredExample[] {
  const dir = path.join(root, "examples");
  return existsSync(dir) ? walk(dir).map((file) => declared(file, root)) : [];
}

function exampleText(root: string, file: string): string {
  const lines = readFileSync(path.join(root, file), "utf8")
    .replace(/\r\n/g, "\n")
    .split("\n")
    .filter((line) => !MARKER.test(line.trim()));
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length <= MAX_EXAMPLE_LINES) return lines.join("\n");
  const rest = lines.length - MAX_EXAMPLE_LINES;
  return [...lines.slice(0, MAX_EXAMPLE_LINES), `# ... ${rest} more line${rest === 1 ? "" : "s"} in ${file}`].join("\n");
}

function toExample(root: string, example: DeclaredExample, all: DeclaredExample[]): RuleExample {
  // Classification an example relies on lives in support files of its own directory or above.
  const dirs = new Set<string>();
  for (let dir = path.posix.dirname(example.file); dir !== "." && dir !== "/"; dir = path.posix.dirname(dir)) dirs.add(dir);
  const scannedWith = all.filter((e) => e.support && dirs.has(path.posix.dirname(e.file))).map((e) => e.file);
  return { file: example.file, language: example.file.endsWith(".json") ? "json" : "yaml", text: exampleText(root, example.file), scannedWith };
}

/**
 * The Avoid and Prefer examples of a rule: the first file under examples/ (in walk order) that
 * declares `violates <id>`, and the first that declares `complies <id>`.
 */
export function ruleExamples(id: string, root: string = paths.root, all: DeclaredExample[] = loadExamples(root)): RuleExamples {
  const avoid = all.find((e) => e.violates.has(id));
  const prefer = all.find((e) => e.complies.has(id));
  return { avoid: avoid ? toExample(root, avoid, all) : null, prefer: prefer ? toExample(root, prefer, all) : null };
}

/** The modelgate.yaml snippet that changes a rule's enforcement (`rules: {all, <id>}`). */
export function configurationSnippet(rule: RuleMeta): string {
  return [
    "apiVersion: modelgate.dev/v1",
    "kind: Config",
    "rules:",
    rule.disabledByDefault ? `  ${rule.id}: error   # off by default; error | warn | off` : `  ${rule.id}: warn   # error (default) | warn | off`,
  ].join("\n");
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Rule ids close to a mistyped one: small edit distance, containment, or most words shared. */
export function closeMatches(id: string, ids: readonly string[], limit = 5): string[] {
  const wanted = id.toLowerCase().trim();
  const words = new Set(wanted.split(/[^a-z0-9]+/).filter(Boolean));
  const scored = ids.map((candidate) => {
    const distance = levenshtein(wanted, candidate);
    const candidateWords = candidate.split("-");
    const shared = candidateWords.filter((w) => words.has(w)).length;
    const close =
      distance <= Math.max(2, Math.floor(candidate.length / 4)) ||
      (wanted.length >= 4 && (candidate.includes(wanted) || wanted.includes(candidate))) ||
      (words.size > 0 && shared / Math.max(words.size, candidateWords.length) >= 0.5);
    return { candidate, distance, close };
  });
  return scored
    .filter((s) => s.close)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

export interface Explanation {
  id: string;
  title: string;
  severity: RuleMeta["severity"];
  category: RuleMeta["category"];
  since: string;
  enabledByDefault: boolean;
  rationale: string;
  avoid: RuleExample | null;
  prefer: RuleExample | null;
  remediation: string;
  configuration: string;
  docsUrl: string;
  /** The rule's Rego source, relative to the package root. */
  source: string;
}

/** Everything `modelgate explain` shows about a rule; unknown ids are a UsageError naming close matches. */
export function explainRule(catalog: RuleCatalog, id: string, root: string = paths.root): Explanation {
  const rule = catalog.rules.find((r) => r.id === id);
  if (!rule) {
    const ids = catalog.rules.map((r) => r.id);
    const close = closeMatches(id, ids);
    throw new UsageError(
      `unknown rule "${id}"; ` +
        (close.length > 0 ? `did you mean ${close.join(", ")}?` : `the rules are ${ids.join(", ")}`) +
        " (modelgate rules lists them all)",
    );
  }
  const examples = ruleExamples(rule.id, root);
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: rule.category,
    since: rule.since,
    enabledByDefault: !rule.disabledByDefault,
    rationale: rule.description,
    avoid: examples.avoid,
    prefer: examples.prefer,
    remediation: rule.remediation,
    configuration: configurationSnippet(rule),
    docsUrl: rule.docsUrl,
    source: rule.file,
  };
}

const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
const RED = "\x1b[31m";
const GREEN = "\x1b[32m";
const RESET = "\x1b[0m";

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => (line ? prefix + line : line))
    .join("\n");
}

/** The terminal page of a rule. */
export function renderExplanation(e: Explanation, color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const example = (label: string, code: string, ex: RuleExample | null, missing: string): string[] => {
    if (!ex) return [paint(BOLD + code, label), indent(missing, "  "), ""];
    const from = `from ${ex.file}` + (ex.scannedWith.length > 0 ? `, scanned with ${ex.scannedWith.join(", ")}` : "");
    return [`${paint(BOLD + code, label)}  ${paint(DIM, from)}`, indent(ex.text, "    "), ""];
  };
  return [
    `${paint(BOLD, e.id)}: ${e.title}`,
    "",
    `  Severity  ${e.severity}`,
    `  Category  ${e.category}`,
    `  Since     ${e.since}`,
    `  Default   ${e.enabledByDefault ? "on" : "off (enable it in modelgate.yaml, see Configuration)"}`,
    "",
    paint(BOLD, "Rationale"),
    indent(e.rationale, "  "),
    "",
    ...example("Avoid", RED, e.avoid, "No example under examples/ violates this rule."),
    ...example("Prefer", GREEN, e.prefer, "No example under examples/ shows compliance with this rule."),
    paint(BOLD, "Remediation"),
    indent(e.remediation, "  "),
    "",
    `${paint(BOLD, "Configuration")}  ${paint(DIM, "modelgate.yaml")}`,
    indent(e.configuration, "    "),
    "",
    `${paint(BOLD, "Docs")}  ${e.docsUrl}`,
    `${paint(BOLD, "Rego")}  ${e.source}`,
    "",
  ].join("\n");
}

/** `modelgate explain <rule-id>`: text or JSON; exit 0, or a UsageError (exit 2) for unknown ids. */
export function runExplain(id: string, options: { format: "text" | "json"; bundle?: string; cwd: string; color: boolean }): number {
  // The same bundle `modelgate rules` lists (verified when a key is configured).
  const bundle = resolveBundle({ bundle: options.bundle, cwd: options.cwd, config: undefined });
  const explanation = explainRule(bundle.catalog, id);
  process.stdout.write(options.format === "json" ? JSON.stringify(explanation, null, 2) + "\n" : renderExplanation(explanation, options.color));
  return 0;
}
