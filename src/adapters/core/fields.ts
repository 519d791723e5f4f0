/**
 * Small readers for gateway option objects written in JSON or YAML, in snake_case or camelCase:
 * a wrong type becomes a problem at the value's pointer, never a silently dropped restriction.
 */

import { encodePointer } from "../../parse/document";
import { isRecord } from "./objects";

export type Report = (message: string, pointer: string) => void;

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a map";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `the ${typeof value} ${String(value)}`;
  return `a ${typeof value}`;
}

export function child(pointer: string, key: string | number): string {
  return `${pointer}${encodePointer([key])}`;
}

/** snake_case and camelCase spellings of one field name ("allow_fallbacks" → also "allowFallbacks"). */
export function spellings(snake: string): string[] {
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return camel === snake ? [snake] : [snake, camel];
}

/** The first spelling of a field that is present and not null. */
export function field(holder: Record<string, unknown>, snake: string): { key: string; value: unknown } | null {
  for (const key of spellings(snake)) {
    if (holder[key] !== undefined && holder[key] !== null) return { key, value: holder[key] };
  }
  return null;
}

/** A list of strings; a single string is accepted as a one-element list. */
export function stringList(value: unknown, pointer: string, label: string, report: Report): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return [...value];
  report(`${label} must be a list of names, got ${describeValue(value)}`, pointer);
  return null;
}

export function booleanValue(value: unknown, pointer: string, label: string, report: Report): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === "true";
  report(`${label} must be true or false, got ${describeValue(value)}`, pointer);
  return null;
}

/** A finite non-negative number (or numeric string); anything else is a problem. */
export function numberField(value: unknown, pointer: string, label: string, report: Report): number | null {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  report(`${label} must be a non-negative number, got ${describeValue(value)}`, pointer);
  return null;
}
