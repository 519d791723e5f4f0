/** Calendar dates as `YYYY-MM-DD` strings, compared and shifted in UTC so a run's verdict does not depend on the machine's zone. */

import { ModelgateError } from "../../errors";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds at UTC midnight of a valid `YYYY-MM-DD`, else null (2026-02-30 is not a date). */
export function parseDate(value: string): number | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const ms = parseDate(date);
  if (ms === null) throw new Error(`not a date: ${date}`);
  return formatDate(ms + days * DAY_MS);
}

/** Today's UTC date. */
export function utcToday(now: Date = new Date()): string {
  return formatDate(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function isDate(value: string): boolean {
  return parseDate(value) !== null;
}

/**
 * "Today" for waiver expiry: `--today`, else MODELGATE_TODAY, else the UTC date. Tests and
 * reproducible CI reruns pin it; a malformed value is a usage error, never silently replaced.
 */
export function resolveToday(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = option ?? env.MODELGATE_TODAY;
  if (given === undefined || given === "") return utcToday();
  if (!isDate(given)) throw new TodayError(`${option !== undefined ? "--today" : "MODELGATE_TODAY"} must be a date as YYYY-MM-DD, got "${given}"`);
  return given;
}

export class TodayError extends ModelgateError {
  constructor(message: string) {
    super("usage", message);
  }
}
