import { addDays, parseDate, resolveToday, utcToday } from "../../src/findings/waivers/dates";
import { waiverProblems } from "../../src/findings/waivers/waiver";

describe("waiver dates", () => {
  it.each([
    ["2026-02-28", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["20260101", false],
    ["2026-01-01T00:00:00Z", false],
  ])("%s is a date: %s", (value, valid) => {
    expect(parseDate(value) !== null).toBe(valid);
  });

  it.each([
    ["2026-06-01", 90, "2026-08-30"],
    ["2026-12-15", 30, "2027-01-14"],
    ["2028-02-01", 28, "2028-02-29"],
  ])("%s + %i days is %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it("takes today in UTC", () => {
    expect(utcToday(new Date("2026-06-01T23:59:59-05:00"))).toBe("2026-06-02");
  });

  it("prefers --today over MODELGATE_TODAY", () => {
    expect(resolveToday("2026-01-02", { MODELGATE_TODAY: "2026-03-04" })).toBe("2026-01-02");
    expect(resolveToday(undefined, { MODELGATE_TODAY: "2026-03-04" })).toBe("2026-03-04");
    expect(resolveToday(undefined, {})).toBe(utcToday());
  });

  const check = { today: "2026-06-01", maxDays: 90, ruleIds: new Set(["require-token-cap"]) };
  it.each([
    ["expires today", "2026-06-01", []],
    ["expired yesterday", "2026-05-31", ["waiver for require-token-cap expired on 2026-05-31"]],
    ["expires at maxDays", "2026-08-30", []],
    ["expires a day past maxDays", "2026-08-31", ["waiver for require-token-cap expires 2026-08-31, more than 90 days ahead (latest allowed: 2026-08-30)"]],
  ])("a waiver that %s", (_name, expires, problems) => {
    expect(waiverProblems({ rule: "require-token-cap", reason: "r", expires }, check).map((p) => p.message)).toEqual(problems);
  });
});
