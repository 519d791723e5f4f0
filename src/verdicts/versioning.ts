import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RuleMeta } from "../catalog/rules";
import type { PolicyEngine } from "../engine/engine";
import { scan } from "../scan/scan";

/**
 * Versioning discipline for rule verdicts. Every rule carries `custom.version` (METADATA): the
 * version its verdicts last changed in. Snapshots under test/snapshots/ record, per rule, the
 * sorted verdicts over examples/ (`file:resource:subject`) and the version they were recorded at,
 * plus a digest of every example file. A rule whose verdicts differ on example files that did not
 * change has changed behaviour: that needs its version bumped and CHANGELOG.md naming the rule
 * under the new version before `npm run snapshots` records it. Verdicts that differ because
 * example files were added, edited or removed only need `npm run snapshots`.
 */

export interface RuleSnapshot {
  rule: string;
  version: string;
  verdicts: string[];
}

export interface VerdictState {
  rules: Map<string, RuleSnapshot>;
  /** Example file (repo-relative) → SHA-256 prefix. */
  files: Record<string, string>;
  /** Example files holding documents that other files join with (Namespace, ConfigMap, Secret, WorkloadClassification). */
  joinable: Set<string>;
}

export interface SnapshotProblem {
  rule: string;
  kind: "behaviour" | "examples" | "recorded" | "added" | "removed" | "version";
  message: string;
  /** Whether `npm run snapshots` may record it as it is (no bump or CHANGELOG entry missing). */
  recordable: boolean;
}

const JOINABLE = /^kind:\s*["']?(Namespace|ConfigMap|Secret|WorkloadClassification)\b/m;

function walkFiles(dir: string, root: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walkFiles(full, root, out);
    else out.push(path.relative(root, full).split(path.sep).join("/"));
  }
  return out;
}

function digest(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}

/** The verdicts every rule gives over `examples/` now, with the example files' digests. */
export async function currentVerdicts(engine: PolicyEngine, root: string, examples = "examples"): Promise<VerdictState> {
  const files: Record<string, string> = {};
  const joinable = new Set<string>();
  for (const file of walkFiles(path.join(root, examples), root)) {
    const bytes = readFileSync(path.join(root, file));
    files[file] = digest(bytes);
    if (JOINABLE.test(bytes.toString("utf8"))) joinable.add(file);
  }
  const result = await scan({ paths: [examples], cwd: root, engine, workers: 0 });
  const rules = new Map<string, RuleSnapshot>();
  for (const rule of engine.catalog.rules) rules.set(rule.id, { rule: rule.id, version: rule.version, verdicts: [] });
  for (const finding of result.findings) {
    const snapshot = rules.get(finding.ruleId);
    if (snapshot) snapshot.verdicts.push(`${finding.file}:${finding.resource}:${finding.subject}`);
  }
  for (const snapshot of rules.values()) snapshot.verdicts.sort();
  return { rules, files, joinable };
}

export function readSnapshots(dir: string): VerdictState | null {
  const index = path.join(dir, "examples.json");
  if (!existsSync(index)) return null;
  const files = (JSON.parse(readFileSync(index, "utf8")) as { files: Record<string, string> }).files;
  const rules = new Map<string, RuleSnapshot>();
  const rulesDir = path.join(dir, "rules");
  if (existsSync(rulesDir)) {
    for (const name of readdirSync(rulesDir).filter((n) => n.endsWith(".json"))) {
      const snapshot = JSON.parse(readFileSync(path.join(rulesDir, name), "utf8")) as RuleSnapshot;
      rules.set(snapshot.rule, snapshot);
    }
  }
  return { rules, files, joinable: new Set() };
}

export function writeSnapshots(dir: string, state: VerdictState): void {
  const rulesDir = path.join(dir, "rules");
  rmSync(rulesDir, { recursive: true, force: true });
  mkdirSync(rulesDir, { recursive: true });
  const sortedFiles = Object.fromEntries(Object.entries(state.files).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(
    path.join(dir, "examples.json"),
    JSON.stringify(
      { description: "Digests of examples/ when the verdict snapshots in rules/ were recorded (npm run snapshots).", files: sortedFiles },
      null,
      2,
    ) + "\n",
  );
  for (const snapshot of [...state.rules.values()].sort((a, b) => a.rule.localeCompare(b.rule))) {
    writeFileSync(path.join(rulesDir, `${snapshot.rule}.json`), JSON.stringify(snapshot, null, 2) + "\n");
  }
}

/** Semantic-version order; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number[], string] => {
    const [core = "", pre = ""] = v.split("-", 2);
    return [core.split(".").map((n) => Number(n)), pre];
  };
  const [ca, pa] = parse(a);
  const [cb, pb] = parse(b);
  for (let i = 0; i < 3; i++) if ((ca[i] ?? 0) !== (cb[i] ?? 0)) return (ca[i] ?? 0) - (cb[i] ?? 0);
  if (pa === pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return pa.localeCompare(pb);
}

/** The text of each `## <version>` section of a changelog, keyed by version. */
export function changelogSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split("\n")) {
    const heading = /^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?/.exec(line);
    if (heading) {
      current = heading[1]!;
      sections.set(current, sections.get(current) ?? "");
      continue;
    }
    if (/^##\s/.test(line)) current = null;
    else if (current) sections.set(current, sections.get(current)! + line + "\n");
  }
  return sections;
}

