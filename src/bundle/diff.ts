import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { RuleMeta } from "../catalog/rules";
import type { Operator, OrgPolicy, PriceEntry } from "../catalog/types";
import type { LoadedBundle } from "./read";
import { readTarGz } from "./tar";

/** What changed between two bundles, for review of a pack or catalogue update. */
export interface CatalogDiff {
  from: { bundle: string; revision: string };
  to: { bundle: string; revision: string };
  policy: Array<{ key: string; from: unknown; to: unknown }>;
  operators: Section<OperatorSummary>;
  hosts: Section<{ id: string; host: string; operator: string }>;
  prices: Section<PriceSummary>;
  rules: Section<RuleSummary>;
}

export interface Section<T> {
  added: T[];
  removed: T[];
  changed: Array<{ id: string; changes: FieldChange[] }>;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

interface OperatorSummary {
  id: string;
  name: string;
  jurisdiction: string;
  kind: string;
}

interface PriceSummary {
  id: string;
  input: number;
  output: number;
  cachedInput: number | null;
}

interface RuleSummary {
  id: string;
  category: string;
  severity: string;
  version: string;
}

interface View {
  policy: Partial<OrgPolicy> & Record<string, unknown>;
  operators: Operator[];
  hosts: Record<string, string>;
  prices: PriceEntry[];
  rules: RuleMeta[];
  /** Digest of each rule's Rego module, when the bundle carries its sources (tarballs). */
  ruleSources: Map<string, string>;
}

function view(bundle: LoadedBundle): View {
  const modelgate = (bundle.data.modelgate ?? {}) as {
    policy?: View["policy"];
    catalog?: { providers?: { operators?: Operator[] }; pricing?: { models?: PriceEntry[] } };
    index?: { hosts?: Record<string, string> };
  };
  return {
    policy: modelgate.policy ?? {},
    operators: modelgate.catalog?.providers?.operators ?? [],
    hosts: modelgate.index?.hosts ?? {},
    prices: modelgate.catalog?.pricing?.models ?? [],
    rules: bundle.catalog.rules,
    ruleSources: ruleSources(bundle),
  };
}

/** The bundle path of a rule's module: built-in "policies/rules/x" is "rules/x", a pack's "<pack>/rules/x" is "org/x". */
function modulePath(rule: RuleMeta): string {
  if (rule.pack && rule.file.startsWith(`${rule.pack}/rules/`)) return `org/${rule.file.slice(rule.pack.length + "/rules/".length)}`;
  return rule.file.replace(/^policies\//, "");
}

function ruleSources(bundle: LoadedBundle): Map<string, string> {
  const out = new Map<string, string>();
  let files: Map<string, Buffer> | null = null;
  try {
    if (statSync(bundle.dir).isFile()) files = readTarGz(readFileSync(bundle.dir));
    else if (existsSync(path.join(bundle.dir, "bundle.tar.gz"))) files = readTarGz(readFileSync(path.join(bundle.dir, "bundle.tar.gz")));
  } catch {
    files = null;
  }
  if (!files) return out;
  for (const rule of bundle.catalog.rules) {
    const wanted = modulePath(rule);
    for (const [name, body] of files) {
      if (name === wanted || name.endsWith(`/${wanted}`)) out.set(rule.id, createHash("sha256").update(body).digest("hex"));
    }
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function fieldChanges<T extends object>(a: T, b: T, fields: Array<keyof T & string>): FieldChange[] {
  return fields.filter((f) => !same(a[f], b[f])).map((f) => ({ field: f, from: a[f] ?? null, to: b[f] ?? null }));
}

function section<T, S extends { id: string }>(
  from: T[],
  to: T[],
  id: (item: T) => string,
  summary: (item: T) => S,
  changes: (a: T, b: T) => FieldChange[],
): Section<S> {
  const a = new Map(from.map((item) => [id(item), item]));
  const b = new Map(to.map((item) => [id(item), item]));
  const result: Section<S> = { added: [], removed: [], changed: [] };
  for (const [key, item] of [...b].sort(([x], [y]) => x.localeCompare(y))) if (!a.has(key)) result.added.push(summary(item));
  for (const [key, item] of [...a].sort(([x], [y]) => x.localeCompare(y))) {
    const other = b.get(key);
    if (!other) result.removed.push(summary(item));
    else {
      const diff = changes(item, other);
      if (diff.length > 0) result.changed.push({ id: key, changes: diff });
    }
  }
  return result;
}

const OPERATOR_FIELDS: Array<keyof Operator> = [
  "name",
  "parent",
  "jurisdiction",
  "kind",
  "hosts",
  "domains",
  "hostPatterns",
  "sdkPrefixes",
  "keyVars",
  "baseUrlVars",
  "defaultEndpoint",
  "aggregatorNames",
  "openWeightOrgs",
  "modelPrefixes",
  "closedModels",
  "closedModelPatterns",
  "envWords",
  "verified",
];
const RULE_FIELDS: Array<keyof RuleMeta> = ["title", "category", "severity", "since", "version", "description", "remediation", "disabledByDefault", "pack"];

/** Policy keys, operators, hosts, prices and rules added, removed or changed from `a` to `b`. */
export function diffBundles(a: LoadedBundle, b: LoadedBundle): CatalogDiff {
  const va = view(a);
  const vb = view(b);
  const policyKeys = [...new Set([...Object.keys(va.policy), ...Object.keys(vb.policy)])].sort();
  const hostList = (hosts: Record<string, string>): Array<{ host: string; operator: string }> =>
    Object.entries(hosts).map(([host, operator]) => ({ host, operator }));
  return {
    from: { bundle: a.dir, revision: a.revision },
    to: { bundle: b.dir, revision: b.revision },
    policy: policyKeys.filter((k) => !same(va.policy[k], vb.policy[k])).map((k) => ({ key: k, from: va.policy[k] ?? null, to: vb.policy[k] ?? null })),
    operators: section(
      va.operators,
      vb.operators,
      (op) => op.id,
      (op) => ({ id: op.id, name: op.name, jurisdiction: op.jurisdiction, kind: op.kind }),
      (x, y) => fieldChanges(x, y, OPERATOR_FIELDS),
    ),
    hosts: section(
      hostList(va.hosts),
      hostList(vb.hosts),
      (h) => h.host,
      (h) => ({ id: h.host, host: h.host, operator: h.operator }),
      (x, y) => (x.operator === y.operator ? [] : [{ field: "operator", from: x.operator, to: y.operator }]),
    ),
    prices: section(
      va.prices,
      vb.prices,
      (p) => `${p.operator}/${p.model}`,
      (p) => ({ id: `${p.operator}/${p.model}`, input: p.input, output: p.output, cachedInput: p.cachedInput ?? null }),
      (x, y) => fieldChanges(x, y, ["input", "output", "cachedInput", "aliases", "asOf"]),
    ),
    rules: section(
      va.rules,
      vb.rules,
      (r) => r.id,
      (r) => ({ id: r.id, category: r.category, severity: r.severity, version: r.version }),
      (x, y) => {
        const changes = fieldChanges(x, y, RULE_FIELDS);
        const sx = va.ruleSources.get(x.id);
        const sy = vb.ruleSources.get(y.id);
        if (sx && sy && sx !== sy) changes.push({ field: "rego", from: sx.slice(0, 12), to: sy.slice(0, 12) });
        return changes;
      },
    ),
  };
}

export function diffIsEmpty(diff: CatalogDiff): boolean {
  const empty = (s: Section<unknown>): boolean => s.added.length + s.removed.length + s.changed.length === 0;
  return diff.policy.length === 0 && empty(diff.operators) && empty(diff.hosts) && empty(diff.prices) && empty(diff.rules);
}

function show(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return `[${value.join(", ")}]`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function listChange(from: unknown, to: unknown): string | null {
  if (!Array.isArray(from) || !Array.isArray(to) || !from.every((v) => typeof v === "string") || !to.every((v) => typeof v === "string")) return null;
  const added = to.filter((v) => !from.includes(v));
  const removed = from.filter((v) => !to.includes(v));
  return [...added.map((v) => `+${v}`), ...removed.map((v) => `-${v}`)].join(" ");
}

function describeChange(change: FieldChange): string {
  return `${change.field}: ${listChange(change.from, change.to) ?? `${show(change.from)} -> ${show(change.to)}`}`;
}

function policyLines(diff: CatalogDiff): string[] {
  const lines: string[] = [];
  for (const { key, from, to } of diff.policy) {
    if (from && to && typeof from === "object" && typeof to === "object" && !Array.isArray(from) && !Array.isArray(to)) {
      const f = from as Record<string, unknown>;
      const t = to as Record<string, unknown>;
      for (const sub of [...new Set([...Object.keys(f), ...Object.keys(t)])].sort()) {
        if (!same(f[sub], t[sub])) lines.push(`  ~ ${key}.${describeChange({ field: sub, from: f[sub] ?? null, to: t[sub] ?? null })}`);
      }
    } else {
      lines.push(`  ~ ${describeChange({ field: key, from, to })}`);
    }
  }
  return lines;
}

/** The diff as review text: one line per change, `+` added, `-` removed, `~` changed. */
export function renderDiffText(diff: CatalogDiff): string {
  const out = [`catalog diff ${diff.from.revision || diff.from.bundle} -> ${diff.to.revision || diff.to.bundle}`];
  if (diffIsEmpty(diff)) return `${out[0]}\n  no differences in policy, operators, hosts, prices or rules\n`;
  const block = <S extends { id: string }>(title: string, s: Section<S>, describe: (item: S) => string): void => {
    if (s.added.length + s.removed.length + s.changed.length === 0) return;
    out.push(`${title} (+${s.added.length} -${s.removed.length} ~${s.changed.length})`);
    for (const item of s.added) out.push(`  + ${describe(item)}`);
    for (const item of s.removed) out.push(`  - ${describe(item)}`);
    for (const { id, changes } of s.changed) out.push(`  ~ ${id}: ${changes.map(describeChange).join("; ")}`);
  };
  const policy = policyLines(diff);
  if (policy.length > 0) out.push(`policy (~${diff.policy.length})`, ...policy);
  block("operators", diff.operators, (o) => `${o.id}: ${o.name} (${o.jurisdiction}, ${o.kind})`);
  block("hosts", diff.hosts, (h) => `${h.host} -> ${h.operator}`);
  block("prices", diff.prices, (p) => `${p.id}: input ${p.input}, output ${p.output}${p.cachedInput !== null ? `, cached ${p.cachedInput}` : ""} USD/M`);
  block("rules", diff.rules, (r) => `${r.id}: ${r.category}, ${r.severity}, version ${r.version}`);
  return out.join("\n") + "\n";
}
