import { githubReporter } from "./github";
import { jsonReporter } from "./json";
import { junitReporter } from "./junit";
import { sarifReporter } from "./sarif";
import { textReporter } from "./text";
import type { Reporter } from "./types";

/** Output formats by name; the CLI's allowed --format values are exactly these keys. */
export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  github: githubReporter,
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;

export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(REPORTERS, name);
}
