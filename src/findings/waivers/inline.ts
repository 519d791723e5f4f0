import { parse as parseYaml } from "yaml";
import { isRecord } from "../../adapters/core/objects";
import { encodePointer } from "../../parse/document";
import { INLINE_WAIVER_KEYS, waiverProblems, type Waiver, type WaiverCheck, type WaiverField } from "./waiver";

/** The annotation holding a resource's waivers: a YAML or JSON list of {rule, reason, expires, subject?, owner?}. */
export const WAIVER_ANNOTATION = "modelgate.dev/waivers";

/** Keys that look like waivers but are not read: reported, so a waiver is never silently ignored. */
const MISNAMED = ["modelgate.dev/waiver", "modelgate.dev/ignore", "modelgate.dev/skip", "modelgate.dev/suppress"];

/** A waiver entry as written in the annotation, without its position. */
export type InlineWaiver = Omit<Waiver, "source">;

export interface InlineProblem {
  /** Pointer of the annotation (or label) in the document. */
  pointer: string;
  /** "waivers[2]" for one entry, "" for the annotation as a whole. */
  subject: string;
  message: string;
}

export interface InlineWaivers {
  /** Pointer of the annotation, to locate it. */
  pointer: string;
  valid: InlineWaiver[];
  problems: InlineProblem[];
}

const ANNOTATION_POINTER = `/metadata/annotations${encodePointer([WAIVER_ANNOTATION])}`;

function entryProblems(entry: unknown, check: WaiverCheck): string[] {
  if (!isRecord(entry)) return ["a waiver must be a map with rule, reason and expires"];
  const unknown = Object.keys(entry).filter((key) => !INLINE_WAIVER_KEYS.includes(key as WaiverField));
  const problems = unknown.map((key) => `unknown waiver key "${key}" (allowed: ${INLINE_WAIVER_KEYS.join(", ")})`);
  problems.push(...waiverProblems(entry, check).map((problem) => problem.message));
  for (const key of ["subject", "owner"] as const) {
    if (key in entry && (typeof entry[key] !== "string" || entry[key].trim() === "")) problems.push(`waiver ${key} must be a non-empty string`);
  }
  return problems;
}

/**
 * The waivers in a Kubernetes-style object's `metadata.annotations` (any kind: a workload, a
 * LiteLLM ConfigMap, a WorkloadClassification document), checked against `check`. Returns null
 * when the object has no waiver annotation and no misnamed one. Invalid entries waive nothing.
 */
export function readInlineWaivers(value: unknown, check: WaiverCheck): InlineWaivers | null {
  if (!isRecord(value) || !isRecord(value.metadata)) return null;
  const annotations = isRecord(value.metadata.annotations) ? value.metadata.annotations : {};
  const labels = isRecord(value.metadata.labels) ? value.metadata.labels : {};
  const result: InlineWaivers = { pointer: ANNOTATION_POINTER, valid: [], problems: [] };
  for (const key of MISNAMED) {
    if (key in annotations) {
      result.problems.push({
        pointer: `/metadata/annotations${encodePointer([key])}`,
        subject: "",
        message: `${key} is not read; waivers go in the ${WAIVER_ANNOTATION} annotation`,
      });
    }
  }
  if (WAIVER_ANNOTATION in labels) {
    result.problems.push({
      pointer: `/metadata/labels${encodePointer([WAIVER_ANNOTATION])}`,
      subject: "",
      message: `${WAIVER_ANNOTATION} must be an annotation, not a label`,
    });
  }
  if (!(WAIVER_ANNOTATION in annotations)) return result.problems.length > 0 ? result : null;
  const raw = annotations[WAIVER_ANNOTATION];
  if (typeof raw !== "string") {
    result.problems.push({ pointer: ANNOTATION_POINTER, subject: "", message: `${WAIVER_ANNOTATION} must be a string holding a YAML or JSON list of waivers` });
    return result;
  }
  let entries: unknown;
  try {
    entries = parseYaml(raw, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    result.problems.push({ pointer: ANNOTATION_POINTER, subject: "", message: `${WAIVER_ANNOTATION} is not valid YAML: ${reason}` });
    return result;
  }
  if (!Array.isArray(entries)) {
    result.problems.push({ pointer: ANNOTATION_POINTER, subject: "", message: `${WAIVER_ANNOTATION} must hold a list of waivers ([{rule, reason, expires}])` });
    return result;
  }
  entries.forEach((entry, i) => {
    const problems = entryProblems(entry, check);
    const subject = `waivers[${i}]`;
    for (const message of problems) result.problems.push({ pointer: ANNOTATION_POINTER, subject, message: `${WAIVER_ANNOTATION}[${i}]: ${message}` });
    if (problems.length > 0) return;
    const fields = entry as Record<string, string>;
    const waiver: InlineWaiver = { rule: fields.rule.trim(), reason: fields.reason.trim(), expires: fields.expires };
    if (fields.subject !== undefined) waiver.subject = fields.subject.trim();
    if (fields.owner !== undefined) waiver.owner = fields.owner.trim();
    result.valid.push(waiver);
  });
  return result;
}
