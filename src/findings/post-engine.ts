/**
 * The one step between the rule engine and the reporters, shared by both front doors so a waiver,
 * an enforcement level or a baseline means the same in `modelgate check` as in `pulumi preview`:
 *
 * 1. per evaluated document: the inline waivers (`modelgate.dev/waivers`) of the objects that
 *    carry it are read, judged against today and `maxDays`, and mark the findings they cover;
 *    a malformed, expired or too-long one waives nothing and is an invalid-waiver finding;
 * 2. per run: central waivers (modelgate.yaml `waivers.entries`, or the pack's stack config
 *    `modelgate:waivers`, which a preview plan also records: `modelgate check` applies those per
 *    document in part 1) with their own invalid-waiver findings, then enforcement (`off` removes a
 *    rule's findings, `warn` marks them; the pack leaves this to CrossGuard's levels), then the
 *    baseline (`check --baseline`).
 *
 * The CLI runs part 1 in its scan shards (possibly worker threads) and part 2 once over the merged
 * findings; the pack runs both per CrossGuard call. Neither front door waives anything itself.
 */

import type { RuleCatalog } from "../catalog/rules";
import type { Enforcement } from "../config/load";
import { enforcementOf, type ProjectSettings } from "../config/project";
import type { SourceLocation } from "../model/canonical";
import { compareWithBaseline, type BaselineReport, type LoadedBaseline } from "./baseline/check";
import { compareFindings, findingFromMetadata } from "./build";
import type { Finding } from "./types";
import { applyCentralWaivers, inlineWaiverCovers, markWaived } from "./waivers/apply";
import { centralWaivers } from "./waivers/central";
import { readInlineWaivers } from "./waivers/inline";
import type { StackWaivers } from "./waivers/stack";
import { INVALID_WAIVER_RULE, type Waiver, type WaiverCheck } from "./waivers/waiver";

/** An object that may carry inline waivers, located: a manifest, a Pulumi resource in the pack or in a plan file. */
export interface WaiverCarrier {
  /** The object as written; only its `metadata.annotations` (and misplaced labels) are read. */
  value: unknown;
  /** The resource its invalid-waiver findings name. */
  resource: string;
  /** Where a JSON pointer into `value` is, for findings and the waiver's `source`. */
  locate(pointer: string): SourceLocation;
  /** Waivers written where they are not read (pointers into `value`): each is an invalid-waiver finding. */
  misplaced?: ReadonlyArray<{ pointer: string; message: string }>;
}

export interface CarrierWaivers {
  /** Valid waivers, each with the place it is written as `source`. */
  waivers: Waiver[];
  /** invalid-waiver findings of the entries that waive nothing. */
  findings: Finding[];
}

/** What inline and central waivers are judged against: the day, the longest allowed run, the rules of the bundle. */
export function waiverCheck(catalog: RuleCatalog, today: string, maxDays: number): WaiverCheck {
  return { today, maxDays, ruleIds: new Set(catalog.rules.map((rule) => rule.id)) };
}

/** "inline deploy.yaml:7"; a location without a line (a Pulumi URN in the pack) is named alone. */
function inlineSource(at: SourceLocation): string {
  return at.line > 0 ? `inline ${at.file}:${at.line}` : `inline ${at.file}`;
}

/** Part 1, reading: the inline waivers of one carrier, judged against `check`. */
export function carrierWaivers(carrier: WaiverCarrier, check: WaiverCheck, catalog: RuleCatalog): CarrierWaivers {
  const invalid = (pointer: string, message: string, subject = ""): Finding =>
    findingFromMetadata(catalog, INVALID_WAIVER_RULE, carrier.locate(pointer), carrier.resource, message, subject);
  const findings = (carrier.misplaced ?? []).map((problem) => invalid(problem.pointer, problem.message));
  const read = readInlineWaivers(carrier.value, check);
  if (!read) return { waivers: [], findings };
  findings.push(...read.problems.map((problem) => invalid(problem.pointer, problem.message, problem.subject)));
  if (read.valid.length === 0) return { waivers: [], findings };
  const source = inlineSource(carrier.locate(read.pointer));
  return { waivers: read.valid.map((waiver) => ({ ...waiver, source })), findings };
}

/** Part 1, applying: marks the findings of one evaluated document that one of its carriers' waivers covers (the first match wins). */
export function waiveInline(findings: readonly Finding[], waivers: readonly Waiver[]): void {
  if (waivers.length === 0) return;
  for (const finding of findings) {
    const waiver = waivers.find((candidate) => inlineWaiverCovers(candidate, finding));
    if (waiver) markWaived(finding, waiver);
  }
}

/**
 * Part 1 for a document that holds central waivers of its own (a plan's stack config
 * `modelgate:waivers`): the valid ones, judged against the stack's own maximum, and the
 * invalid-waiver findings of the config and of the entries that waive nothing.
 */
export function documentCentralWaivers(stack: StackWaivers, today: string, catalog: RuleCatalog): CarrierWaivers {
  const central = centralWaivers(stack.settings, waiverCheck(catalog, today, stack.settings.waivers.maxDays), catalog);
  return { waivers: central.valid, findings: [...stack.findings, ...central.findings] };
}

/** Marks the findings central waivers cover (by rule, and resource and subject when they name them) that nothing waived yet. */
export function waiveCentrally(findings: Finding[], waivers: readonly Waiver[]): void {
  // a document's own central waivers come from stack config, which refuses path globs
  applyCentralWaivers(findings, waivers, "", "");
}

/** What part 2 needs: the central waivers and enforcement of modelgate.yaml (or the pack's equivalent). */
export interface RunSettings {
  project: Pick<ProjectSettings, "configFile" | "baseDir" | "rules" | "waivers">;
  today: string;
  /** The directory finding files are relative to (central `path` globs are matched from it). */
  cwd: string;
  baseline?: LoadedBaseline | null;
  /** Whether to add the central waivers' own invalid-waiver findings (default true); the pack adds them once per stack, not per resource. */
  centralProblems?: boolean;
}

export interface Settled {
  /** Every finding to report, sorted; rules set to `off` are gone. */
  findings: Finding[];
  /** With a baseline: what it accepts and which of its entries are fixed. */
  baseline: BaselineReport | null;
}

function enforce(findings: readonly Finding[], rules: Record<string, Enforcement>): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const level = enforcementOf({ rules }, finding.ruleId);
    if (level === "off") continue;
    if (level === "warn") finding.enforcement = "warn";
    kept.push(finding);
  }
  return kept;
}

/** Part 2: central waivers (and their invalid-waiver findings), enforcement, order, baseline. */
export function settleFindings(findings: readonly Finding[], settings: RunSettings, catalog: RuleCatalog): Settled {
  const { project } = settings;
  const central = centralWaivers(project, waiverCheck(catalog, settings.today, project.waivers.maxDays), catalog);
  const all = settings.centralProblems === false ? [...findings] : [...findings, ...central.findings];
  applyCentralWaivers(all, central.valid, settings.cwd, project.baseDir);
  const kept = enforce(all, project.rules);
  kept.sort(compareFindings);
  return { findings: kept, baseline: settings.baseline ? compareWithBaseline(kept, settings.baseline) : null };
}
