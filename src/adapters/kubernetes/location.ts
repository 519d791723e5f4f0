import type { Problem, SourceLocation } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { sourceAt } from "../core/types";

/**
 * A place in a parsed document. Positions are only computed (an AST walk) when a route, server or
 * problem is actually emitted, so the many values that turn out to be irrelevant cost nothing.
 */
export interface Loc {
  readonly doc: ParsedDocument;
  readonly pointer: string;
}

export function toSource(loc: Loc): SourceLocation {
  return sourceAt(loc.doc, loc.pointer);
}

/** One RFC 6901 segment; most keys need no escaping, so the common case allocates nothing. */
export function seg(key: string | number): string {
  const text = String(key);
  if (text.indexOf("~") === -1 && text.indexOf("/") === -1) return text;
  return text.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Collects problems of one workload; each carries the exact position of the offending value. */
export class ProblemSink {
  readonly problems: Problem[] = [];

  add(loc: Loc, message: string): void {
    this.problems.push({ message, source: toSource(loc) });
  }
}
