import { addDays, parseDate } from "./dates";

/** The rule whose findings report invalid waivers; they cannot be waived themselves. */
export const INVALID_WAIVER_RULE = "invalid-waiver";

/** A valid waiver: it waives the findings of `rule` it matches until the end of `expires` (UTC). */
export interface Waiver {
  rule: string;
  reason: string;
  expires: string;
  owner?: string;
  /** Only the finding with this subject (a route, server or problem id). */
  subject?: string;
  /** Central waivers: the finding's resource, exactly. */
  resource?: string;
  /** Central waivers: a glob over the finding's file, relative to the config's directory. */
  path?: string;
  /** Where it is written: "inline deploy.yaml:7" or "modelgate.yaml:14". */
  source: string;
}

/** What a waiver is checked against. */
export interface WaiverCheck {
  /** YYYY-MM-DD. */
  today: string;
  maxDays: number;
  ruleIds: ReadonlySet<string>;
}

export type WaiverField = "rule" | "reason" | "expires" | "subject" | "owner" | "resource" | "path";

export interface WaiverProblem {
  /** The field at fault, to point at it; null for the entry as a whole. */
  field: WaiverField | null;
  message: string;
}

/** Waiver keys in an inline annotation entry. */
export const INLINE_WAIVER_KEYS: readonly WaiverField[] = ["rule", "reason", "expires", "subject", "owner"];

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Everything wrong with one waiver's rule, reason and expiry: an unknown rule, no reason, no or a
 * malformed expiry, an expiry in the past (a waiver expiring today still applies today) or more
 * than `maxDays` ahead. An empty list means the waiver is valid.
 */
export function waiverProblems(fields: { rule?: unknown; reason?: unknown; expires?: unknown }, check: WaiverCheck): WaiverProblem[] {
  const problems: WaiverProblem[] = [];
  const rule = nonEmptyString(fields.rule) ? fields.rule.trim() : null;
  const name = rule === null ? "waiver" : `waiver for ${rule}`;
  if (rule === null) problems.push({ field: "rule", message: "waiver names no rule (rule: <rule-id>)" });
  else if (rule === INVALID_WAIVER_RULE) problems.push({ field: "rule", message: `${INVALID_WAIVER_RULE} findings cannot be waived; fix the waiver instead` });
  else if (!check.ruleIds.has(rule)) problems.push({ field: "rule", message: `waiver names unknown rule "${rule}"` });
  if (!nonEmptyString(fields.reason)) problems.push({ field: "reason", message: `${name} has no reason` });
  if (fields.expires === undefined || fields.expires === null || fields.expires === "") {
    problems.push({ field: "expires", message: `${name} has no expiry date (expires: YYYY-MM-DD)` });
  } else if (typeof fields.expires !== "string" || parseDate(fields.expires) === null) {
    problems.push({ field: "expires", message: `${name} expires ${JSON.stringify(fields.expires)}, which is not a YYYY-MM-DD date` });
  } else {
    const latest = addDays(check.today, check.maxDays);
    if (fields.expires < check.today) problems.push({ field: "expires", message: `${name} expired on ${fields.expires}` });
    else if (fields.expires > latest) {
      problems.push({
        field: "expires",
        message: `${name} expires ${fields.expires}, more than ${check.maxDays} days ahead (latest allowed: ${latest})`,
      });
    }
  }
  return problems;
}
