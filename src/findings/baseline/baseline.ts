import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { Finding } from "../types";
import { INVALID_WAIVER_RULE } from "../waivers/waiver";
import { ModelgateError } from "../../errors";

/** Format version of the baseline file; a reader refuses any other. */
export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = "modelgate-baseline.json";

/** Rules whose findings are never accepted into a baseline: a crash or an invalid waiver must stay visible. */
const NEVER_BASELINED: ReadonlySet<string> = new Set([INVALID_WAIVER_RULE, "evaluation-error"]);

/**
 * One accepted finding. It is matched by rule id, file, resource, subject and JSON pointer, never
 * by line or message, so moving a manifest's lines or rewording a message keeps it matched.
 */
export interface BaselineEntry {
  ruleId: string;
  file: string;
  resource: string;
  subject: string;
  pointer: string;
  /** For people reading the file; not part of the match. */
  severity?: string;
  message?: string;
}

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  tool: { name: string; version: string };
  bundle: { revision: string };
  findings: BaselineEntry[];
}

export class BaselineError extends ModelgateError {
  constructor(message: string) {
    super("baseline", message);
  }
}

const ENTRY_KEYS = ["ruleId", "file", "resource", "subject", "pointer"] as const;

const SCHEMA = {
  type: "object",
  required: ["version", "findings"],
  properties: {
    version: { const: BASELINE_VERSION },
    tool: { type: "object" },
    bundle: { type: "object" },
    findings: {
      type: "array",
      items: {
        type: "object",
        required: [...ENTRY_KEYS],
        properties: Object.fromEntries([...ENTRY_KEYS, "severity", "message"].map((key): [string, { type: string }] => [key, { type: "string" }])),
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const validateBaseline = new Ajv2020({ allErrors: true, strict: true }).compile(SCHEMA);

export function baselineKey(entry: Pick<BaselineEntry, (typeof ENTRY_KEYS)[number]>): string {
  return JSON.stringify([entry.ruleId, entry.file, entry.resource, entry.subject, entry.pointer]);
}

/** Whether a finding may be accepted into a baseline: waived findings rely on their waiver, whose expiry must keep working. */
export function baselinable(finding: Finding): boolean {
  return !finding.waived && !NEVER_BASELINED.has(finding.ruleId);
}

/** The baseline of a scan's findings, sorted by key so that rewriting an unchanged baseline changes nothing. */
export function createBaseline(findings: readonly Finding[], tool: BaselineFile["tool"], bundle: BaselineFile["bundle"]): BaselineFile {
  const entries = findings.filter(baselinable).map((finding): BaselineEntry => ({
    ruleId: finding.ruleId,
    file: finding.file,
    resource: finding.resource,
    subject: finding.subject,
    pointer: finding.pointer,
    severity: finding.severity,
    message: finding.message,
  }));
  entries.sort((a, b) => (baselineKey(a) < baselineKey(b) ? -1 : baselineKey(a) > baselineKey(b) ? 1 : 0));
  return { version: BASELINE_VERSION, tool, bundle, findings: entries };
}

export function writeBaseline(file: string, baseline: BaselineFile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(baseline, null, 2) + "\n");
}

/** Reads and validates a baseline file; anything unreadable or malformed is a BaselineError (exit 2), never an empty baseline. */
export function readBaseline(file: string, display: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BaselineError(`baseline ${display} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`baseline ${display} is not valid JSON: ${(error as Error).message}`);
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (value !== null && typeof value === "object" && version !== undefined && version !== BASELINE_VERSION) {
    throw new BaselineError(
      `baseline ${display} has version ${JSON.stringify(version)}; this modelgate reads version ${BASELINE_VERSION} (write it again with \`modelgate baseline\`)`,
    );
  }
  if (!validateBaseline(value)) {
    const details = (validateBaseline.errors ?? []).slice(0, 5).map((error) => {
      const extra = error.keyword === "additionalProperties" ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"` : "";
      return `${error.instancePath || "/"} ${error.message}${extra}`;
    });
    throw new BaselineError(`baseline ${display} is not a modelgate baseline: ${details.join("; ")}`);
  }
  return value as unknown as BaselineFile;
}

export interface BaselineComparison {
  /** Findings the baseline accepts. */
  matched: number;
  /** Findings not in the baseline. */
  new: number;
  /** Baseline entries no finding matches any more: fixed (or moved to another file). */
  fixed: BaselineEntry[];
}

/**
 * Marks each finding `baseline: true` when the baseline holds an unused entry with its key, else
 * `baseline: false`. Keys are counted, so a second finding with the key of a single entry is new.
 */
export function applyBaseline(findings: Finding[], baseline: BaselineFile): BaselineComparison {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) {
    const key = baselineKey(entry);
    const list = remaining.get(key) ?? [];
    list.push(entry);
    remaining.set(key, list);
  }
  const comparison: BaselineComparison = { matched: 0, new: 0, fixed: [] };
  for (const finding of findings) {
    const list = NEVER_BASELINED.has(finding.ruleId) ? undefined : remaining.get(baselineKey(finding));
    if (list && list.length > 0) {
      list.pop();
      finding.baseline = true;
      comparison.matched++;
    } else {
      finding.baseline = false;
      comparison.new++;
    }
  }
  for (const list of remaining.values()) comparison.fixed.push(...list);
  comparison.fixed.sort((a, b) => (baselineKey(a) < baselineKey(b) ? -1 : 1));
  return comparison;
}
