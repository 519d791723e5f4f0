/** LiteLLM-style durations are reported as the window they name; converting it is policies/lib/budget.rego's job. */

import { durationWindow } from "../../src/adapters/core/route";

test.each([
  ["30s", { unit: "seconds", count: 30 }],
  ["30m", { unit: "seconds", count: 1800 }],
  ["24h", { unit: "seconds", count: 86400 }],
  ["30d", { unit: "days", count: 30 }],
  ["1w", { unit: "days", count: 7 }],
  ["1mo", { unit: "months", count: 1 }],
  [" 2MO ", { unit: "months", count: 2 }],
  [3600, { unit: "seconds", count: 3600 }],
  ["0d", null],
  ["monthly", null],
  [-5, null],
  [null, null],
])("%p → %p", (raw, window) => {
  expect(durationWindow(raw)).toEqual(window);
});