export function mentions(section: string | undefined, ruleId: string): boolean {
  if (!section) return false;
  return new RegExp(`(?<![a-z0-9-])${ruleId.replace(/[-]/g, "\\-")}(?![a-z0-9-])`).test(section);
}

function nextPatch(version: string): string {
  const [major = "0", minor = "0", patch = "0"] = version.split("-")[0].split(".");
  return `${major}.${minor}.${Number(patch) + 1}`;
}

function list(verdicts: string[], sign: string, limit = 8): string[] {
  const lines = verdicts.slice(0, limit).map((v) => `    ${sign} ${v}`);
  if (verdicts.length > limit) lines.push(`    ${sign} ... and ${verdicts.length - limit} more`);
  return lines;
}

/**
 * Every difference between the recorded snapshots and the current verdicts, each with a precise,
 * actionable message; `recordable` ones go away with `npm run snapshots`, the others need a
 * version bump and a CHANGELOG entry first.
 */
export function compareSnapshots(current: VerdictState, recorded: VerdictState, rules: readonly RuleMeta[], changelog: string): SnapshotProblem[] {
  const sections = changelogSections(changelog);
  const changedFiles = new Set<string>();
  for (const file of new Set([...Object.keys(current.files), ...Object.keys(recorded.files)])) {
    if (current.files[file] !== recorded.files[file]) changedFiles.add(file);
  }
  // Documents other files join with change verdicts elsewhere: such an edit explains any change.
  const joinChanged = [...changedFiles].some((file) => current.joinable.has(file) || !(file in current.files));
  const fileOf = (verdict: string): string => verdict.slice(0, verdict.indexOf(":"));
  const meta = new Map(rules.map((rule) => [rule.id, rule]));
  const problems: SnapshotProblem[] = [];
  const ids = [...new Set([...current.rules.keys(), ...recorded.rules.keys()])].sort();
  for (const id of ids) {
    const now = current.rules.get(id);
    const then = recorded.rules.get(id);
    const rule = meta.get(id);
    const where = rule ? ` (${rule.file})` : "";
    if (!then && now) {
      const ok = mentions(sections.get(now.version), id);
      problems.push({
        rule: id,
        kind: "added",
        recordable: ok,
        message: ok
          ? `${id}: new rule (version ${now.version}); run \`npm run snapshots\` to record its ${now.verdicts.length} verdict(s)`
          : `${id}: new rule${where}: name \`${id}\` in CHANGELOG.md under "## ${now.version}" (its METADATA version), then run \`npm run snapshots\``,
      });
      continue;
    }
    if (then && !now) {
      const ok = [...sections.values()].some((text) => mentions(text, id));
      problems.push({
        rule: id,
        kind: "removed",
        recordable: ok,
        message: ok
          ? `${id}: rule removed; run \`npm run snapshots\` to drop its snapshot`
          : `${id}: rule removed: say so in CHANGELOG.md (name \`${id}\` under the version that removes it), then run \`npm run snapshots\``,
      });
      continue;
    }
    if (!now || !then) continue;
    const before = new Set(then.verdicts);
    const after = new Set(now.verdicts);
    const added = now.verdicts.filter((v) => !before.has(v));
    const removed = then.verdicts.filter((v) => !after.has(v));
    if (added.length + removed.length === 0) {
      if (now.version !== then.version) {
        problems.push({
          rule: id,
          kind: "version",
          recordable: true,
          message: `${id}: version ${then.version} -> ${now.version} with the same verdicts; run \`npm run snapshots\` to record it`,
        });
      }
      continue;
    }
    const unexplained = joinChanged ? [] : [...added, ...removed].filter((v) => !changedFiles.has(fileOf(v)));
    const detail = [...list(added, "+"), ...list(removed, "-")];
    if (unexplained.length === 0) {
      problems.push({
        rule: id,
        kind: "examples",
        recordable: true,
        message: [`${id}: verdicts changed on example files that were added, edited or removed; run \`npm run snapshots\` to record them`, ...detail].join(
          "\n",
        ),
      });
      continue;
    }
    const bumped = compareVersions(now.version, then.version) > 0;
    const target = bumped ? now.version : nextPatch(then.version);
    const logged = mentions(sections.get(target), id);
    if (bumped && logged) {
      problems.push({
        rule: id,
        kind: "recorded",
        recordable: true,
        message: [
          `${id}: verdicts changed and version ${then.version} -> ${now.version} is in CHANGELOG.md; run \`npm run snapshots\` to record them`,
          ...detail,
        ].join("\n"),
      });
      continue;
    }
    const steps = [
      ...(bumped ? [] : [`bump \`version: ${then.version}\` in the rule's METADATA${where} to ${target} (or higher)`]),
      ...(logged ? [] : [`name \`${id}\` in CHANGELOG.md under "## ${target}"`]),
      "then run `npm run snapshots`",
    ];
    problems.push({
      rule: id,
      kind: "behaviour",
      recordable: false,
      message: [
        `${id}: verdicts changed on example files that did not change, so the rule's behaviour changed (its Rego, the library, the data or an adapter):`,
        ...detail,
        `  to accept: ${steps.join("; ")}`,
      ].join("\n"),
    });
  }
  return problems;
}
