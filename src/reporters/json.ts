import type { Reporter } from "./types";

/** The stable machine contract of DESIGN.md: one object, findings in file/line order. */
export const jsonReporter: Reporter = (report) => JSON.stringify(report, null, 2) + "\n";
